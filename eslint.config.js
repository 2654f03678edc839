// Lint: TypeScript rules everywhere, plus the process boundaries of the design (imports only go "down"):
// renderer/ and shared/ never import electron or Node built-ins; only main/app/ imports electron.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

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
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer and shared code never touch Electron: use window.seqlab.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer and shared code run without Node: no Node built-ins.' },
            { group: ['**/main/**', '../main/*', '../../main/*'], message: 'renderer/shared may not import from main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/services/**/*.ts', 'main/trainer/**/*.ts', 'main/web/**/*.ts', 'main/cli/**/*.ts', 'main/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/app/ imports electron; keep this code plain Node.', allowTypeImports: false }] },
      ],
    },
  },
  {
    files: ['main/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'main/ipc may use Electron types only.', allowTypeImports: true }] },
      ],
    },
  },
);
