// Runs in: vitest (jsdom). Renders the whole app on a fake API, the way main.ts mounts it on the real one.
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../../renderer/App.svelte';
import { createFakeApi, type FakeApi } from './fake-api';
import type { RunDetail } from '../../shared/model/run';
import { clearSession } from '../../renderer/session/saved-session';

/** A fresh window: the session an earlier test left in localStorage is dropped unless `keepSession` (reload tests);
 * `before` adjusts the fake before the window's first calls. */
export function renderApp(
  runs: RunDetail[] = [],
  options: { keepSession?: boolean; before?: (fake: FakeApi) => void } = {},
): FakeApi & { unmount: () => void } {
  if (!options.keepSession) clearSession();
  const fake = createFakeApi(runs);
  options.before?.(fake);
  const { unmount } = render(App, { props: { api: fake.api } });
  return { ...fake, unmount };
}

/** Loads the bundled Szeged sample through the UI and waits for the setup form. */
export async function importSzegedSample(): Promise<void> {
  await fireEvent.click(await screen.findByRole('button', { name: 'Load szeged-weather' }));
  await screen.findByRole('combobox', { name: 'Target column' });
}
