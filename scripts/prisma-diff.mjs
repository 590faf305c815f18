// Prints the migration SQL Prisma itself would write between two datamodels,
// using Prisma's schema engine compiled to WebAssembly (works offline, where the
// native engine cannot be downloaded).
//   DATABASE_URL=… node scripts/prisma-diff.mjs [--from <old schema.prisma> | --from-git <rev>] [--to prisma/schema.prisma]
// Without --from/--from-git it diffs from an empty database (the full schema).
// `npm run db:diff` wraps it with an embedded PostgreSQL.
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'

const require = createRequire(import.meta.url)

async function loadSchemaEngine() {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm')
  const imports = { './schema_engine_bg.js': bg }
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), imports)
  bg.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start?.()
  return bg.SchemaEngine
}

function arg(name) {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}

const toPath = arg('--to') ?? 'prisma/schema.prisma'
const next = readFileSync(toPath, 'utf8')
let from = { tag: 'empty' }
if (arg('--from')) from = { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: readFileSync(arg('--from'), 'utf8') }] }
if (arg('--from-git')) {
  const content = execFileSync('git', ['show', `${arg('--from-git')}:prisma/schema.prisma`], { encoding: 'utf8' })
  from = { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] }
}

const SchemaEngine = await loadSchemaEngine()
// The engine only asks the server for its version during a datamodel diff,
// but it insists on a reachable PostgreSQL (any will do: DATABASE_URL).
const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: process.env.DATABASE_URL }))
const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', next]] }, () => {}, factory)
const { stdout } = await engine.diff({
  from,
  to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: next }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
})
process.stdout.write(stdout)
