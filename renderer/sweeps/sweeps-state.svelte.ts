// Runs in: renderer. Sweeps: the list, the chosen sweep's detail, start / stop / resume, and live refresh from
// `sweep-updated` and run-finished events.
import { createContext } from 'svelte';
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { QueueInfo, SweepDetail, SweepSpec, SweepSummary } from '../../shared/model/experiments';
import { errorText } from '../ui/error-text';

export class SweepsState {
  readonly #api: SeqlabApi;
  list = $state.raw<SweepSummary[]>([]);
  listError = $state<string | null>(null);
  chosenId = $state<number | null>(null);
  detail = $state.raw<SweepDetail | null>(null);
  detailError = $state<string | null>(null);
  /** Error from start / stop / resume, shown where the button was. */
  actionError = $state<string | null>(null);
  busy = $state<'start' | 'stop' | 'resume' | null>(null);
  formOpen = $state(false);
  /** Whether main is connected to a queue of workers; null until asked (or when asking failed). */
  queue = $state.raw<QueueInfo | null>(null);
  #listTicket = 0;
  #detailTicket = 0;

  constructor(api: SeqlabApi) {
    this.#api = api;
  }

  #queueAsked = false;

  /** Asked once: the queue is chosen when main starts (--queue). A failed question is asked again next load. */
  async loadQueue(): Promise<void> {
    this.#queueAsked = true;
    try {
      this.queue = await this.#api.getQueueInfo();
    } catch {
      this.#queueAsked = false;
    }
  }

  async load(): Promise<void> {
    if (!this.#queueAsked) void this.loadQueue();
    const ticket = ++this.#listTicket;
    try {
      const list = await this.#api.listSweeps();
      if (ticket !== this.#listTicket) return;
      // Newest first, whatever order main answers in.
      this.list = [...list].sort((a, b) => b.id - a.id);
      this.listError = null;
      // Nothing chosen yet: show the newest sweep, so a sweep running when the window opens is watched at once.
      if (this.chosenId === null && this.list.length > 0) void this.choose(this.list[0].id);
    } catch (error) {
      if (ticket === this.#listTicket) this.listError = errorText(error);
    }
  }

  async choose(sweepId: number): Promise<void> {
    if (this.chosenId !== sweepId) this.detail = null;
    this.chosenId = sweepId;
    this.actionError = null;
    await this.#loadDetail();
  }

  async #loadDetail(): Promise<void> {
    const sweepId = this.chosenId;
    if (sweepId === null) return;
    const ticket = ++this.#detailTicket;
    try {
      const detail = await this.#api.getSweep(sweepId);
      if (ticket !== this.#detailTicket) return;
      this.detail = detail;
      this.detailError = null;
    } catch (error) {
      if (ticket === this.#detailTicket) this.detailError = errorText(error);
    }
  }

  /** Starts the sweep and shows it; true when main accepted it. */
  async start(spec: SweepSpec): Promise<boolean> {
    return this.#act('start', async () => {
      const { sweepId } = await this.#api.startSweep(spec);
      this.formOpen = false;
      await Promise.all([this.load(), this.choose(sweepId)]);
    });
  }

  stop(): Promise<boolean> {
    const sweepId = this.chosenId;
    return sweepId === null ? Promise.resolve(false) : this.#act('stop', () => this.#api.stopSweep(sweepId).then(() => this.#refresh()));
  }

  resume(): Promise<boolean> {
    const sweepId = this.chosenId;
    return sweepId === null ? Promise.resolve(false) : this.#act('resume', () => this.#api.resumeSweep(sweepId).then(() => this.#refresh()));
  }

  async #act(kind: 'start' | 'stop' | 'resume', action: () => Promise<void>): Promise<boolean> {
    this.busy = kind;
    this.actionError = null;
    try {
      await action();
      return true;
    } catch (error) {
      this.actionError = errorText(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  async #refresh(): Promise<void> {
    await Promise.all([this.load(), this.#loadDetail()]);
  }

  handle(event: SeqlabEvent): void {
    if (event.type === 'sweep-updated') {
      void this.load();
      if (event.sweepId === this.chosenId) void this.#loadDetail();
    } else if (event.type === 'run-finished' || event.type === 'run-started') {
      // Only worth a reload when a sweep could own the run: one is running, or the shown sweep lists it.
      const ownsRun = this.detail?.runs.some((run) => run.id === event.runId) ?? false;
      const sweepActive = this.list.some((sweep) => sweep.status === 'running');
      if (sweepActive || ownsRun) void this.#refresh();
    }
  }
}

export const [getSweepsState, setSweepsState] = createContext<SweepsState>();
