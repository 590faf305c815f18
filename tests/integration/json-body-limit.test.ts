import { describe, expect, it } from 'vitest'
import { jsonError, MAX_JSON_BYTES, readJsonBody } from '@/lib/server/http/json-api'
import { isAppError } from '@/lib/server/errors'

const json = { 'content-type': 'application/json' }

async function refusal(request: Request) {
  const error = await readJsonBody(request).then(
    () => null,
    (e: unknown) => e,
  )
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`)
  return jsonError(error)
}

describe('JSON bodies are bounded before they are parsed', () => {
  it('answers 413 from Content-Length alone, without reading a 20 MB body', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1
        controller.enqueue(new Uint8Array(1024 * 1024))
      },
    })
    const response = await refusal(
      new Request('http://app/api', { method: 'POST', headers: { ...json, 'content-length': String(20 * 1024 * 1024) }, body, duplex: 'half' } as RequestInit),
    )
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('KB') } })
    expect(pulled).toBeLessThanOrEqual(1)
  })

  it('stops reading a body that lies about (or omits) its length as soon as it passes the cap', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1
        controller.enqueue(new TextEncoder().encode(' '.repeat(16 * 1024)))
      },
    })
    const response = await refusal(new Request('http://app/api', { method: 'POST', headers: json, body, duplex: 'half' } as RequestInit))
    expect(response.status).toBe(413)
    expect(pulled * 16 * 1024).toBeLessThanOrEqual(MAX_JSON_BYTES + 32 * 1024)
  })

  it('still reads a normal body, and refuses one that is not a JSON object with 400', async () => {
    const ok = new Request('http://app/api', { method: 'POST', headers: json, body: JSON.stringify({ statement: 'x'.repeat(5000) }) })
    await expect(readJsonBody(ok)).resolves.toEqual({ statement: 'x'.repeat(5000) })
    expect((await refusal(new Request('http://app/api', { method: 'POST', headers: json, body: '[1,2]' }))).status).toBe(400)
    expect((await refusal(new Request('http://app/api', { method: 'POST', headers: json, body: '{"a":' }))).status).toBe(400)
  })
})
