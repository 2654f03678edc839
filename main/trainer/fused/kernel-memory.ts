// Runs in: trainer process and its kernel threads (plain Node). The fused kernels' memory: the exported functions'
// signatures, a first-fit arena over the module's (shared) memory, and helpers to lay out blocks in it. Nothing here
// loads the module itself (wasm-kernels.ts does), so a kernel thread can import it without the inlined binaries.

/** Pointers are byte offsets into `memory`; strides and sizes count floats. See assembly/rnn-kernels.ts. */
export interface Kernels {
  memory: WebAssembly.Memory;
  gemm(m: number, n: number, k: number, a: number, ais: number, aps: number, b: number, ldb: number, c: number, ldc: number): void;
  gemmPair(
    m: number, n: number, k1: number, a1: number, lda1: number, b1: number, ldb1: number,
    k2: number, a2: number, lda2: number, b2: number, ldb2: number, bias: number, c: number, ldc: number,
  ): void;
  transpose(rows: number, cols: number, src: number, lds: number, dst: number, ldd: number): void;
  addColumnSums(rows: number, n: number, a: number, lda: number, out: number): void;
  zero(n: number, dst: number): void;
  reorder(batch: number, steps: number, width: number, src: number, dst: number, toBatchMajor: boolean, reverse: boolean): void;
  fillRows(rows: number, n: number, bias: number, dst: number): void;
  tanhTo(n: number, g: number, h: number): void;
  tanhBackward(n: number, dh: number, h: number, dg: number): void;
  lstmForwardStep(batch: number, units: number, g: number, cPrev: number, cNext: number, hNext: number, keepGates: boolean): void;
  lstmBackwardStep(batch: number, units: number, g: number, cPrev: number, cNext: number, dhNext: number, dc: number, dg: number): void;
  gruGatesStep(batch: number, units: number, g: number, hPrev: number, rh: number): void;
  gruCandidateStep(batch: number, units: number, g: number, hPrev: number, hNext: number): void;
  gruBackwardOutputStep(batch: number, units: number, g: number, hPrev: number, dhNext: number, dg: number, dhPrev: number): void;
  gruBackwardResetStep(batch: number, units: number, g: number, hPrev: number, dRh: number, dg: number, dhPrev: number): void;
  adam(n: number, w: number, g: number, m: number, v: number, lr: number, beta1: number, beta2: number, c1: number, c2: number, eps: number): void;
  sgd(n: number, w: number, g: number, lr: number): void;
  rmsprop(n: number, w: number, g: number, ms: number, mom: number, lr: number, decay: number, momentum: number, eps: number): void;
  momentumSgd(n: number, w: number, g: number, acc: number, lr: number, m: number, nesterov: boolean): void;
  maskSteps(steps: number, batch: number, width: number, src: number, mask: number, dst: number): void;
  mulAdd(n: number, a: number, b: number, dst: number): void;
  addTo(n: number, src: number, dst: number): void;
  joinSteps(steps: number, batch: number, wa: number, a: number, revA: boolean, wc: number, c: number, revC: boolean, dst: number): void;
  splitStepsAdd(steps: number, batch: number, wa: number, a: number, revA: boolean, wc: number, c: number, revC: boolean, src: number): void;
  gatherRows(batch: number, steps: number, dim: number, ids: number, table: number, dst: number): void;
  scatterAddRows(batch: number, steps: number, dim: number, ids: number, src: number, table: number): void;
  lastRealSteps(batch: number, steps: number, ids: number, pad: number, out: number): void;
  gatherSteps(batch: number, units: number, h: number, idx: number, dst: number): void;
  scatterSteps(batch: number, units: number, src: number, idx: number, dh: number): void;
  scatterAddRowsUntil(batch: number, steps: number, dim: number, ids: number, src: number, table: number, last: number): void;
  reverseTexts(batch: number, steps: number, ids: number, last: number, pad: number, out: number): void;
  joinTexts(steps: number, batch: number, units: number, hf: number, hb: number, last: number, forBackward: boolean, dst: number): void;
  splitTextsAdd(steps: number, batch: number, units: number, dhf: number, dhb: number, last: number, forBackward: boolean, src: number): void;
  gatherFinalStates(batch: number, units: number, hf: number, hb: number, last: number, dst: number): void;
  scatterFinalStates(batch: number, units: number, src: number, last: number, dhf: number, dhb: number): void;
  markEmptyTexts(batch: number, steps: number, ids: number, pad: number, last: number): void;
  indexWords(count: number, ids: number, seen: number, words: number, slot: number): number;
  gatherStep(batch: number, steps: number, t: number, dim: number, ids: number, table: number, dst: number): void;
  heapBase(): number;
  /** Benchmarks only: n rounds of 12 register-only 4-lane multiply-adds (the core's ceiling; see assembly/peak.ts). */
  multiplyAddPeak(n: number, seed: number): number;
}

const PAGE = 65536;
// 64-byte alignment: every buffer starts on its own cache line, and v128 loads never straddle one needlessly.
const ALIGN = 64;

/** A region of the kernels' memory. */
export interface Block {
  ptr: number;
  bytes: number;
}

/** What the layers allocate through: the arena itself, or an owner's share of it (Arena.owned). */
export interface Allocator {
  readonly kernels: Kernels;
  alloc(floats: number): Block;
  release(block: Block): void;
  f32(ptr: number, floats: number): Float32Array;
}

/** The blocks one owner holds, all given back when the owner is garbage-collected. */
class OwnedBlocks implements Allocator {
  private readonly live = new Set<Block>();
  constructor(private readonly arena: Arena) {}
  get kernels(): Kernels {
    return this.arena.kernels;
  }
  alloc(floats: number): Block {
    const block = this.arena.alloc(floats);
    this.live.add(block);
    return block;
  }
  release(block: Block): void {
    if (this.live.delete(block)) this.arena.release(block);
  }
  f32(ptr: number, floats: number): Float32Array {
    return this.arena.f32(ptr, floats);
  }
  releaseAll(): void {
    for (const block of this.live) this.arena.release(block);
    this.live.clear();
  }
}

// Layers and nets have no dispose hook that tfjs calls reliably; their kernel memory goes back once they are
// unreachable (a process that trains many models, like the bench or a sweep, would otherwise keep growing).
const collected = new FinalizationRegistry<OwnedBlocks>((blocks) => blocks.releaseAll());

/** First-fit allocation over the module's memory, growing it when nothing free fits. Freed blocks coalesce. */
export class Arena implements Allocator {
  private top: number;
  private free: Block[] = [];

  constructor(readonly kernels: Kernels) {
    this.top = align(kernels.heapBase());
  }

  alloc(floats: number): Block {
    const bytes = align(Math.max(1, floats) * 4);
    const index = this.free.findIndex((block) => block.bytes >= bytes);
    if (index !== -1) {
      const block = this.free[index];
      if (block.bytes === bytes) this.free.splice(index, 1);
      else this.free[index] = { ptr: block.ptr + bytes, bytes: block.bytes - bytes };
      return { ptr: block.ptr, bytes };
    }
    const ptr = this.top;
    this.top += bytes;
    const memory = this.kernels.memory;
    if (this.top > memory.buffer.byteLength) memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / PAGE));
    return { ptr, bytes };
  }

  release(block: Block): void {
    this.free.push({ ...block });
    this.free.sort((a, b) => a.ptr - b.ptr);
    const merged: Block[] = [];
    for (const b of this.free) {
      const last = merged[merged.length - 1];
      if (last && last.ptr + last.bytes === b.ptr) last.bytes += b.bytes;
      else merged.push({ ...b });
    }
    // A free block at the top goes back to the bump pointer.
    const last = merged[merged.length - 1];
    if (last && last.ptr + last.bytes === this.top) {
      this.top = last.ptr;
      merged.pop();
    }
    this.free = merged;
  }

  /** An allocator for `owner` whose blocks are freed when `owner` is garbage-collected. */
  owned(owner: object): Allocator {
    const blocks = new OwnedBlocks(this);
    collected.register(owner, blocks);
    return blocks;
  }

  /** A view of `floats` floats at `ptr`. Views die when memory grows: make one right before each use. */
  f32(ptr: number, floats: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, ptr, floats);
  }

  /** Bytes currently reserved from the system (the module's memory never shrinks). */
  get reservedBytes(): number {
    return this.kernels.memory.buffer.byteLength;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/**
 * One block cut into named parts of the given float counts, each starting 64-byte aligned (sizes rounded up to
 * 16 floats); returns the block and each part's byte pointer under the same name.
 */
export function allocParts<K extends string>(allocator: Allocator, sizes: Record<K, number>): { block: Block; ptrs: Record<K, number> } {
  const round = (floats: number) => Math.ceil(floats / 16) * 16;
  const names = Object.keys(sizes) as K[];
  const block = allocator.alloc(names.reduce((sum, name) => sum + round(sizes[name]), 0));
  const ptrs = {} as Record<K, number>;
  let next = block.ptr;
  for (const name of names) {
    ptrs[name] = next;
    next += round(sizes[name]) * 4;
  }
  return { block, ptrs };
}

/** Byte pointer `floats` floats past `ptr`. */
export function at(ptr: number, floats: number): number {
  return ptr + floats * 4;
}

/** Pages the shared memory may grow to (1 GiB; the build's --maximumMemory must match). */
export const MAX_PAGES = 16384;

/** An instance of the kernels on `memory`: each thread has its own instance, all on the same shared memory. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}
