import { describe, expect, it } from 'vitest'
import { crossSiteWriteProblem } from './same-origin'

const APP = 'https://cab.example.org'
const post = (headers: Record<string, string>, method = 'POST') =>
  new Request('http://internal:3000/api/v1/changes/x/schedule', { method, headers: { cookie: 'next-auth.session-token=abc', ...headers } })

describe('crossSiteWriteProblem', () => {
  it('lets same-origin writes through, by the public URL or by the host the browser addressed', () => {
    expect(crossSiteWriteProblem(post({ origin: APP, 'sec-fetch-site': 'same-origin' }), APP)).toBeNull()
    expect(crossSiteWriteProblem(post({ origin: 'http://localhost:3000', host: 'localhost:3000' }), APP)).toBeNull()
  })

  it.each([
    ['a forged Origin', { origin: 'https://evil.example' }],
    ['a look-alike host', { origin: 'https://cab.example.org.evil.example' }],
    ['another port of the same host', { origin: 'https://cab.example.org:8443' }],
    ['Sec-Fetch-Site: cross-site, even with a matching Origin', { origin: APP, 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { origin: APP, 'sec-fetch-site': 'same-site' }],
    ['no Origin at all', {}],
    ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
    ['an Origin that is not a URL', { origin: 'not a url' }],
  ])('refuses a cookie-bearing POST with %s', (_label, headers) => {
    expect(crossSiteWriteProblem(post(headers), APP)).toEqual(expect.any(String))
  })

  it('applies to every state-changing method, not to reads', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(crossSiteWriteProblem(post({ origin: 'https://evil.example' }, method), APP)).not.toBeNull()
    expect(crossSiteWriteProblem(post({ origin: 'https://evil.example' }, 'GET'), APP)).toBeNull()
  })

  it('leaves requests without cookies alone (no session rides along)', () => {
    const request = new Request('http://internal:3000/api/v1/x', { method: 'POST', headers: { origin: 'https://evil.example' } })
    expect(crossSiteWriteProblem(request, APP)).toBeNull()
  })
})
