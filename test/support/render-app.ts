// Runs in: vitest (jsdom). Renders the whole app on a fake API, the way main.ts mounts it on the real one.
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../../renderer/App.svelte';
import { createFakeApi, type FakeApi } from './fake-api';
import type { RunDetail } from '../../shared/model/run';

export function renderApp(runs: RunDetail[] = []): FakeApi & { unmount: () => void } {
  const fake = createFakeApi(runs);
  const { unmount } = render(App, { props: { api: fake.api } });
  return { ...fake, unmount };
}

/** Loads the bundled Szeged sample through the UI and waits for the setup form. */
export async function importSzegedSample(): Promise<void> {
  await fireEvent.click(await screen.findByRole('button', { name: 'Load szeged-weather' }));
  await screen.findByRole('combobox', { name: 'Target column' });
}
