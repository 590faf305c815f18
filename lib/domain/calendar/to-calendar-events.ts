import { instantToWallTime } from '../time/zoned'
import type { CalendarEventInput } from './calendar-event'

type Change = { id: string; number: string; title: string; status: string; start: Date; end: Date; serviceNames: string[]; conflicts: string[] }
type Freeze = { key: string; name: string; severity: 'HARD' | 'SOFT'; start: Date; end: Date; scopeLabel: string; note: string | null }

/** An instant as the viewer's wall-clock time, 'YYYY-MM-DDTHH:mm:ss' without an offset. */
export function toFloating(instant: Date, timeZone: string): string {
  return new Date(instantToWallTime(instant, timeZone)).toISOString().slice(0, 19)
}

/** Changes as linked blocks (a conflict is marked in the title text); freezes as labelled bands. */
export function toCalendarEvents(data: { changes: Change[]; freezes: Freeze[] }, timeZone: string): CalendarEventInput[] {
  return [
    ...data.freezes.map((f) => ({
      id: `freeze:${f.key}`,
      title: `${f.severity} freeze: ${f.name}`,
      start: toFloating(f.start, timeZone),
      end: toFloating(f.end, timeZone),
      classNames: ['cb-freeze', f.severity === 'HARD' ? 'cb-freeze-hard' : 'cb-freeze-soft'],
      extendedProps: { kind: 'freeze' as const, detail: [`Scope: ${f.scopeLabel}`, ...(f.note ? [f.note] : [])].join('. ') },
    })),
    ...data.changes.map((c) => ({
      id: `change:${c.id}`,
      title: `${c.conflicts.length > 0 ? '⚠ Conflict: ' : ''}${c.number} ${c.title}`,
      start: toFloating(c.start, timeZone),
      end: toFloating(c.end, timeZone),
      url: `/changes/${c.id}`,
      display: 'block' as const,
      classNames: c.conflicts.length > 0 ? ['cb-change', 'cb-conflict'] : ['cb-change'],
      extendedProps: { kind: 'change' as const, detail: [`${c.status}; services: ${c.serviceNames.join(', ')}`, ...c.conflicts].join('. ') },
    })),
  ]
}
