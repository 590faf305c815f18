'use client'

import './calendar.css'
import type { EventSourceFuncArg } from '@fullcalendar/core'
import dayGridPlugin from '@fullcalendar/daygrid'
import listPlugin from '@fullcalendar/list'
import FullCalendar from '@fullcalendar/react'
import timeGridPlugin from '@fullcalendar/timegrid'
import { useCallback, useState } from 'react'
import type { CalendarEventInput, CalendarView } from '@/lib/domain/calendar/calendar-event'


type Props = { timeZone: string; serviceId: string | null; initialDate: string | null; initialView: CalendarView }

/**
 * Month / week / list calendar of scheduled changes and freeze periods. Events
 * arrive in the viewer's wall time (see calendar-event.ts), so FullCalendar
 * runs in 'UTC' mode and needs no time-zone plugin. Freezes are background
 * bands in the grid views and rows in the list view.
 */
export function ChangeCalendar({ timeZone, serviceId, initialDate, initialView }: Props) {
  const [problem, setProblem] = useState<string | null>(null)
  const fetchEvents = useCallback(
    async (info: EventSourceFuncArg): Promise<CalendarEventInput[]> => {
      const query = new URLSearchParams({ start: info.startStr, end: info.endStr })
      if (serviceId) query.set('service', serviceId)
      const response = await fetch(`/calendar/events?${query.toString()}`, { cache: 'no-store' })
      if (!response.ok) {
        setProblem('The calendar could not be loaded. Reload the page to try again.')
        return []
      }
      setProblem(null)
      return (await response.json()) as CalendarEventInput[]
    },
    [serviceId],
  )
  return (
    <div>
      {problem ? (
        <p role="alert" className="mb-2 text-red-900">
          {problem}
        </p>
      ) : null}
      <FullCalendar
        plugins={[dayGridPlugin, timeGridPlugin, listPlugin]}
        timeZone="UTC"
        initialView={initialView}
        initialDate={initialDate ?? undefined}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listMonth' }}
        // Text buttons: FullCalendar's chevron icons are role="img" without a name.
        buttonIcons={false}
        buttonText={{ prev: 'Previous', next: 'Next', today: 'Today', month: 'Month', week: 'Week', list: 'List' }}
        views={{ dayGridMonth: { eventDisplay: 'background' }, timeGridWeek: { eventDisplay: 'background' }, listMonth: { eventDisplay: 'list-item' } }}
        eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
        firstDay={1}
        height="auto"
        events={fetchEvents}
        eventDidMount={(arg) => {
          const detail = arg.event.extendedProps.detail
          if (typeof detail === 'string') arg.el.setAttribute('title', detail)
        }}
        noEventsText={`Nothing scheduled and no freeze in this period (times in ${timeZone}).`}
      />
    </div>
  )
}
