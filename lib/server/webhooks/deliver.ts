import 'server-only'
import http from 'node:http'
import https from 'node:https'
import { isRetryableStatus, WEBHOOK_RESPONSE_EXCERPT_CHARS, type WebhookPayload } from '@/lib/domain/webhooks/events'
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from '@/lib/domain/webhooks/signature'
import { env } from '@/lib/env'
import { prisma } from '@/lib/server/db'
import { openWebhookSecret } from './secret-box'
import { guardedLookup, webhookUrlProblem, WebhookTargetRefused } from './url-guard'

/** How long one delivery may hold its row before another worker may try it. */
const CLAIM_SECONDS = 60
export const WEBHOOK_TIMEOUT_MS = 10_000
const ERROR_CHARS = 500

export type WebhookDeliveryResult = 'delivered' | 'skipped' | 'failed'

/** A failure worth another attempt (5xx, 408, 429, timeouts, network errors): thrown for the queue's backoff. */
export class WebhookRetryableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WebhookRetryableError'
  }
}

type Answer = { status: number; excerpt: string; location: string | null }

/**
 * POSTs one delivery, once: the claim is one UPDATE only a single worker can
 * win (as deliverMail does). 2xx marks it DELIVERED. A retryable failure goes
 * back to QUEUED with its reason and is rethrown for the queue's backoff, or is
 * FAILED on the last attempt; any other failure (4xx, a redirect, a refused
 * address) is FAILED at once. Every attempt is counted and its status code or
 * error kept in the log.
 */
export async function deliverWebhook(
  deliveryId: string,
  options: { lastAttempt: boolean; allowHttp?: boolean; timeoutMs?: number; now?: () => Date },
): Promise<WebhookDeliveryResult> {
  const claimed = await prisma.$queryRaw<{ payload: WebhookPayload; event: string; url: string; secret: string; active: boolean }[]>`
    UPDATE "WebhookDelivery" d
       SET "claimedUntil" = now() + make_interval(secs => ${CLAIM_SECONDS}), attempts = d.attempts + 1
      FROM "Webhook" w
     WHERE d.id = ${deliveryId}::uuid AND w.id = d."webhookId" AND d.status = 'QUEUED'
       AND (d."claimedUntil" IS NULL OR d."claimedUntil" < now())
    RETURNING d.payload, d.event, w.url, w.secret, w.active`
  const row = claimed[0]
  if (!row) return 'skipped'
  const fail = async (reason: string, statusCode: number | null = null): Promise<WebhookDeliveryResult> => {
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'FAILED', lastError: reason.slice(0, ERROR_CHARS), lastStatusCode: statusCode, claimedUntil: null },
    })
    return 'failed'
  }
  const retry = async (reason: string, statusCode: number | null = null): Promise<WebhookDeliveryResult> => {
    if (options.lastAttempt) return fail(`${reason} (last attempt)`, statusCode)
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'QUEUED', lastError: reason.slice(0, ERROR_CHARS), lastStatusCode: statusCode, claimedUntil: null },
    })
    throw new WebhookRetryableError(reason)
  }

  if (!row.active) return fail('The webhook was deactivated before this delivery.')
  const allowHttp = options.allowHttp ?? env().WEBHOOKS_ALLOW_HTTP
  // Checked again at every delivery: the flag or the rules may have changed since registration.
  const problem = webhookUrlProblem(row.url, { allowHttp })
  if (problem) return fail(`Refused: ${problem}`)
  let secret: string
  try {
    secret = openWebhookSecret(row.secret)
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  const p = row.payload
  const body = JSON.stringify({ id: p.id, event: p.event, occurredAt: p.occurredAt, data: p.data })
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Changeboard-Webhooks/1',
    [SIGNATURE_HEADER]: signatureHeader(secret, body, (options.now ?? (() => new Date()))()),
    [EVENT_HEADER]: row.event,
    [DELIVERY_HEADER]: deliveryId,
  }

  let answer: Answer
  try {
    answer = await post(new URL(row.url), body, headers, { allowHttp, timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS })
  } catch (error) {
    if (error instanceof WebhookTargetRefused) return fail(`Refused: ${error.message}`)
    const code = (error as NodeJS.ErrnoException).code
    return retry(`${code ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`)
  }
  const excerpt = answer.excerpt.replace(/\s+/g, ' ').trim()
  const said = excerpt ? `: ${excerpt}` : ''
  if (answer.status >= 200 && answer.status < 300) {
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'DELIVERED', lastStatusCode: answer.status, lastError: null, deliveredAt: new Date(), claimedUntil: null },
    })
    return 'delivered'
  }
  if (answer.status >= 300 && answer.status < 400) {
    return fail(`HTTP ${answer.status}: redirects are not followed${answer.location ? ` (to ${answer.location.slice(0, 200)})` : ''}; register the final URL.`, answer.status)
  }
  if (isRetryableStatus(answer.status)) return retry(`HTTP ${answer.status}${said}`, answer.status)
  return fail(`HTTP ${answer.status}${said}`, answer.status)
}

/** One POST: no redirects followed, the whole exchange bounded by the timeout, only an excerpt of the answer read. */
function post(url: URL, body: string, headers: Record<string, string>, options: { allowHttp: boolean; timeoutMs: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body, 'utf8')) },
        // The DNS answer is checked and pinned for this connection (SSRF); a fresh agent so a pooled socket never skips it.
        lookup: guardedLookup({ allowHttp: options.allowHttp }),
        agent: false,
      },
      (response) => {
        let excerpt = ''
        const done = () => {
          clearTimeout(timer)
          resolve({ status: response.statusCode ?? 0, excerpt, location: response.headers.location ?? null })
        }
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          excerpt += chunk.slice(0, WEBHOOK_RESPONSE_EXCERPT_CHARS - excerpt.length)
          // Enough for the log: stop reading (the receiver's body is never stored beyond the excerpt).
          if (excerpt.length >= WEBHOOK_RESPONSE_EXCERPT_CHARS) {
            response.destroy()
            done()
          }
        })
        response.on('end', done)
        response.on('error', (error) => {
          clearTimeout(timer)
          reject(error)
        })
      },
    )
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${options.timeoutMs / 1000} s`)), options.timeoutMs)
    request.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    request.end(body)
  })
}

/** QUEUED deliveries whose job never came (or whose claim expired): what the sweep hands back to the queue. */
export async function strandedWebhookDeliveryIds(olderThanSeconds = 60, limit = 500): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM "WebhookDelivery"
     WHERE status = 'QUEUED' AND "createdAt" < now() - make_interval(secs => ${olderThanSeconds})
       AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
     ORDER BY "createdAt"
     LIMIT ${limit}`
  return rows.map((r) => r.id)
}
