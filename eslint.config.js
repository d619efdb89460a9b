// ESLint flat config. Enforces docs/ARCHITECTURE.md: the layer table and front doors (flowdesk/layers),
// deterministic engine code (flowdesk/determinism) and no console in src/. The local plugin lives in
// tools/eslint/ (plain JS, no build step). Deliberately not type-checked linting: lint stays fast.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

import flowdesk from './tools/eslint/plugin.js';

const projectDir = path.dirname(fileURLToPath(import.meta.url));

/** Node.js globals (kept inline: the `globals` package is not a direct dependency). */
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Blob',
    'Buffer',
    'BroadcastChannel',
    'DOMException',
    'Event',
    'EventTarget',
    'FormData',
    'Headers',
    'MessageChannel',
    'MessageEvent',
    'MessagePort',
    'Request',
    'Response',
    'TextDecoder',
    'TextEncoder',
    'URL',
    'URLSearchParams',
    'WebAssembly',
    'atob',
    'btoa',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'crypto',
    'fetch',
    'global',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);

const allFiles = ['**/*.{ts,tsx,mts,cts}', '**/*.{js,mjs,cjs}'];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'fixtures/']),

  // Base: @eslint/js and typescript-eslint recommended (not the type-checked variants).
  { files: allFiles, extends: [js.configs.recommended, tseslint.configs.recommended] },
  {
    files: allFiles,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: nodeGlobals,
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },

  // Architecture: layers, front doors and package ownership (tools/eslint/layer-rule.js); no console
  // (the CLI writes through process.stdout / process.stderr).
  {
    files: ['src/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    plugins: { flowdesk },
    rules: {
      'flowdesk/layers': ['error', { srcDir: path.join(projectDir, 'src') }],
      'no-console': 'error',
    },
  },

  // The fake exchange (src/loopback) must not share the code it tests: rank 6 would allow book, venue
  // and kernel, so they are refused here (docs/ARCHITECTURE.md, layer table).
  {
    files: ['src/loopback/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\.?/(?:.*/)?(?:book|venue|kernel|cli|tui)(?:/|$)',
              message:
                'src/loopback is a fake Binance for tests: it may import core, model and recording, never the code under test (book, venue, kernel).',
            },
          ],
        },
      ],
    },
  },

  // Engine determinism: time from the injected Clock, randomness from a seeded RNG. Exempt: the command,
  // the console and the loopback fake exchange (a server needs wall time and timers).
  {
    files: ['src/**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['src/cli/**', 'src/tui/**', 'src/loopback/**'],
    plugins: { flowdesk },
    rules: {
      'flowdesk/determinism': 'error',
    },
  },
);
