// Lint: typescript-eslint's recommended rules plus the layer boundaries of the design card.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'docs/', '.native/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', structuredClone: 'readonly', setImmediate: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', WebSocket: 'readonly', localStorage: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: restrict(['electron', 'electron/*', 'better-sqlite3', '**/store/*', '**/main/*', '**/preload/*', '**/headless/*', '**/renderer/*', 'react', 'react-dom'], 'The engine may import only node:*, undici, parsing libraries and shared/.'),
  },
  {
    files: ['electron/store/**/*.ts'],
    rules: restrict(['electron', 'electron/*', '**/main/*', '**/preload/*', '**/headless/*', '**/renderer/*', 'react'], 'The store may import node:*, better-sqlite3, the engine port and shared/.'),
  },
  {
    files: ['electron/headless/**/*.ts'],
    rules: restrict(['electron', 'electron/*', '**/main/*', '**/preload/*', '**/renderer/*'], 'Headless code runs without Electron.'),
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(['electron', 'electron/*', 'node:*', 'better-sqlite3', 'undici', 'react', '**/electron/**', '**/renderer/**'], 'shared/ runs on both sides: no runtime-specific imports.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict(['electron', 'electron/*', 'node:*', 'better-sqlite3', 'undici', '**/electron/**'], 'The renderer talks to the engine only through window.fetchpoint.'),
  },
  {
    // Tests feed hostile input (control characters) on purpose.
    files: ['test/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
