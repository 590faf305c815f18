// `prisma generate` needs no schema engine, but Prisma's CLI insists on one and
// tries to download it; offline (CI, air-gapped machines) that fails. Where no
// native engine was installed, point the CLI at a stand-in so generation works;
// where one exists (a machine with internet), Prisma uses it as usual.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const engineDirs = ['node_modules/@prisma/engines', 'node_modules/prisma']
const hasNativeEngine = engineDirs.some(
  (dir) => existsSync(dir) && readdirSync(dir).some((name) => name.startsWith('schema-engine')),
)
const env = { ...process.env }
if (!hasNativeEngine && !env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/false'

const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
