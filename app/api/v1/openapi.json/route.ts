import { buildOpenApiDocument } from '@/lib/server/openapi/document'

/** Built once per server: it depends on the code only. */
let document: ReturnType<typeof buildOpenApiDocument> | undefined

/** GET → 200, the OpenAPI 3.1 document of /api/v1. Public: it describes the API, it reveals no data. */
export function GET(): Response {
  document ??= buildOpenApiDocument()
  return Response.json(document, {
    headers: { 'Cache-Control': 'public, max-age=300' },
  })
}
