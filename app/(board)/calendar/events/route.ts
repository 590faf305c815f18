import { NextResponse, type NextRequest } from 'next/server'
import { toCalendarEvents } from '@/lib/domain/calendar/to-calendar-events'
import { getActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { calendarEvents } from '@/lib/server/freezes/calendar'
import { ZCalendarEventsInput } from '@/lib/server/freezes/schemas'
import { viewerTimeZone } from '@/lib/server/viewer'

const DAY = 86_400_000

// FullCalendar's event feed: GET ?start&end[&service]. The range it sends is in
// the viewer's floating wall time; widening it by a day on each side covers any offset.
export async function GET(request: NextRequest) {
  const actor = await getActor()
  if (!actor) return NextResponse.json({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to see the calendar.' } }, { status: 401 })
  const query = request.nextUrl.searchParams
  const parsed = ZCalendarEventsInput.safeParse({ start: query.get('start'), end: query.get('end'), serviceId: query.get('service') || null })
  if (!parsed.success) {
    return NextResponse.json({ error: { code: 'INVALID_INPUT', message: 'Give a valid start, end and (optionally) service.' } }, { status: 400 })
  }
  const input = { ...parsed.data, start: new Date(parsed.data.start.getTime() - DAY), end: new Date(parsed.data.end.getTime() + DAY) }
  try {
    const data = await calendarEvents(actor, input)
    const zone = viewerTimeZone(actor)
    return NextResponse.json(toCalendarEvents(data, zone))
  } catch (error) {
    if (!isAppError(error)) throw error
    return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.httpStatus })
  }
}
