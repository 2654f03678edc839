// Build config for everything that runs in Node or Electron's main side: one ESM bundle per entry,
// with every npm dependency left external (native addons and tfjs load their own files at run time).
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import pkg from './package.json' with { type: 'json' };

const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  'electron',
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
];

export default defineConfig({
  // The fused RNN kernels' WebAssembly is inlined (?inline) into the trainer's bundle: no file to locate at run time.
  assetsInclude: ['**/*.wasm'],
  build: {
    ssr: true,
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        'electron-main': 'main/hosts/electron/electron-main.ts',
        trainer: 'main/trainer/entry.ts',
        // The fused net's kernel threads (worker_threads), found beside the trainer's bundle.
        'kernel-worker': 'main/trainer/fused/kernel-worker.ts',
        'import-worker': 'main/core/dataset/import-worker.ts',
        'column-worker': 'main/core/dataset/column-worker.ts',
        serve: 'main/hosts/web/serve.ts',
        cli: 'main/hosts/cli/cli.ts',
        bench: 'main/bench/bench.ts',
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
