// Runs in: trainer process and its kernel threads (plain Node). How the main thread and a kernel thread talk: pass
// layouts travel as messages (read synchronously by the thread, which blocks between commands); each command is a
// few integers in the thread's slot of a shared control buffer, handed over with Atomics.
import type { MessagePort } from 'node:worker_threads';
import type { NetPlan, PassLayout } from './net-pass';

export interface KernelThreadData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
  /** Layouts arrive here; errors go back on it. */
  port: MessagePort;
}

/** A thread's passes for one batch size (run one after another), posted once; then only their id travels. */
export type ThreadMessage = { type: 'pass'; id: number; plan: NetPlan; passes: PassLayout[] } | { type: 'forget'; id: number };

export const Op = { Train: 1, Forward: 2, Exit: 3 } as const;

// A slot is 8 int32s per thread: the command's sequence number, the last one done, the operation, the pass id,
// its status (0 ok), whether the thread is ready (1), and a float64 (ints 6-7) for a training pass's sum of squared errors.
export const SEQ = 0;
export const DONE = 1;
export const OP = 2;
export const ID = 3;
export const STATUS = 4;
export const READY = 5;
const LOSS = 6;
const SLOT_INTS = 8;

/** The first int32 of thread `index`'s slot. */
export function slotOf(index: number): number {
  return index * SLOT_INTS;
}

/** The float64 index of a slot's loss. */
export function lossIndex(index: number): number {
  return (slotOf(index) + LOSS) / 2;
}

export function controlBytes(threads: number): number {
  return threads * SLOT_INTS * 4;
}
