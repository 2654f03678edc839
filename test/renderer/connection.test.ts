// Runs in: vitest (jsdom). What the window shows when the browser-mode connection drops and comes back.
import '@testing-library/svelte/vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import type { ConnectionAware, ConnectionStatus } from '../../renderer/api/connection';
import { LOST_CONNECTION_MESSAGE } from '../../renderer/api/ws-client';
import { createFakeApi } from '../support/fake-api';

describe('connection banner', () => {
  it('shows the lost-connection message in an alert and reloads the data once reconnected', async () => {
    const fake = createFakeApi();
    const listeners = new Set<(status: ConnectionStatus) => void>();
    const api: typeof fake.api & ConnectionAware = {
      ...fake.api,
      onConnectionChange(listener) {
        listeners.add(listener);
        listener({ state: 'open', message: null });
        return () => listeners.delete(listener);
      },
    };
    const announce = (status: ConnectionStatus) => listeners.forEach((listener) => listener(status));
    render(App, { props: { api } });
    await waitFor(() => expect(fake.api.queryRuns).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).toBeNull();

    announce({ state: 'lost', message: LOST_CONNECTION_MESSAGE });
    expect((await screen.findByRole('alert')).textContent).toBe(LOST_CONNECTION_MESSAGE);

    announce({ state: 'open', message: null });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await waitFor(() => expect(fake.api.queryRuns).toHaveBeenCalledTimes(2));
    expect(fake.api.getBackendInfo).toHaveBeenCalledTimes(2);
  });

  it('unsubscribes from events when the window unmounts', async () => {
    const fake = createFakeApi();
    const { unmount } = render(App, { props: { api: fake.api } });
    await waitFor(() => expect(fake.listenerCount()).toBe(1));
    unmount();
    expect(fake.listenerCount()).toBe(0);
  });
});
