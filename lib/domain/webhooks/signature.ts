// The Changeboard-Signature header: HMAC-SHA256 over "<t>.<raw body>" with the
// webhook's secret, t in unix seconds. The timestamp is signed so a receiver
// can refuse replays older than a few minutes.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'Changeboard-Signature'
export const EVENT_HEADER = 'Changeboard-Event'
export const DELIVERY_HEADER = 'Changeboard-Delivery'

export function signatureDigest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

/** `t=<unix seconds>,v1=<hex>` for this body at this time. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  return `t=${t},v1=${signatureDigest(secret, t, body)}`
}

export function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null
  const v1: string[] = []
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2)
    if (key === 't' && value && /^\d+$/.test(value)) t = Number(value)
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) v1.push(value)
  }
  return t === null || v1.length === 0 ? null : { t, v1 }
}

/**
 * What a receiver does: recompute the digest over the raw body, compare in
 * constant time, and refuse timestamps further than `toleranceSeconds` from now.
 */
export function verifySignature(secret: string, body: string, header: string, now: Date, toleranceSeconds = 300): boolean {
  const parsed = parseSignatureHeader(header)
  if (!parsed) return false
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.t) > toleranceSeconds) return false
  const expected = Buffer.from(signatureDigest(secret, parsed.t, body), 'hex')
  return parsed.v1.some((candidate) => {
    const given = Buffer.from(candidate, 'hex')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}
