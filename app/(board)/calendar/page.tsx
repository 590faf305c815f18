import type { Metadata } from 'next'
import { CALENDAR_VIEWS, type CalendarView } from '@/lib/domain/calendar/calendar-event'
import { ChangeCalendar } from '@/components/calendar/change-calendar'
import { SubscribePanel } from '@/components/calendar/subscribe-panel'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { listCalendarServiceOptions } from '@/lib/server/freezes/list-freezes'
import { publicBaseUrl } from '@/lib/server/http/public-url'
import { viewerCalendarSettings } from '@/lib/server/viewer'
import { regenerateIcsTokenAction } from './actions'

export const metadata: Metadata = { title: 'Calendar' }

type Search = Promise<{ service?: string; date?: string; view?: string }>

export default async function CalendarPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'calendar:read')
  const query = await searchParams
  const [services, settings] = await Promise.all([listCalendarServiceOptions(), viewerCalendarSettings(actor)])
  const serviceId = services.some((s) => s.id === query.service) ? (query.service ?? null) : null
  const initialDate = query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date) ? query.date : null
  const initialView: CalendarView = CALENDAR_VIEWS.find((v) => v === query.view) ?? 'dayGridMonth'
  // The feed link is pasted into calendar apps: built from configuration, not from request headers.
  const origin = publicBaseUrl()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Calendar</h1>
      <p>
        Times are shown in your time zone: <strong>{settings.timeZone}</strong>. Freeze periods appear as bands labelled “HARD freeze” (hatched) or “SOFT freeze”
        (dotted); a change marked “⚠ Conflict” overlaps a freeze or another change on the same service.
      </p>
      <form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="calendar-service" className="block font-medium">
            Service
          </label>
          <select id="calendar-service" name="service" defaultValue={serviceId ?? ''} className="field-input">
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {initialDate ? <input type="hidden" name="date" value={initialDate} /> : null}
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </form>
      <ChangeCalendar key={serviceId ?? 'all'} timeZone={settings.timeZone} serviceId={serviceId} initialDate={initialDate} initialView={initialView} />
      <SubscribePanel feedUrl={settings.icsToken ? `${origin}/api/calendar/${settings.icsToken}` : null} services={services} regenerate={regenerateIcsTokenAction} />
    </div>
  )
}
