import { API_BASE, buildOpenApiDocument } from '@/lib/server/openapi/document'
import { REFERENCE_STYLE_HASH, renderReferenceHtml, type OpenApiDocumentLike } from '@/lib/server/openapi/reference-html'

/** Rendered once per server: it depends on the code only. */
let html: string | undefined

/**
 * GET /api/docs → the API reference as plain HTML, rendered on the server from
 * the OpenAPI document. Public, like the document. No script; the only style
 * is the page's own <style>, allowed by its hash (next.config.js leaves this
 * path out of the API's `default-src 'none'` policy so this one applies).
 */
export function GET(): Response {
  if (html === undefined) {
    // The document as JSON, read through the renderer's own (partial) view of OpenAPI.
    const document = JSON.parse(JSON.stringify(buildOpenApiDocument())) as OpenApiDocumentLike
    html = renderReferenceHtml(document, `${API_BASE}/openapi.json`)
  }
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'Content-Security-Policy': `default-src 'none'; style-src ${REFERENCE_STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    },
  })
}
