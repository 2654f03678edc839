// Runs in: main process (plain Node). Shares the machine's cores among the trainers running at once, so runs whose
// threads are 'auto' do not each take every core: with two runs on two cores, 'auto' on each would be four busy
// threads on two cores, every hand-off between a run's threads then waiting for a core.
// A run's share is decided when it starts and kept to its end (its kernel threads are created once): a run starting
// alone takes every core; one starting beside others gets the cores they leave free, at least one. A run with an
// explicit thread count uses that many, and they count against the others' shares. An 'auto' run too small to gain
// from sharing its batches takes only the cores it will use.
import { availableParallelism } from 'node:os';
import type { ManagerToTrainer } from '../../core/trainer-protocol';
import { autoThreadLimit, configBatchWork } from '../../core/batch-work';

type StartMessage = Extract<ManagerToTrainer, { type: 'start' }>;

export class CoreShares {
  private readonly held = new Set<{ cores: number }>();

  constructor(readonly cores = availableParallelism()) {}

  /** Cores in use by the runs holding shares. */
  inUse(): number {
    let sum = 0;
    for (const share of this.held) sum += share.cores;
    return sum;
  }

  /**
   * Takes the share of a run about to start: for 'auto' threads the cores left free (at least one), else the
   * threads it asked for (one for runs logged before the setting). Returns the cores to give the trainer (undefined
   * when it does not choose its own thread count) and the release to call when its process has ended.
   *
   * An 'auto' run is given the free cores but holds only those its batches are big enough to use (core/batch-work.ts;
   * the trainer makes the same choice from the same estimate and says so in its notes). The estimate here counts one
   * input per column; a categorical column's one-hot makes the trainer's larger, so near the threshold a run with
   * such inputs may use a thread more than it holds.
   */
  take(message: StartMessage): { cores: number | undefined; release: () => void } {
    const threads = message.config.threads ?? 1;
    if (threads !== 'auto') {
      const share = { cores: Math.max(1, Math.min(Math.floor(threads), this.cores)) };
      this.held.add(share);
      return { cores: undefined, release: () => this.held.delete(share) };
    }
    const free = Math.max(1, this.cores - this.inUse());
    const share = { cores: Math.min(free, autoThreadLimit(configBatchWork(message.config))) };
    this.held.add(share);
    return { cores: free, release: () => this.held.delete(share) };
  }
}

/** What sharingCores needs of a trainer handle (trainer-launcher.ts' TrainerHandle has it). */
interface ShareableHandle {
  send(message: ManagerToTrainer): void;
  onExit(listener: (code: number | null) => void): void;
}

/**
 * The launcher's trainers, each told its share of `shares` in its start message (the `cores` its 'auto' threads
 * may use) and giving it back when its process ends. Processes that never get a start message (predictions,
 * inspections, probes) take no share.
 */
export function sharingCores<H extends ShareableHandle>(launch: () => H, shares: CoreShares): () => H {
  return () => {
    const handle = launch();
    const send = handle.send.bind(handle);
    let release: (() => void) | null = null;
    handle.onExit(() => release?.());
    handle.send = (message) => {
      if (message.type === 'start' && release === null && message.cores === undefined) {
        const share = shares.take(message);
        release = share.release;
        send(share.cores === undefined ? message : { ...message, cores: share.cores });
        return;
      }
      send(message);
    };
    return handle;
  };
}
