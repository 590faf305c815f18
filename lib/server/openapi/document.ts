import { z } from 'zod'
import {
  createDocument,
  type ZodOpenApiHeadersObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi'
import { MAX_JSON_BYTES } from '@/lib/server/http/json-api'
import { API_ROUTES, type ApiRoute, type ErrorStatus } from './routes'
import { ZApiError } from './responses'

// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas by
// zod-openapi (served by app/api/v1/openapi.json/route.ts, shown at /api/docs).

export const API_BASE = '/api/v1'

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'INVALID_INPUT: a field is wrong (`fieldErrors` by field), the body is not a JSON object sent as application/json, or PATCH without If-Match.',
  401: 'UNAUTHENTICATED: no credentials, or an unknown, malformed, revoked or expired token, or a deactivated user’s (with `WWW-Authenticate: Bearer`).',
  403: 'FORBIDDEN: the policy refuses (its sentence is the message), a read token on a write, a sign-off by token, a cross-site cookie write.',
  404: 'NOT_FOUND: no such change or freeze.',
  409: 'CONFLICT: the state changed under you (a stale sign-off revision, a report the change does not authorise now), with `reasons`.',
  412: 'PRECONDITION_FAILED: If-Match (or `version`) names an older version of the change.',
  413: `PAYLOAD_TOO_LARGE: a body over ${MAX_JSON_BYTES / 1024} KB.`,
  422: 'REFUSED: the domain refuses (cannot submit, gate closed), with every `reasons[]` entry.',
  429: 'RATE_LIMITED: the token’s requests this minute are used up; see `Retry-After`.',
}

function errorResponse(status: ErrorStatus): ZodOpenApiResponseObject {
  const headers: ZodOpenApiHeadersObject = {}
  if (status === 401)
    headers['WWW-Authenticate'] = {
      schema: { type: 'string' },
      description: 'Bearer realm="changeboard"',
    }
  if (status === 429)
    headers['Retry-After'] = {
      schema: { type: 'integer' },
      description: 'Seconds until the token may call again.',
    }
  return {
    description: ERROR_DESCRIPTIONS[status],
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/json': { schema: ZApiError } },
  }
}

/** `{id}` style path parameters, all ids (UUIDs). */
function pathParams(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')
  if (names.length === 0) return undefined
  return z.object(Object.fromEntries(names.map((name) => [name, z.guid().meta({ description: 'The id (UUID).' })])))
}

const ifMatchHeader = (required: boolean) =>
  z.object({
    'If-Match': (required ? z.string() : z.string().optional()).meta({
      description: 'The change’s `version` you last read: `3`, `"3"` or `W/"3"`.',
      example: '3',
    }),
  })

function operation(route: ApiRoute): ZodOpenApiOperationObject {
  const statuses = [...new Set<ErrorStatus>([...(route.public ? [] : ([401, 429] as const)), ...route.errors])].sort((a, b) => a - b)
  const responses: ZodOpenApiResponsesObject = {
    [String(route.success.status)]: {
      description: route.success.description,
      ...(route.success.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(route.success.headers).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }]),
            ),
          }
        : {}),
      content: { 'application/json': { schema: route.success.schema } },
    },
    ...Object.fromEntries(statuses.map((status) => [String(status), errorResponse(status)])),
  }
  const path = pathParams(route.path)
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    requestParams: {
      ...(path ? { path } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.ifMatch ? { header: ifMatchHeader(route.ifMatch === 'required') } : {}),
    },
    ...(route.body
      ? {
          requestBody: {
            required: route.body.required,
            content: { 'application/json': { schema: route.body.schema } },
          },
        }
      : {}),
    responses,
  }
}

/** `post /changes/{id}/sign-offs` → `postChangesIdSignOffs`. */
export function operationId(route: Pick<ApiRoute, 'method' | 'path'>): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean)
  return route.method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')
}

export function buildOpenApiDocument(routes: readonly ApiRoute[] = API_ROUTES) {
  const paths: ZodOpenApiPathsObject = {}
  for (const route of routes) {
    const key = `${API_BASE}${route.path}`
    paths[key] = { ...paths[key], [route.method]: operation(route) }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Changeboard API',
      version: '1',
      description:
        'The change advisory board for people and pipelines. Send `Authorization: Bearer cb_…` (a token from Profile → API tokens) or use the browser session. Times are ISO 8601 instants; errors are always `{ "error": { "code", "message", "reasons"?, "fieldErrors"? } }`.',
    },
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    tags: [
      { name: 'Changes', description: 'Create, read and edit changes.' },
      {
        name: 'Lifecycle',
        description: 'Move a change: submit, sign off, schedule, start, record the outcome, cancel.',
      },
      {
        name: 'Gate',
        description: 'The pipeline gate and deployment reports.',
      },
      { name: 'Freezes', description: 'The freeze calendar.' },
      { name: 'Services', description: 'The service catalogue.' },
      { name: 'Meta', description: 'This description.' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'cb_ followed by 43 base64url characters',
          description:
            'An API token (Profile → API tokens, or a service account’s). A request with this header is judged by the token alone; a read-scope token gets 403 on POST, PATCH, PUT and DELETE. Rate-limited per token (429 with Retry-After).',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'next-auth.session-token',
          description:
            'The browser session (`__Secure-next-auth.session-token` over HTTPS). A state-changing request carrying cookies must come from a Changeboard page (same Origin), otherwise 403.',
        },
      },
    },
  })
}
