// Runs in: renderer. Which runs-table columns are shown, remembered across sessions in localStorage.
import type { RunSortColumn } from '../../shared/model/run-log';
import { RUN_COLUMNS, type RunColumn } from './run-columns';

export const COLUMNS_STORAGE_KEY = 'seqlab.runs.columns';

/** Minimal Storage, so tests and browsers without storage (private mode throws) are handled alike. */
export type ColumnStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type Visibility = Partial<Record<RunSortColumn, boolean>>;

/**
 * Reads the saved choice. Only the columns the user had a choice about are stored, so a column added in a later
 * version appears with its default, and unknown or damaged entries fall back to the defaults.
 */
export function loadVisibility(storage: ColumnStorage | null): RunSortColumn[] {
  const saved: Visibility = {};
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(COLUMNS_STORAGE_KEY) ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(saved, parsed);
  } catch {
    // A damaged entry is as good as none.
  }
  const shown = RUN_COLUMNS.filter((c) => (typeof saved[c.sort] === 'boolean' ? saved[c.sort] : c.shownByDefault)).map((c) => c.sort);
  return shown.length > 0 ? shown : defaultVisibility();
}

export function defaultVisibility(): RunSortColumn[] {
  return RUN_COLUMNS.filter((c) => c.shownByDefault).map((c) => c.sort);
}

export class ColumnChoice {
  readonly #storage: ColumnStorage | null;
  /** Shown column ids in table order; replaced on every change so readers re-run. */
  shown = $state.raw<readonly RunSortColumn[]>([]);
  readonly columns: RunColumn[] = $derived(RUN_COLUMNS.filter((column) => this.shown.includes(column.sort)));

  constructor(storage: ColumnStorage | null = browserStorage()) {
    this.#storage = storage;
    this.shown = loadVisibility(storage);
  }

  isShown(column: RunSortColumn): boolean {
    return this.shown.includes(column);
  }

  /** The last shown column cannot be hidden: a table of nothing but checkboxes helps no one. */
  canHide(column: RunSortColumn): boolean {
    return !this.shown.includes(column) || this.shown.length > 1;
  }

  set(column: RunSortColumn, on: boolean): void {
    if (!on && !this.canHide(column)) return;
    this.#apply(RUN_COLUMNS.map((c) => c.sort).filter((id) => (id === column ? on : this.shown.includes(id))));
  }

  reset(): void {
    this.#apply(defaultVisibility());
  }

  #apply(next: RunSortColumn[]): void {
    this.shown = next;
    const saved: Visibility = {};
    for (const column of RUN_COLUMNS) {
      const on = next.includes(column.sort);
      if (on !== column.shownByDefault) saved[column.sort] = on;
    }
    try {
      if (Object.keys(saved).length === 0) this.#storage?.removeItem(COLUMNS_STORAGE_KEY);
      else this.#storage?.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(saved));
    } catch {
      // Storage full or disabled: the choice still holds for this session.
    }
  }
}

function browserStorage(): ColumnStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
