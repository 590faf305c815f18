const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Why a request must be refused as cross-site, or null. Applies to
 * state-changing requests that carry cookies (the session is a cookie, so a
 * forged cross-site request would act as the victim); cookie-less requests
 * (a future bearer token) are not this rule's business.
 *
 * Browsers always send `Origin` on POST, so a cookie-bearing write without it
 * is refused too. The origin must be the app's public one (NEXTAUTH_URL) or
 * the host the browser addressed (Host header): an attacker's page can set
 * neither. `Sec-Fetch-Site`, where sent, must say same-origin.
 */
export function crossSiteWriteProblem(request: Request, appUrl: string | undefined): string | null {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return null
  if (!request.headers.get('cookie')) return null
  const fetchSite = request.headers.get('sec-fetch-site')
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return 'Cross-site requests may not change anything.'
  const origin = request.headers.get('origin')
  if (!origin || origin === 'null') return 'A request that changes something must come from a Changeboard page (no Origin header was sent).'
  let sent: URL
  try {
    sent = new URL(origin)
  } catch {
    return 'The Origin header is not a URL.'
  }
  const allowed = new Set<string>()
  if (appUrl) allowed.add(new URL(appUrl).origin)
  const host = request.headers.get('host')
  if (host && sent.host === host) return null
  return allowed.has(sent.origin) ? null : `Requests from ${sent.origin} may not change anything here.`
}
