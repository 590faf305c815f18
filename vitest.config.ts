import path from 'node:path'
import { defineConfig } from 'vitest/config'

const root = path.dirname(new URL(import.meta.url).pathname)

export default defineConfig({
  resolve: { alias: { '@': root, 'server-only': path.join(root, 'tests/setup/empty-module.ts') } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-setup.ts'],
          setupFiles: ['tests/setup/database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One database per worker keeps parallel files isolated.
          pool: 'forks',
        },
      },
      {
        // The container image's start path on a finished build (npm run test:container, after test:e2e built it).
        extends: true,
        test: {
          name: 'container',
          include: ['tests/container/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
