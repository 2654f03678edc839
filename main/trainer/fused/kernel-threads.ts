// Runs in: trainer process (plain Node). The kernel threads one run uses beside its own: worker_threads running
// kernel-worker.js on the process's shared kernel memory. The main thread hands each a pass (net-pass.ts) and waits
// with Atomics, so a training step costs two futex hand-offs per thread, not a trip through the event loop.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ThreadsChoice } from '../../../shared/model/config';
import { AUTO_MIN_WORK, autoThreadLimit } from '../../core/batch-work';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DONE, ID, OP, Op, READY, SEQ, STATUS, controlBytes, lossIndex, slotOf, type ThreadMessage } from './kernel-thread-protocol';

const MAX_THREADS = 16;
// 'auto' stops here: beyond it a course model's batch of 64 splits into shares too small to pay for the hand-offs.
const AUTO_MAX = 8;

/**
 * The thread count a run asked for: 'auto' is the cores it was given (default the machine's), up to AUTO_MAX, and no
 * more than give each thread AUTO_MIN_WORK (core/batch-work.ts) of a batch's `batchWork` multiply-adds; a count is taken as given.
 */
export function threadCount(choice: ThreadsChoice, cores = availableParallelism(), batchWork = Infinity): number {
  if (choice === 'auto') return Math.max(1, Math.min(Math.floor(cores), AUTO_MAX, autoThreadLimit(batchWork)));
  return Math.max(1, Math.min(Math.floor(choice), MAX_THREADS));
}

/**
 * A run's threads from its setting, the cores it was given and its batch work, with the note for the run's findings
 * when 'auto' used fewer threads than those cores (null otherwise).
 */
export function resolveThreads(choice: ThreadsChoice, cores: number | undefined, batchWork: number): { threads: number; note: string | null } {
  const threads = threadCount(choice, cores, batchWork);
  const byCores = threadCount(choice, cores);
  if (choice !== 'auto' || threads >= byCores) return { threads, note: null };
  const millions = Number((batchWork / 1e6).toPrecision(2));
  const note =
    `Threads: Auto used ${threads === 1 ? 'one thread' : `${threads} threads`} of the ${byCores} cores it was given: a training batch of this ` +
    `model is about ${millions} million multiply-adds, too little to share (each thread needs about ${AUTO_MIN_WORK / 1e6} million to gain).`;
  return { threads, note };
}
// A thread that has not answered by then is taken for dead (its 'exit' event cannot arrive while we wait).
const ANSWER_DEADLINE_MS = 300_000;
// A thread that cannot start (its script missing or refused) is given up on after this; the run then uses one thread.
const READY_DEADLINE_MS = 10_000;

/**
 * Where the thread's script is: SEQLAB_KERNEL_WORKER (tests running from source build it), else kernel-worker.js
 * beside this bundle or its chunk folder.
 */
function workerEntry(): string | null {
  const override = process.env.SEQLAB_KERNEL_WORKER;
  if (override) return existsSync(override) ? override : null;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, dirname(here)]) {
    const candidate = join(dir, 'kernel-worker.js');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  seq: number;
}

export class KernelThreads {
  private readonly threads: Thread[] = [];
  private readonly ints: Int32Array;
  private readonly losses: Float64Array;
  private readonly control = new SharedArrayBuffer(controlBytes(MAX_THREADS));

  constructor(
    private readonly entry: string,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.ints = new Int32Array(this.control);
    this.losses = new Float64Array(this.control);
  }

  get size(): number {
    return this.threads.length;
  }

  /** Starts threads until there are `count`; false when one would not start. */
  ensure(count: number): boolean {
    while (this.threads.length < Math.min(count, MAX_THREADS)) {
      const index = this.threads.length;
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(this.entry, {
        workerData: { module: this.module, memory: this.memory, control: this.control, index, port: port2 },
        transferList: [port2],
      });
      // Idle threads block in Atomics.wait; they must not keep the process alive.
      worker.unref();
      port1.unref();
      this.threads.push({ worker, port: port1, seq: 0 });
      if (!this.waitFor(slotOf(index) + READY, 1, READY_DEADLINE_MS)) {
        void worker.terminate();
        this.threads.pop();
        return false;
      }
    }
    return this.threads.length >= count;
  }

  /** A pass layout for thread `index` (before any command that uses it). */
  post(index: number, message: ThreadMessage): void {
    this.threads[index].port.postMessage(message);
  }

  /** Starts pass `id` on thread `index` (Op.Train or Op.Forward). */
  start(index: number, op: (typeof Op)['Train' | 'Forward'], id: number): void {
    const thread = this.threads[index];
    const base = slotOf(index);
    this.ints[base + OP] = op;
    this.ints[base + ID] = id;
    thread.seq += 1;
    Atomics.store(this.ints, base + SEQ, thread.seq);
    Atomics.notify(this.ints, base + SEQ);
  }

  /** Waits for thread `index`'s pass; returns its sum of squared errors (training) or 0. */
  wait(index: number): number {
    const thread = this.threads[index];
    const base = slotOf(index);
    if (!this.waitFor(base + DONE, thread.seq, ANSWER_DEADLINE_MS)) throw new Error(`Kernel thread ${index} stopped answering`);
    if (this.ints[base + STATUS] !== 0) {
      const reply = receiveMessageOnPort(thread.port)?.message as { message?: string } | undefined;
      throw new Error(`Kernel thread ${index} failed: ${reply?.message ?? 'no message'}`);
    }
    return this.losses[lossIndex(index)];
  }

  private waitFor(at: number, value: number, deadlineMs: number): boolean {
    const until = performance.now() + deadlineMs;
    for (;;) {
      const current = Atomics.load(this.ints, at);
      if (current === value) return true;
      const left = until - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.ints, at, current, Math.min(left, 1000));
    }
  }
}

let pool: KernelThreads | null | undefined;

/**
 * The process's kernel threads, at least `count` of them, on `memory`; null where threads cannot run (no built
 * kernel-worker.js, or a thread would not start): the caller then computes on its own thread.
 */
export function kernelThreads(count: number, module: WebAssembly.Module, memory: WebAssembly.Memory): KernelThreads | null {
  if (pool === undefined) {
    const entry = workerEntry();
    pool = entry ? new KernelThreads(entry, module, memory) : null;
  }
  if (pool && !pool.ensure(count)) return null;
  return pool;
}
