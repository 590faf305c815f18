// The event shape the calendar route hands to FullCalendar. Times are the
// viewer's wall-clock times as "floating" ISO strings (no offset), and
// FullCalendar runs in 'UTC' mode, so it draws exactly those wall times: the
// zone conversion (DST included) is done once, on the server, by the domain.
export type CalendarEventInput = {
  id: string
  title: string
  start: string
  end: string
  url?: string
  display?: 'block'
  classNames: string[]
  extendedProps: { kind: 'change' | 'freeze'; detail: string }
}

/** The views the page offers (also accepted as ?view= so a link can open one). */
export const CALENDAR_VIEWS = ['dayGridMonth', 'timeGridWeek', 'listMonth'] as const
export type CalendarView = (typeof CALENDAR_VIEWS)[number]
