import 'server-only'
import { createEvent } from 'ics'
import { formatChangeNumber } from '@/lib/domain/change-request/number'

export type InvitationChange = { id: string; number: number; title: string; windowStart: Date; windowEnd: Date; version: number }

/**
 * An iCalendar invitation for a change's window. The UID is the one the ICS
 * feed uses, so a calendar that has both shows one event; SEQUENCE is the
 * change's version, which grows with every write, so a reschedule updates
 * the event and an unschedule (METHOD:CANCEL) removes it.
 */
export function changeInvitation(
  change: InvitationChange,
  method: 'request' | 'cancel',
  people: { organizer: { name: string; email: string }; attendee: { name: string; email: string }; link: string },
): string {
  const result = createEvent({
    method: method === 'request' ? 'REQUEST' : 'CANCEL',
    uid: `change-${change.id}@changeboard`,
    sequence: change.version,
    title: `${formatChangeNumber(change.number)} ${change.title}`,
    start: change.windowStart.getTime(),
    end: change.windowEnd.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    status: method === 'request' ? 'CONFIRMED' : 'CANCELLED',
    url: people.link,
    description: people.link,
    productId: 'changeboard/mail',
    organizer: people.organizer,
    attendees: [{ ...people.attendee, rsvp: false, partstat: 'ACCEPTED', role: 'OPT-PARTICIPANT' }],
  })
  if (result.error || !result.value) throw result.error ?? new Error('Could not build the invitation.')
  return result.value
}
