import { NextResponse, type NextRequest } from 'next/server'
import { isAppError } from '@/lib/server/errors'
import { icsFeed } from '@/lib/server/freezes/ics-feed'
import { publicBaseUrl } from '@/lib/server/http/public-url'

// Subscribable ICS feed: the secret token in the URL is the credential (calendar
// clients cannot sign in). ?service=<id> narrows it to one service.
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const service = request.nextUrl.searchParams.get('service')
  if (service !== null && !/^[0-9a-f-]{36}$/i.test(service)) {
    return NextResponse.json({ error: { code: 'INVALID_INPUT', message: 'service must be a service id.' } }, { status: 400 })
  }
  try {
    const body = await icsFeed({ token, serviceId: service, baseUrl: publicBaseUrl() })
    return new NextResponse(body, {
      headers: {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'inline; filename="changeboard.ics"',
        // Personal data behind a secret URL: never cached by shared caches.
        'Cache-Control': 'private, no-store',
      },
    })
  } catch (error) {
    if (!isAppError(error)) throw error
    return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.httpStatus })
  }
}
