import { createHash } from 'node:crypto'

// The readable reference at /api/docs: plain server-rendered HTML from the
// OpenAPI document, every operation with its parameters, body and responses.
// No script at all, so it runs under the API's strict CSP (only this page's
// own stylesheet, allowed by its hash) and works without network access.

type Schema = {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  items?: Schema
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: Schema | boolean
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  description?: string
  format?: string
  default?: unknown
  example?: unknown
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minimum?: number
  exclusiveMinimum?: number
  pattern?: string
}
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema }
type MediaTypes = Record<string, { schema?: Schema }>
type Operation = {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  security?: unknown[]
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content?: MediaTypes }
  responses?: Record<string, { description?: string; content?: MediaTypes; headers?: Record<string, { description?: string }> }>
}
type SecurityScheme = { type?: string; scheme?: string; in?: string; name?: string; bearerFormat?: string; description?: string }
export type OpenApiDocumentLike = {
  info: { title: string; version: string; description?: string }
  tags?: { name: string; description?: string }[]
  paths?: Record<string, Record<string, Operation> | undefined>
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, SecurityScheme> }
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete']

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

/** Backticks in the document's prose become <code>. */
function prose(text: string | undefined): string {
  if (!text) return ''
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

const refName = (ref: string) => ref.split('/').pop() ?? ref
const anchorOf = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-')

function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any'
  if (schema.$ref) {
    const name = refName(schema.$ref)
    return `<a href="#schema-${anchorOf(name)}">${escapeHtml(name)}</a>`
  }
  if (schema.enum) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ')
  if (schema.const !== undefined) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return alternatives.map(typeOf).join(' or ')
  if (schema.allOf) return schema.allOf.map(typeOf).join(' and ')
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  const labels = types.map((type) => {
    if (type === 'array') return `array of ${typeOf(schema.items)}`
    if (type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
      return `object of ${typeOf(schema.additionalProperties)} by key`
    return escapeHtml(schema.format ? `${type} (${schema.format})` : type)
  })
  return labels.length > 0 ? labels.join(' or ') : 'any'
}

function constraints(schema: Schema | undefined): string {
  if (!schema) return ''
  const parts: string[] = []
  if (schema.minLength !== undefined) parts.push(`at least ${schema.minLength} characters`)
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`)
  if (schema.minItems !== undefined) parts.push(`at least ${schema.minItems} items`)
  if (schema.maxItems !== undefined) parts.push(`at most ${schema.maxItems} items`)
  if (schema.default !== undefined) parts.push(`default <code>${escapeHtml(JSON.stringify(schema.default))}</code>`)
  if (schema.example !== undefined) parts.push(`e.g. <code>${escapeHtml(String(schema.example))}</code>`)
  return parts.join('; ')
}

function describe(schema: Schema | undefined): string {
  return [prose(schema?.description), constraints(schema)].filter(Boolean).join(' — ')
}

/** An object's fields as a table; anything else as its type. */
function schemaBlock(schema: Schema | undefined, caption: string): string {
  if (!schema?.properties) return `<p>${escapeHtml(caption)}: ${typeOf(schema)}</p>`
  const required = new Set(schema.required ?? [])
  const rows = Object.entries(schema.properties)
    .map(
      ([name, field]) =>
        `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${typeOf(field)}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${describe(field)}</td></tr>`,
    )
    .join('')
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">field</th><th scope="col">type</th><th scope="col">required</th><th scope="col">notes</th></tr></thead><tbody>${rows}</tbody></table>`
}

function operationHtml(path: string, method: string, op: Operation): string {
  const id = `op-${anchorOf(op.operationId ?? `${method}-${path}`)}`
  const parts = [
    `<section class="op" aria-labelledby="${id}">`,
    `<h3 id="${id}"><span class="method method-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p class="summary">${prose(op.summary)}${op.security?.length === 0 ? ' <span class="badge">no credentials needed</span>' : ''}</p>`,
  ]
  if (op.description) parts.push(`<p>${prose(op.description)}</p>`)
  if (op.parameters?.length) {
    const rows = op.parameters
      .map(
        (p) =>
          `<tr><th scope="row"><code>${escapeHtml(p.name)}</code></th><td>${escapeHtml(p.in)}</td><td>${typeOf(p.schema)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${[prose(p.description ?? p.schema?.description), constraints(p.schema)].filter(Boolean).join(' — ')}</td></tr>`,
      )
      .join('')
    parts.push(
      `<table><caption>Parameters</caption><thead><tr><th scope="col">name</th><th scope="col">in</th><th scope="col">type</th><th scope="col">required</th><th scope="col">notes</th></tr></thead><tbody>${rows}</tbody></table>`,
    )
  }
  if (op.requestBody) {
    const json = op.requestBody.content?.['application/json']
    parts.push(schemaBlock(json?.schema, `Request body (application/json, ${op.requestBody.required ? 'required' : 'optional'})`))
  }
  const responses = Object.entries(op.responses ?? {})
  if (responses.length > 0) {
    const rows = responses
      .map(([status, response]) => {
        const headers = Object.keys(response.headers ?? {})
        return `<tr><th scope="row">${escapeHtml(status)}</th><td>${prose(response.description)}${headers.length ? ` (headers: ${headers.map((h) => `<code>${escapeHtml(h)}</code>`).join(', ')})` : ''}</td><td>${response.content?.['application/json'] ? typeOf(response.content['application/json'].schema) : '—'}</td></tr>`
      })
      .join('')
    parts.push(
      `<table><caption>Responses</caption><thead><tr><th scope="col">status</th><th scope="col">meaning</th><th scope="col">body</th></tr></thead><tbody>${rows}</tbody></table>`,
    )
  }
  parts.push('</section>')
  return parts.join('\n')
}

export const REFERENCE_CSS = `
:root { color-scheme: light; font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; }
a { color: #0b4fa8; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; background: #f1f3f5; padding: 0 0.2em; border-radius: 3px; }
h2 { border-bottom: 2px solid #d0d7de; padding-bottom: 0.25rem; margin-top: 2.5rem; }
.op { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1rem 1rem; margin: 1.25rem 0; }
.method { display: inline-block; min-width: 4.5em; text-align: center; border-radius: 4px; padding: 0 0.4em; color: #fff; font-size: 0.85em; }
.method-get { background: #0b6e3b; } .method-post { background: #0b4fa8; } .method-patch, .method-put { background: #7a4a00; } .method-delete { background: #a4161a; }
.badge { font-size: 0.85em; background: #e7f5ec; color: #0b4d2b; border-radius: 4px; padding: 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; font-size: 0.95em; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
nav ul { columns: 2; }
`

/** The sha256 source of the page's one <style> element, for its Content-Security-Policy. */
export const REFERENCE_STYLE_HASH = `'sha256-${createHash('sha256').update(REFERENCE_CSS).digest('base64')}'`

export function renderReferenceHtml(document: OpenApiDocumentLike, documentUrl: string): string {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {})
      .filter(([method]) => METHOD_ORDER.includes(method))
      .map(([method, op]) => ({ path, method, op })),
  )
  const tags = document.tags?.map((t) => t.name) ?? []
  const byTag = [...tags, ...new Set(operations.flatMap(({ op }) => op.tags ?? []).filter((t) => !tags.includes(t)))].map((tag) => ({
    tag,
    description: document.tags?.find((t) => t.name === tag)?.description,
    ops: operations.filter(({ op }) => (op.tags ?? [])[0] === tag),
  }))
  const security = Object.entries(document.components?.securitySchemes ?? {})
    .map(
      ([name, s]) =>
        `<dt><code>${escapeHtml(name)}</code>: ${escapeHtml(s.type === 'http' ? `HTTP ${s.scheme ?? ''}` : `${s.type ?? ''} in ${s.in ?? ''} (${s.name ?? ''})`)}</dt><dd>${prose(s.description)}</dd>`,
    )
    .join('')
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(([name, schema]) => `<section aria-labelledby="schema-${anchorOf(name)}"><h3 id="schema-${anchorOf(name)}">${escapeHtml(name)}</h3>${schemaBlock(schema, name)}</section>`)
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} reference</title>
<style>${REFERENCE_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(document.info.title)} reference</h1>
<p>${prose(document.info.description)}</p>
<p>Version ${escapeHtml(document.info.version)}. The machine-readable OpenAPI 3.1 document: <a href="${escapeHtml(documentUrl)}">${escapeHtml(documentUrl)}</a>.</p>
</header>
<nav aria-label="Operations">
<h2>Operations</h2>
<ul>${operations.map(({ path, method, op }) => `<li><a href="#op-${anchorOf(op.operationId ?? `${method}-${path}`)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`).join('')}</ul>
</nav>
<main>
<h2>Authentication</h2>
<dl>${security}</dl>
${byTag
  .filter(({ ops }) => ops.length > 0)
  .map(
    ({ tag, description, ops }) =>
      `<h2 id="tag-${anchorOf(tag)}">${escapeHtml(tag)}</h2>${description ? `<p>${prose(description)}</p>` : ''}\n${ops.map(({ path, method, op }) => operationHtml(path, method, op)).join('\n')}`,
  )
  .join('\n')}
<h2>Schemas</h2>
${schemas}
</main>
</body>
</html>
`
}
