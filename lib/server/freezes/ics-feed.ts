import 'server-only'
import { createEventsAsync, type EventAttributes } from 'ics'
import { prisma } from '../db'
import { AppError } from '../errors'
import { buildCalendar } from '@/lib/server/freezes/calendar'
import { sharedResult } from '@/lib/server/shared-result'

const DAY = 86_400_000

/**
 * The subscribable calendar of one user (authenticated by the secret token in
 * the URL): scheduled/in-progress changes and freeze occurrences from 30 days
 * ago to a year ahead, for one service or all. Times are UTC instants, so every
 * calendar client shows them in its own zone. A feed may be up to a minute old
 * (several while a newer one is built).
 */
export async function icsFeed(input: { token: string; serviceId: string | null; baseUrl: string }, now = new Date()): Promise<string> {
  const user = input.token.length >= 20 ? await prisma.user.findUnique({ where: { icsToken: input.token }, select: { id: true, active: true } }) : null
  if (!user || !user.active) throw new AppError('NOT_FOUND', 'Unknown calendar link.')
  if (input.serviceId && !(await prisma.service.findUnique({ where: { id: input.serviceId }, select: { id: true } }))) {
    throw new AppError('NOT_FOUND', 'Unknown service.')
  }
  // The feed is the same for every subscriber of the service (only the token says who may read it), and calendar
  // clients poll it: it is built once a minute per service and shared (sharedResult), not once per subscriber.
  return sharedFeeds(JSON.stringify([input.serviceId, input.baseUrl]), () => buildFeed(input.serviceId, input.baseUrl, now), now.getTime())
}

const sharedFeeds = sharedResult<string>({ freshMs: 60_000, staleMs: 15 * 60_000, maxEntries: 500 })

async function buildFeed(serviceId: string | null, baseUrl: string, now: Date): Promise<string> {
  const range = { start: new Date(now.getTime() - 30 * DAY), end: new Date(now.getTime() + 365 * DAY) }
  // Read-only and READ COMMITTED: a transaction would only pin a connection (and time out under load).
  const data = await buildCalendar(prisma, range, serviceId)
  const events: EventAttributes[] = [
    ...data.changes.map((c): EventAttributes => ({
      uid: `change-${c.id}@changeboard`,
      title: `${c.number} ${c.title}`,
      start: c.start.getTime(),
      end: c.end.getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      endInputType: 'utc',
      endOutputType: 'utc',
      status: 'CONFIRMED',
      url: `${baseUrl}/changes/${c.id}`,
      categories: ['Change'],
      description: [`Status: ${c.status}`, `Services: ${c.serviceNames.join(', ')}`, ...c.conflicts.map((x) => `Conflict: ${x}`)].join('\n'),
    })),
    ...data.freezes.map((f): EventAttributes => ({
      uid: `freeze-${f.freezeId}-${f.start.getTime()}@changeboard`,
      title: `${f.severity} freeze: ${f.name}`,
      start: f.start.getTime(),
      end: f.end.getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      endInputType: 'utc',
      endOutputType: 'utc',
      transp: 'TRANSPARENT',
      categories: ['Freeze'],
      description: `${f.severity === 'HARD' ? 'No changes may run (emergency exceptions only).' : 'Changes need a freeze exception.'}\nScope: ${f.scopeLabel}${f.note ? `\n${f.note}` : ''}`,
    })),
  ]
  // A year of a large board is thousands of events, and ics validates each one (~0.1 ms): the async form
  // yields to the event loop between batches, so one feed refresh does not stall every other request.
  const result = await createEventsAsync(events, { calName: 'Changeboard', productId: 'changeboard/ics' })
  if (result.error || !result.value) throw result.error ?? new Error('Could not build the calendar feed.')
  return result.value
}
