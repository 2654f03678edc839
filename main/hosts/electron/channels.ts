// Runs in: Electron main and preload. The IPC channel names; no imports, so the preload bundle stays small.
export const channelFor = (method: string) => `seqlab:${method}`;
export const EVENT_CHANNEL = 'seqlab:event';
