// Test runner config: one project per layer (see test/README.md). Node tests run in forked processes; the renderer's
// component and logic tests under jsdom. `built`, `browser`, `e2e` and `robustness` need `npm run build` first (npm test does it).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const nodeProject = (name: string, include: string[]) => ({
  // The fused RNN kernels' WebAssembly, imported with ?inline (see main/trainer/fused/wasm-kernels.ts).
  assetsInclude: ['**/*.wasm'],
  test: { name, include, environment: 'node' as const, pool: 'forks' as const, testTimeout: 120_000, hookTimeout: 180_000 },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    projects: [
      nodeProject('core', ['test/core/**/*.test.ts']),
      nodeProject('trainer', ['test/trainer/**/*.test.ts']),
      nodeProject('backend', ['test/backend/**/*.test.ts']),
      nodeProject('built', ['test/built/**/*.test.ts']),
      nodeProject('browser', ['test/browser/**/*.test.ts']),
      nodeProject('e2e', ['test/e2e/**/*.test.ts']),
      nodeProject('robustness', ['test/robustness/**/*.test.ts']),
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: ['test/renderer/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
