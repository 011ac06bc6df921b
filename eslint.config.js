// Lint: typescript-eslint's recommended rules, React's rules of hooks, and the layer boundaries the code
// base is built on (README "Layout"): src/core is pure, the UI reaches training only through the store,
// and both sides of a worker boundary share only its protocol module.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const UI_AND_STATE = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];

export default tseslint.config(
  { ignores: ['dist/', 'bench/.dist/', 'node_modules/', 'public/', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_name` marks a deliberately unused binding (a destructured field dropped on purpose).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests feed malformed values through typed functions on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The core: pure TypeScript that any layer (and node) can run. No React, store, UI, worker, or page.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: UI_AND_STATE, message: 'src/core is pure TypeScript: no React, zustand or charts.' },
            {
              group: ['**/store/*', '**/ui/*', '**/worker/*'],
              message: 'src/core imports no store, UI or worker module: they import the core.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'src/core runs without a page (node, workers).' },
        { name: 'document', message: 'src/core runs without a page (node, workers).' },
        { name: 'localStorage', message: 'Storage belongs to src/store.' },
        { name: 'indexedDB', message: 'Storage belongs to src/store.' },
      ],
    },
  },
  {
    // The UI talks to training through the store's actions; it may read worker message types only from the
    // protocol modules, which both sides share.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/worker/(?!protocol$|import-protocol$|history-protocol$|augment-protocol$)',
              message: 'src/ui reaches training through src/store, never src/worker directly (protocol modules excepted).',
            },
          ],
        },
      ],
      // A component reads a store through a selector: without one it re-renders on every change of the store.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.name=/^use(Lab|Teach|History|Uploads|Inside|NetworkView)$/][arguments.length=0]',
          message:
            'Select what the component reads (useLab((s) => s.run.status), or useShallow for several fields); never subscribe to a whole store.',
        },
      ],
    },
  },
  {
    // The store owns the workers' clients; their internals (runner, sessions, importers) stay behind them.
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/ui/*'], message: 'src/store holds state and actions; the UI imports it, not the reverse.' },
            {
              regex: '/worker/(?!protocol$|import-protocol$|history-protocol$|augment-protocol$|client$)',
              message: 'src/store talks to workers through their client and protocol modules only.',
            },
          ],
        },
      ],
    },
  },
);
