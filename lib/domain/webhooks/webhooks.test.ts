import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isRetryableStatus, isWebhookEvent, statusChangeMovesGate, WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from './events'
import { parseSignatureHeader, signatureHeader, verifySignature } from './signature'

describe('webhook event kinds', () => {
  it('are the four kinds of issue 12, each with a label', () => {
    expect(WEBHOOK_EVENTS).toEqual(['change.status_changed', 'signoff.recorded', 'freeze.saved', 'gate.changed'])
    for (const kind of WEBHOOK_EVENTS) expect(WEBHOOK_EVENT_LABELS[kind]).toBeTruthy()
    expect(isWebhookEvent('freeze.saved')).toBe(true)
    expect(isWebhookEvent('change.deleted')).toBe(false)
  })

  it('move the gate when a change enters or leaves SCHEDULED/IN_PROGRESS, and only then', () => {
    expect(statusChangeMovesGate('APPROVED', 'SCHEDULED')).toBe(true)
    expect(statusChangeMovesGate('SCHEDULED', 'IN_PROGRESS')).toBe(true)
    expect(statusChangeMovesGate('IN_PROGRESS', 'COMPLETED')).toBe(true)
    expect(statusChangeMovesGate('SCHEDULED', 'APPROVED')).toBe(true)
    expect(statusChangeMovesGate('SCHEDULED', 'CANCELLED')).toBe(true)
    expect(statusChangeMovesGate('DRAFT', 'SUBMITTED')).toBe(false)
    expect(statusChangeMovesGate('SUBMITTED', 'APPROVED')).toBe(false)
    expect(statusChangeMovesGate('COMPLETED', 'CLOSED')).toBe(false)
  })

  it('retry server errors, 408 and 429, and give up on other 4xx', () => {
    for (const status of [500, 502, 503, 504, 408, 429]) expect(isRetryableStatus(status)).toBe(true)
    for (const status of [400, 401, 403, 404, 410, 413, 422]) expect(isRetryableStatus(status)).toBe(false)
  })
})

describe('webhook signatures', () => {
  const secret = 'whsec_test_0123456789'
  const body = JSON.stringify({ id: 'd1', event: 'freeze.saved', data: { name: 'Année' } })
  const at = new Date('2031-06-10T09:00:00Z')

  it('are HMAC-SHA256 over "<t>.<body>" in hex, with t in unix seconds', () => {
    const header = signatureHeader(secret, body, at)
    const t = Math.floor(at.getTime() / 1000)
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`)
    expect(parseSignatureHeader(header)).toEqual({ t, v1: [header.split('v1=')[1]] })
  })

  it('verify with the right secret and body, and not with a wrong secret, a changed body or an old timestamp', () => {
    const header = signatureHeader(secret, body, at)
    expect(verifySignature(secret, body, header, at)).toBe(true)
    expect(verifySignature('whsec_wrong', body, header, at)).toBe(false)
    expect(verifySignature(secret, body.replace('Année', 'Annee'), header, at)).toBe(false)
    expect(verifySignature(secret, body, header, new Date(at.getTime() + 10 * 60_000))).toBe(false)
    expect(verifySignature(secret, body, 'v1=abc', at)).toBe(false)
  })
})
