import { ChangeSummarySection, type ChangeSummary } from './change-summary-section'

/** Scheduled and running changes whose window falls in the next 7 days, times in the viewer's zone. */
export function UpcomingChanges({ items, timeZone }: { items: ChangeSummary[]; timeZone: string }) {
  return (
    <ChangeSummarySection
      id="upcoming-heading"
      title="Upcoming in the next 7 days"
      empty="Nothing is scheduled for the next 7 days."
      items={items}
      timeZone={timeZone}
      more={{ href: '/calendar', label: 'Open the calendar' }}
    />
  )
}
