// Lint: TypeScript rules everywhere, plus the process boundaries of the layout (imports only go "down"), as the
// editor sees them: which packages each folder may import. scripts/check-layers.mjs (run by npm test) checks the rest:
// relative imports across layers, dynamic and type-only imports, and cycles. The README's "How the code is laid out"
// is the map both follow.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = { name: 'electron', message: 'Only main/hosts/electron/ imports electron; keep this code plain Node.' };
const noTensorflow = { group: ['@tensorflow/*'], message: 'TensorFlow.js lives in the trainer process (main/trainer/) only.' };
const noSqlite = { name: 'better-sqlite3', message: 'The run log is the backend\'s (main/backend/run-log/).' };
const noWs = { name: 'ws', message: 'WebSockets are the browser mode\'s (main/hosts/web/).' };

/** One no-restricted-imports block: the packages and relative folders a layer must not import. */
const restrict = (files, { paths = [], patterns = [] }) => ({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
// A relative import into a folder always names a file below it (the code has no index files).
const layerPattern = (folders, message) => ({ group: folders.map((f) => `**/${f}/**`), message });
const noNodeBuiltins = (message) => nodeBuiltins.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'main/trainer/fused/assembly/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  restrict(['renderer/**/*.ts', 'renderer/**/*.svelte', 'shared/**/*.ts'], {
    paths: [
      { name: 'electron', message: 'The renderer and shared code never touch Electron: use window.seqlab.' },
      noSqlite,
      noWs,
      ...noNodeBuiltins('The renderer and shared code run without Node: no Node built-ins.'),
    ],
    patterns: [
      noTensorflow,
      layerPattern(['main'], 'renderer/ and shared/ may not import from main/.'),
    ],
  }),
  restrict(['main/core/**/*.ts'], {
    paths: [noElectron, noSqlite, noWs],
    patterns: [noTensorflow, layerPattern(['trainer', 'backend', 'hosts'], 'main/core/ is shared by both processes: it imports only core/ and shared/.')],
  }),
  restrict(['main/trainer/**/*.ts'], {
    paths: [noElectron, noSqlite, noWs],
    patterns: [layerPattern(['backend', 'hosts'], 'The trainer process imports only trainer/, core/ and shared/.')],
  }),
  restrict(['main/backend/**/*.ts'], {
    paths: [noElectron, noWs],
    patterns: [noTensorflow, layerPattern(['trainer', 'hosts'], 'The backend never imports trainer code (ask a trainer process) or a host.')],
  }),
  restrict(['main/hosts/web/**/*.ts', 'main/hosts/cli/**/*.ts'], {
    paths: [noElectron],
    patterns: [noTensorflow, layerPattern(['trainer'], 'Hosts reach the trainer through the backend.')],
  }),
  restrict(['main/hosts/electron/**/*.ts'], {
    patterns: [noTensorflow, layerPattern(['trainer'], 'Hosts reach the trainer through the backend.')],
  }),
  restrict(['main/bench/**/*.ts'], { paths: [noElectron] }),
);
