import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const frameworkImports = {
  paths: [
    { name: 'react', message: 'lib/domain is pure: no React.' },
    { name: 'next-auth', message: 'lib/domain is pure: no next-auth.' },
    { name: 'server-only', message: 'lib/domain is pure and runs anywhere.' },
  ],
  patterns: [
    { group: ['next', 'next/*', 'next-auth/*', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/domain is pure: no framework imports.' },
    { group: ['@prisma/*', 'prisma', '**/generated/prisma/**', '@/lib/generated/*'], message: 'lib/domain is pure: no Prisma.' },
    { group: ['@/lib/server/*', '@/lib/db/*', '@/app/*', '@/components/*', '../server/*', '../../server/*'], message: 'lib/domain imports nothing outside itself.' },
  ],
}

const SERVER_FEATURES = ['change-requests', 'freezes', 'scheduling', 'services', 'sign-offs', 'users', 'watching', 'metrics', 'risk']

/** What a lib/server folder may not import: app/ and components/, and every feature folder but its own. */
function serverImportBans(folder) {
  const others = SERVER_FEATURES.filter((f) => f !== folder)
  return [
    { group: ['@/app/*', '@/components/*'], message: 'lib/server does not import from app/ or components/: move shared logic into lib/domain.' },
    ...(others.length > 0
      ? [{ group: others.flatMap((f) => [`@/lib/server/${f}/*`, `../${f}/*`]), message: 'Feature folders in lib/server meet only in lifecycle/ or a shared helper (docs/decisions/0009).' }]
      : []),
  ]
}

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.next-*/', 'lib/generated/', '.data/', '.e2e/', 'test-results/', 'playwright-report/', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    // What a component imports at runtime can end up in a browser bundle: server modules only as types.
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/lib/server/*', '@/lib/db/*'], allowTypeImports: true, message: 'Components import server modules as types only (shared values live in lib/action-state.ts or lib/domain).' }] },
      ],
    },
  },
  // The server layer is called by app/ (pages, actions, routes), never the other way round; and its
  // feature folders reach each other only through lifecycle/ (which imports none of them) and the
  // shared helpers (top-level files, auth, http, audit, jobs, notifications, webhooks). docs/decisions/0009.
  ...['lifecycle', ...SERVER_FEATURES, 'auth', 'http', 'audit', 'jobs', 'notifications', 'webhooks'].map((folder) => ({
    files: [`lib/server/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: serverImportBans(folder) }] },
  })),
  {
    // The OpenAPI document meets every feature, but only through its input schemas (the single source of
    // input types) and, for compile-time checks of the answers, its types: never its use cases.
    files: ['lib/server/openapi/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/app/*', '@/components/*'], message: 'lib/server does not import from app/ or components/.' },
            {
              group: SERVER_FEATURES.flatMap((f) => [`@/lib/server/${f}/*`, `!@/lib/server/${f}/schemas`]).concat(['@/lib/server/lifecycle/*', '!@/lib/server/lifecycle/schemas']),
              allowTypeImports: true,
              message: 'lib/server/openapi reads the features’ schemas.ts (and their types), never their use cases.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/server/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: serverImportBans(null) }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', WebAssembly: 'readonly' } },
  },
)
