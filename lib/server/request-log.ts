import type { IncomingMessage, ServerResponse } from 'node:http'
import { subscribe } from 'node:diagnostics_channel'
import { enterRequestContext, log, requestIdFrom, type RequestContext } from './log'

/**
 * One log line per HTTP request, with its id, method, route, status, duration
 * and, when the request resolved a signed-in user, the user id.
 *
 * Next 16 offers no hook around a whole request (proxy.ts runs before the
 * route and never sees its status; it also skips /api and static files), so
 * this listens to Node's own HTTP server through diagnostics_channel:
 * `http.server.request.start` fires before Next gets the request, and
 * `http.server.response.finish` when the last byte was handed to the socket.
 * Every request the process serves gets exactly one line: pages, server
 * actions, route handlers, next-auth, static files (those at debug level).
 * A request whose client went away before the response finished gets its
 * line from the socket closing (`aborted: true`).
 *
 * The request id: the client's X-Request-Id when it is a plain id
 * (log.ts, requestIdFrom), else a new UUID; it is put back on the request's
 * headers (Next, and so server code, reads them afterwards) and on the
 * response. It becomes the request's context for every line logged while
 * the request is handled.
 */
const STARTED = Symbol.for('changeboard.request-log.installed')
type Tracked = { context: RequestContext; started: bigint; logged: boolean }

export function installRequestLog(): void {
  const flags = globalThis as { [STARTED]?: boolean }
  if (flags[STARTED]) return
  flags[STARTED] = true
  const tracked = new WeakMap<IncomingMessage, Tracked>()

  subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse }
    try {
      start(request, response)
    } catch (error) {
      // Logging must never stop a request from being served.
      log().error({ err: error }, 'request log: could not track a request')
    }
  })

  function start(request: IncomingMessage, response: ServerResponse): void {
    const requestId = requestIdFrom(request.headers['x-request-id'])
    request.headers['x-request-id'] = requestId
    response.setHeader('X-Request-Id', requestId)
    const context: RequestContext = { requestId }
    const entry: Tracked = { context, started: process.hrtime.bigint(), logged: false }
    tracked.set(request, entry)
    // The rest of this request's handling, synchronous and asynchronous, runs in its context.
    enterRequestContext(context)
    response.once('close', () => {
      if (!entry.logged) finish(request, response, entry, !response.writableFinished)
    })
  }

  subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse }
    const entry = tracked.get(request)
    if (entry && !entry.logged) finish(request, response, entry, false)
  })
}

function finish(request: IncomingMessage, response: ServerResponse, entry: Tracked, aborted: boolean): void {
  entry.logged = true
  const durationMs = Math.round(Number(process.hrtime.bigint() - entry.started) / 1e4) / 100
  const route = logRoute(request.url ?? '/')
  const line = {
    reqId: entry.context.requestId,
    ...(entry.context.userId ? { userId: entry.context.userId } : {}),
    method: request.method,
    route,
    status: response.statusCode,
    durationMs,
    ...(aborted ? { aborted: true } : {}),
  }
  const level = isStaticAsset(route) ? 'debug' : response.statusCode >= 500 ? 'error' : 'info'
  log()[level](line, 'request')
}

/**
 * The path to log: no query string (it carries OAuth codes and states,
 * callback URLs, search terms) and no secret path segments (the calendar
 * feed's token).
 */
export function logRoute(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '/'
  return path.replace(/^\/api\/calendar\/[^/]+/, '/api/calendar/[token]').slice(0, 200)
}

function isStaticAsset(route: string): boolean {
  return route.startsWith('/_next/static/') || route.startsWith('/_next/image') || route === '/favicon.ico'
}
