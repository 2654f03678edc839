// Runs in: trainer process (plain Node). A scatter-add `UnsortedSegmentSum` for the cpu and wasm backends.
// It is the gradient of Gather, so every Embedding layer needs it in training. tfjs's cpu kernel builds one mask
// tensor per segment (vocabulary 10,000: minutes and tens of GB per batch) and the wasm backend has no kernel at
// all, so both get this one: one pass over the rows, O(rows x width), whatever the vocabulary size.
import * as tf from '@tensorflow/tfjs';

type TypedArray = Float32Array | Int32Array | Uint8Array;

/** out[segmentIds[i], :] += x[i, :]; ids outside [0, numSegments) are dropped, as TensorFlow does. */
export function scatterAdd(
  x: ArrayLike<number>,
  segmentIds: ArrayLike<number>,
  numSegments: number,
  out: Float32Array | Int32Array,
): void {
  const rows = segmentIds.length;
  const width = rows === 0 ? 0 : x.length / rows;
  for (let i = 0; i < rows; i++) {
    const segment = segmentIds[i];
    if (segment < 0 || segment >= numSegments) continue;
    const source = i * width;
    const target = segment * width;
    for (let j = 0; j < width; j++) out[target + j] += x[source + j];
  }
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/** The part of each backend we use: read an input's values, and hand back an output holding ours. */
interface BackendIo {
  read(backend: unknown, info: tf.TensorInfo): TypedArray;
  write(backend: unknown, shape: number[], dtype: tf.DataType, values: Float32Array | Int32Array): tf.TensorInfo;
}

const IO: Record<'cpu' | 'wasm', BackendIo> = {
  cpu: {
    read: (backend, info) => (backend as { readSync(id: unknown): TypedArray }).readSync(info.dataId),
    write: (backend, shape, dtype, values) =>
      (backend as { makeTensorInfo(s: number[], d: tf.DataType, v: TypedArray): tf.TensorInfo }).makeTensorInfo(shape, dtype, values),
  },
  wasm: {
    read: (backend, info) => (backend as { readSync(id: unknown): TypedArray }).readSync(info.dataId),
    write: (backend, shape, dtype, values) =>
      (
        backend as { makeOutput(s: number[], d: tf.DataType, offset?: number, v?: TypedArray): tf.TensorInfo }
      ).makeOutput(shape, dtype, undefined, values),
  },
};

function kernelFor(io: BackendIo) {
  return ({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo => {
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const numSegments = Number((attrs as { numSegments: number }).numSegments);
    // segmentIds' shape is a prefix of x's: the rest of x's shape is one row's shape.
    const rowShape = x.shape.slice(segmentIds.shape.length);
    const shape = [numSegments, ...rowShape];
    const width = rowShape.reduce((a, b) => a * b, 1);
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * width) : new Float32Array(numSegments * width);
    scatterAdd(io.read(backend, x), io.read(backend, segmentIds), numSegments, out);
    return io.write(backend, shape, x.dtype === 'int32' ? 'int32' : 'float32', out);
  };
}

const registered = new Set<string>();

/** Replaces (cpu) or supplies (wasm) the kernel. Registering needs no backend instance, so this may run before
 * the wasm backend loads. Idempotent. */
export function registerScatterAddKernels(): void {
  for (const backendName of ['cpu', 'wasm'] as const) {
    if (registered.has(backendName)) continue;
    if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName,
      kernelFunc: kernelFor(IO[backendName]) as unknown as tf.KernelFunc,
    });
    registered.add(backendName);
  }
}
