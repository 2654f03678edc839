// Runs in: main process and its worker threads (plain Node). Stage timestamps for `npm run bench -- import-window`:
// when SEQLAB_TIMING is set, each stage prints one JSON line on stderr with its wall-clock time (epoch ms, the same
// clock the page's performance.timeOrigin + now() reads), so the bench can lay server and page stages on one line.
// Off (the default) it costs one property read.
const enabled = typeof process !== 'undefined' && !!process.env.SEQLAB_TIMING;

export function markStage(stage: string, detail?: Record<string, unknown>): void {
  if (!enabled) return;
  process.stderr.write(`${JSON.stringify({ seqlabStage: stage, at: performance.timeOrigin + performance.now(), ...detail })}\n`);
}
