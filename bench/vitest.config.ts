import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Runs bench/schedule-latency.bench.ts, the in-process timing of the scheduling use case, with the same
// module resolution as the integration tests ('@' paths, 'server-only' stubbed). Not part of `npm test`.
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

export default defineConfig({
  resolve: { alias: { '@': root, 'server-only': path.join(root, 'tests/setup/empty-module.ts') } },
  test: { root, include: ['bench/schedule-latency.bench.ts'], environment: 'node', testTimeout: 600_000 },
})
