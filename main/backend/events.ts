// Runs in: main process (plain Node). The backend's one event stream: features emit, hosts (IPC, WebSocket, CLI) listen.
import type { SeqlabEvent } from '../../shared/api/seqlab-api';

export type EventListener = (event: SeqlabEvent) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Returns an unsubscribe function. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SeqlabEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
