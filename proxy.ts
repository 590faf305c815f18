import { NextResponse, type NextRequest } from 'next/server'
import { PATHNAME_HEADER } from '@/lib/server/auth/pathname-header'
import { contentSecurityPolicy, strictTransportSecurity } from '@/lib/server/http/security-headers'

/**
 * Every page response gets a fresh CSP nonce (Next reads it from the request's
 * Content-Security-Policy header and puts it on its scripts) and the security
 * headers. It also tells server components which page was requested, so
 * requireActor() can send people back there after sign-in. Not an access
 * check: every page, action and use case checks the session and the policy.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64')
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development')
  const headers = new Headers(request.headers)
  headers.set(PATHNAME_HEADER, request.nextUrl.pathname + request.nextUrl.search)
  headers.set('x-nonce', nonce)
  headers.set('Content-Security-Policy', csp)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('Content-Security-Policy', csp)
  const hsts = strictTransportSecurity(process.env.NEXTAUTH_URL)
  if (hsts) response.headers.set('Strict-Transport-Security', hsts)
  return response
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
}
