// Lays out what the container image runs, from a finished `next build`:
//   node scripts/assemble-standalone.mjs <distDir> <outDir>
// The Dockerfile copies <outDir> into the final stage as /app, and
// tests/container/start.test.ts runs the very same layout, so the test proves
// the image's start path without a Docker daemon.
//
//   <outDir>/server.js, node_modules/, package.json   Next's standalone output (traced runtime files only)
//   <outDir>/<distDir>/static/                        client assets (standalone leaves them out)
//   <outDir>/public/                                  when the app has one
//   <outDir>/prisma/migrations/                       read by the migration runner and the readiness check
//   <outDir>/container-start.cjs                      the entry (scripts/container-start.ts), bundled with its
//                                                     dependencies (pg, zod) so the image needs no tsx
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const [distArg, outArg] = process.argv.slice(2)
if (!distArg || !outArg) {
  console.error('usage: node scripts/assemble-standalone.mjs <distDir> <outDir>')
  process.exit(2)
}
const distDir = path.resolve(root, distArg)
const outDir = path.resolve(outArg)
const standalone = path.join(distDir, 'standalone')
if (!existsSync(path.join(standalone, 'server.js'))) {
  console.error(`changeboard: ${standalone}/server.js is missing: build first (next build, with output: 'standalone' in next.config.js)`)
  process.exit(1)
}

rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
cpSync(standalone, outDir, { recursive: true })
cpSync(path.join(distDir, 'static'), path.join(outDir, path.basename(distDir), 'static'), { recursive: true })
if (existsSync(path.join(root, 'public'))) cpSync(path.join(root, 'public'), path.join(outDir, 'public'), { recursive: true })
cpSync(path.join(root, 'prisma/migrations'), path.join(outDir, 'prisma/migrations'), { recursive: true })

await build({
  entryPoints: [path.join(root, 'scripts/container-start.ts')],
  outfile: path.join(outDir, 'container-start.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  // CommonJS: pg and its dependencies use require(), which an ESM bundle cannot call.
  format: 'cjs',
  // pg loads its optional native binding only when asked to; it is not installed.
  external: ['pg-native'],
  // server.js is Next's, loaded at run time from beside the entry.
  logLevel: 'warning',
})
console.log(`changeboard: standalone app assembled in ${outDir}`)
