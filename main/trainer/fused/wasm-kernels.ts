// Runs in: trainer process (plain Node). Loads the fused layers' WebAssembly kernels (assembly/rnn-kernels.ts,
// built with SIMD by `npm run build:wasm` and inlined into the bundle by Vite) on one shared memory, which kernel
// threads (kernel-threads.ts) instantiate the same module on. Two builds: with relaxed SIMD (fused multiply-add;
// ~1.7x on the activations, up to 2x on small products) where the engine validates it (Node 22, Electron 45), else
// plain SIMD. The memory layout and allocator live in kernel-memory.ts.
import simdDataUrl from './assembly/build/rnn-kernels.wasm?inline';
import relaxedDataUrl from './assembly/build/rnn-kernels-relaxed.wasm?inline';
import { Arena, MAX_PAGES, instantiateKernels } from './kernel-memory';

export * from './kernel-memory';

function decodeDataUrl(url: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

let shared: Arena | null = null;
let compiled: WebAssembly.Module | null = null;

let relaxedBytes: Uint8Array<ArrayBuffer> | null = null;

/** Whether this engine runs the relaxed SIMD build (fused multiply-add). */
export function relaxedSimd(): boolean {
  relaxedBytes ??= decodeDataUrl(relaxedDataUrl);
  return WebAssembly.validate(relaxedBytes);
}

/** The compiled kernels (~13 KB, compiled synchronously on first use); kernel threads instantiate the same one. */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(relaxedSimd() ? relaxedBytes! : decodeDataUrl(simdDataUrl));
  return compiled;
}

/** The one instance of the kernels in this process, on the process's one shared kernel memory. */
export function kernelArena(): Arena {
  if (shared === null) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    shared = new Arena(instantiateKernels(kernelModule(), memory));
  }
  return shared;
}
