import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { API_BASE, buildOpenApiDocument } from './document'

// Every route under app/api/v1 is in the OpenAPI document, and the document is
// valid OpenAPI 3.1: a new route.ts (or a new method in one) without an entry
// in lib/server/openapi/routes.ts fails here.

const ROOT = path.resolve(import.meta.dirname, '../../..')
const V1 = path.join(ROOT, 'app/api/v1')
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return routeFiles(full)
    return entry.name === 'route.ts' ? [full] : []
  })
}

/** `app/api/v1/changes/[id]/submit/route.ts` → `/api/v1/changes/{id}/submit`. */
function openApiPathOf(file: string): string {
  const relative = path.relative(V1, path.dirname(file)).split(path.sep).filter(Boolean)
  return [API_BASE, ...relative.map((part) => part.replace(/^\[(\w+)\]$/, '{$1}'))].join('/')
}

/** The HTTP methods a route module exports (`export async function GET`, `export const POST =`, `export { GET }`). */
function exportedMethods(source: string): string[] {
  return METHODS.filter((method) =>
    new RegExp(`export\\s+(?:async\\s+)?(?:function\\s+${method}\\b|(?:const|let)\\s+${method}\\b)|export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source),
  )
}

const document = buildOpenApiDocument()
const routes = routeFiles(V1).flatMap((file) =>
  exportedMethods(readFileSync(file, 'utf8')).map((method) => ({
    method,
    path: openApiPathOf(file),
    file,
  })),
)

describe('the OpenAPI document', () => {
  it('finds the route handlers (the walk itself works)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(17)
    expect(routes).toContainEqual(
      expect.objectContaining({
        method: 'PATCH',
        path: '/api/v1/changes/{id}',
      }),
    )
  })

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('documents %s', (_name, route) => {
    const operations = document.paths?.[route.path] ?? {}
    expect(Object.keys(operations), `add ${route.method} ${route.path} to lib/server/openapi/routes.ts`).toContain(route.method.toLowerCase())
  })

  it('documents no route that does not exist', () => {
    const served = new Set(routes.map((r) => `${r.method.toLowerCase()} ${r.path}`))
    const documented = Object.entries(document.paths ?? {}).flatMap(([p, item]) => Object.keys(item ?? {}).map((m) => `${m} ${p}`))
    expect(documented.filter((op) => !served.has(op))).toEqual([])
  })

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator()
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as Record<string, unknown>)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('answers every authenticated operation’s errors with the shared error shape, and names the statuses it can return', () => {
    for (const [p, item] of Object.entries(document.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {})) {
        const responses = (
          op as {
            responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>
          }
        ).responses
        if (p.endsWith('/openapi.json')) continue
        expect(Object.keys(responses), `${method} ${p}`).toEqual(expect.arrayContaining(['401', '429']))
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) >= 400) expect(response.content?.['application/json']?.schema?.$ref, `${method} ${p} ${status}`).toBe('#/components/schemas/Error')
        }
      }
    }
  })

  it('describes the bearer token and the session cookie, and the gate’s repeatable service parameter', () => {
    expect(document.components?.securitySchemes).toMatchObject({
      bearerToken: { type: 'http', scheme: 'bearer' },
      sessionCookie: { type: 'apiKey', in: 'cookie' },
    })
    const gate = document.paths?.['/api/v1/gate']?.get
    expect(gate?.parameters).toContainEqual(
      expect.objectContaining({
        name: 'service',
        in: 'query',
        required: true,
        schema: expect.objectContaining({ type: 'array' }),
      }),
    )
    const patch = document.paths?.['/api/v1/changes/{id}']?.patch
    expect(patch?.parameters).toContainEqual(
      expect.objectContaining({
        name: 'If-Match',
        in: 'header',
        required: true,
      }),
    )
  })
})
