// Lint for the whole project: JavaScript's and typescript-eslint's recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (STYLE.md habit 13: engine ← domains ← edges), checked on every
 * import. The engine knows nothing of the product; the domains (what the
 * product does) use the engine, the i18n catalogue and platform-neutral
 * helpers, never an edge (the IPC contract, the app service, the CLI, the
 * browser host, the Electron shell, the job registry); the renderer and the
 * preload see main only through the IPC contract, engine types and i18n.
 * test/unit/lint/importBoundaries.test.ts shows each rule refusing a violation.
 */
const restrict = (message, regex, ...more) => [
  'error',
  { patterns: [{ regex, message, caseSensitive: true }, ...more.map((p) => ({ ...p, caseSensitive: true }))] },
];
const RENDERER_MESSAGE =
  'The renderer sees main only through the IPC contract (main/ipc/contract, channels, sessionToken), main/engine/types and main/i18n.';
const RENDERER_REGEX =
  '(^|/)main/(?!(ipc/(contract|channels|sessionToken)|engine/types|i18n/[^/]+)$)|^(electron|node:)';
const layers = [
  {
    files: ['main/engine/**/*.ts'],
    rules: { 'no-restricted-imports': restrict('main/engine imports nothing of the product.', '^(\\.\\./|electron$)') },
  },
  {
    files: ['main/{linux,windows,doctor,cluster,fleet}/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        'A domain imports the engine, i18n and platform helpers, never an edge (ipc, app, cli, webhost, electron, jobs): move the fact to its owner.',
        '(^|/)(ipc|app|cli|webhost|electron|jobs)(/|$)',
      ),
    },
  },
  {
    files: ['main/ngt/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        "main/ngt holds NGT's own facts for every domain: it imports the engine and i18n, never a domain or an edge.",
        '(^|/)(ipc|app|cli|webhost|electron|jobs|linux|windows|doctor|cluster|fleet)(/|$)',
      ),
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(RENDERER_MESSAGE, RENDERER_REGEX),
    },
  },
  {
    // Components call main only through the hooks in renderer/src/state (useJob, useWindowsExport).
    files: ['renderer/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(RENDERER_MESSAGE, RENDERER_REGEX, {
        regex: '(^|/)api/(apiContext|webSocketApi)$',
        message:
          'A component reaches main through a hook in renderer/src/state (useJob, useWindowsExport), not the API.',
      }),
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        'The preload bundles only the channel bindings (main/ipc/channels), no validator and no product code.',
        '(^|/)main/(?!ipc/channels$)',
      ),
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.cache/', 'test/fixtures/ngt-iso/tree/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-empty-pattern': 'off',
      // A `let` read by a closure before its one assignment (late-bound hosts and handles) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        WebSocket: 'readonly',
        Blob: 'readonly',
      },
    },
  },
  ...layers,
);
