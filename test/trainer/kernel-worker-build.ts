// Runs in: vitest (Node). Tests run the trainer from source, but a kernel thread needs a script of its own: this
// bundles main/trainer/fused/kernel-worker.ts with Vite (as `npm run build` does) into a temp folder and points the
// trainer at it (SEQLAB_KERNEL_WORKER).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { build } from 'vite';

export async function buildKernelWorker(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'seqlab-kernel-worker-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      target: 'node22',
      minify: false,
      rollupOptions: {
        input: { 'kernel-worker': 'main/trainer/fused/kernel-worker.ts' },
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  });
  const entry = join(outDir, 'kernel-worker.js');
  process.env.SEQLAB_KERNEL_WORKER = entry;
  return entry;
}
