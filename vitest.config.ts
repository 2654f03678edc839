// Test runner config: Node tests (unit, web, e2e) and jsdom component tests (ui) as two projects.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    projects: [
      {
        // The fused RNN kernels' WebAssembly, imported with ?inline (see main/trainer/fused/wasm-kernels.ts).
        assetsInclude: ['**/*.wasm'],
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/web/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
