// Build config for the Electron preload: one CommonJS file, because sandboxed preloads cannot be ES modules.
import { defineConfig } from 'vite';

export default defineConfig({
  // A sandboxed preload can require nothing but electron: bundle every package it uses (zod, for the API table).
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: 'dist/preload',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: {
      input: { preload: 'main/hosts/electron/preload.ts' },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
