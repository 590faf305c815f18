import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { assertCan } from '../authz'
import { prisma } from '../db'
import { AppError } from '../errors'
import { buildCalendar, MAX_CALENDAR_RANGE_MS, type CalendarData } from './build-calendar'
import type { TCalendarEventsInput } from './schemas'

/** The calendar view's data: open to everyone signed in (a CAB works in the open). */
export async function calendarEvents(actor: Actor, input: TCalendarEventsInput): Promise<CalendarData> {
  assertCan(actor, 'calendar:read')
  if (input.end.getTime() - input.start.getTime() > MAX_CALENDAR_RANGE_MS) {
    throw new AppError('INVALID_INPUT', 'Ask for at most about a year at a time.')
  }
  // No transaction: under READ COMMITTED it would not give one snapshot anyway, only pin a connection (and time out under load).
  return buildCalendar(prisma, { start: input.start, end: input.end }, input.serviceId)
}
