// Runs in: renderer. Light or dark: the system's choice unless the user picks one (kept in localStorage). The choice
// goes on <html data-theme>, which sets the CSS colour scheme (app.css); charts read `resolved` to redraw in it.

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

const STORAGE_KEY = 'seqlab.theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function storedChoice(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
  } catch {
    // Storage can be refused (privacy settings); the system's choice still works.
    return 'system';
  }
}

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

class Theme {
  choice = $state<ThemeChoice>(storedChoice());
  #systemDark = $state(systemPrefersDark());
  readonly resolved: ResolvedTheme = $derived(this.choice === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.choice);

  /** Follows the system's setting while the choice is 'system'; returns the cleanup. */
  start(): () => void {
    this.#apply();
    const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return () => {};
    const onChange = () => {
      this.#systemDark = query.matches;
      this.#apply();
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }

  choose(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, choice);
    } catch {
      // Not kept across restarts, still applied now.
    }
    this.#apply();
  }

  #apply(): void {
    if (typeof document !== 'undefined') document.documentElement.dataset.theme = this.resolved;
  }
}

/** One per window: the page has one colour scheme. */
export const theme = new Theme();
