// Keeps lib/domain pure: every import must be relative (inside lib/domain) or
// one of the allowed packages (tests may also use tests/fixtures). Checked here so the rule is enforced, not remembered.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Built from parts so this file's own source does not match the pattern it checks for.
const ANY = 'an' + 'y'
const USES_ANY = new RegExp(`:\\s*${ANY}\\b|as ${ANY}\\b|<${ANY}>`)

const root = fileURLToPath(new URL('.', import.meta.url))
const ALLOWED = new Set(['zod', 'rrule', 'date-fns', '@date-fns/tz', 'node:crypto'])
const TEST_ONLY = new Set(['vitest', 'fast-check', 'node:fs', 'node:path', 'node:url'])
// Shared builders live with the other tests (tests/fixtures), not among production files.
const TEST_FIXTURES = '@/tests/fixtures/'

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

describe('lib/domain import boundaries', () => {
  it.each(files(root).map((f) => relative(root, f)))('%s imports only allowed modules', (file) => {
    const source = readFileSync(join(root, file), 'utf8')
    const specifiers = [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '')
    const isTest = file.endsWith('.test.ts')
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        expect(resolve(root, file, '..', spec).startsWith(root), `${file} → ${spec}`).toBe(true)
        continue
      }
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec)
      const ok = ALLOWED.has(pkg) || ALLOWED.has(spec) || (isTest && (TEST_ONLY.has(pkg) || TEST_ONLY.has(spec) || spec.startsWith(TEST_FIXTURES)))
      expect(ok, `${file} imports ${spec}`).toBe(true)
    }
    if (file !== 'boundaries.test.ts') expect(USES_ANY.test(source), `${file} uses any`).toBe(false)
  })
})
