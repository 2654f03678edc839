// Runs in: a kernel thread of the trainer process (worker_threads; built as dist/main/kernel-worker.js). Instantiates
// the fused kernels on the trainer's shared memory and runs the passes the main thread asks for (net-pass.ts): it
// waits on its control slot, runs one pass, reports, and waits again. No TensorFlow.js here.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { instantiateKernels } from './kernel-memory';
import { runPasses, type NetPlan, type PassLayout } from './net-pass';
import { DONE, ID, OP, Op, READY, SEQ, STATUS, lossIndex, slotOf, type KernelThreadData, type ThreadMessage } from './kernel-thread-protocol';

const { module, memory, control, index, port } = workerData as KernelThreadData;
const k = instantiateKernels(module, memory);
const ints = new Int32Array(control);
const losses = new Float64Array(control);
const base = slotOf(index);
Atomics.store(ints, base + READY, 1);
Atomics.notify(ints, base + READY);
const passes = new Map<number, { plan: NetPlan; passes: PassLayout[] }>();

function drain(): void {
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const m = message.message as ThreadMessage;
    if (m.type === 'pass') passes.set(m.id, { plan: m.plan, passes: m.passes });
    else passes.delete(m.id);
  }
}

/** The pass `id`, waiting briefly for its message if the command overtook it. */
function passFor(id: number): { plan: NetPlan; passes: PassLayout[] } {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let tries = 0; tries < 2000; tries++) {
    drain();
    const entry = passes.get(id);
    if (entry) return entry;
    Atomics.wait(nap, 0, 0, 1);
  }
  throw new Error(`Kernel thread ${index} never received pass ${id}`);
}

let seq = 0;
for (;;) {
  Atomics.wait(ints, base + SEQ, seq);
  seq = Atomics.load(ints, base + SEQ);
  const op = ints[base + OP];
  if (op === Op.Exit) break;
  try {
    const { plan, passes: group } = passFor(ints[base + ID]);
    losses[lossIndex(index)] = runPasses(k, plan, group, op === Op.Train);
    ints[base + STATUS] = 0;
  } catch (error) {
    ints[base + STATUS] = 1;
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  Atomics.store(ints, base + DONE, seq);
  Atomics.notify(ints, base + DONE);
}
