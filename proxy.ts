import { NextResponse, type NextRequest } from 'next/server'
import { PATHNAME_HEADER } from '@/lib/server/auth/pathname-header'

/**
 * Tells server components which page was requested, so requireActor() can send
 * people back there after sign-in. Not a security check: every page, action and
 * use case checks the session and the policy itself.
 */
export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers)
  headers.set(PATHNAME_HEADER, request.nextUrl.pathname + request.nextUrl.search)
  return NextResponse.next({ request: { headers } })
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
}
