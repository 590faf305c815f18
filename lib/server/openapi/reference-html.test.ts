import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from './document'
import { escapeHtml, REFERENCE_CSS, REFERENCE_STYLE_HASH, renderReferenceHtml, type OpenApiDocumentLike } from './reference-html'

const document = JSON.parse(JSON.stringify(buildOpenApiDocument())) as OpenApiDocumentLike
const html = renderReferenceHtml(document, '/api/v1/openapi.json')

describe('the API reference page', () => {
  it('shows every operation with its method and path', () => {
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of Object.keys(item ?? {})) {
        expect(html).toContain(`<span class="method method-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>`)
      }
    }
  })

  it('shows parameters, bodies, responses and the shared error schema', () => {
    expect(html).toContain('<code>service</code></th><td>query</td>')
    expect(html).toContain('<code>If-Match</code></th><td>header</td>')
    expect(html).toContain('Request body (application/json, required)')
    expect(html).toContain('<a href="#schema-Error">Error</a>')
    expect(html).toContain('id="schema-PipelineGateResult"')
    expect(html).toContain('href="/api/v1/openapi.json"')
  })

  it('carries no script, and its one style is the one the CSP hash allows', () => {
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain(`<style>${REFERENCE_CSS}</style>`)
    expect(REFERENCE_STYLE_HASH).toBe(`'sha256-${createHash('sha256').update(REFERENCE_CSS).digest('base64')}'`)
  })

  it('escapes what it prints', () => {
    expect(renderReferenceHtml({ info: { title: '<b>x</b>', version: '1' } }, '/x')).toContain('&lt;b&gt;x&lt;/b&gt;')
  })
})
