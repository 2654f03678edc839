// Runs in: trainer process (plain Node). Pause and resume: training waits on a promise between batches, so a
// paused run uses no CPU, and the stop message still gets through (it opens the gate).

export class PauseGate {
  private waiting: Promise<void> | null = null;
  private open: () => void = () => {};

  get paused(): boolean {
    return this.waiting !== null;
  }

  pause(): void {
    if (this.waiting) return;
    this.waiting = new Promise<void>((resolve) => (this.open = resolve));
  }

  /** Also called on stop, so a paused run can end. */
  resume(): void {
    if (!this.waiting) return;
    this.waiting = null;
    this.open();
  }

  /** Resolves at once when not paused, else on the next resume; returns the milliseconds spent waiting. */
  async wait(): Promise<number> {
    if (!this.waiting) return 0;
    const started = performance.now();
    while (this.waiting) await this.waiting;
    return performance.now() - started;
  }
}

/** One trainer process runs one job, so the process has one gate: the entry drives it, the job's hooks wait on it. */
export const processPauseGate = new PauseGate();
