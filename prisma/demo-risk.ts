/**
 * Explainable risk in the demo (issue 13): maintenance windows on the demo
 * services, so a change outside them shows the rule firing. The default rules,
 * thresholds and questions are not here: the migration
 * (20261207121000_risk) inserts them, so every install has them, demo or not.
 */
import type { Prisma } from '../lib/generated/prisma/client'

type Db = Pick<Prisma.TransactionClient, 'service'>

/** Weekly windows in each service's own zone; the Data Warehouse has none (any time will do). */
export const DEMO_MAINTENANCE_WINDOWS: Record<string, { days: number[]; start: string; end: string; timeZone: string }> = {
  'Payments API': { days: [2, 4], start: '22:00', end: '02:00', timeZone: 'Europe/London' },
  'Message Queue': { days: [6, 7], start: '00:00', end: '06:00', timeZone: 'UTC' },
  'Customer Portal': { days: [1, 2, 3, 4, 5], start: '06:00', end: '08:00', timeZone: 'America/New_York' },
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

export async function seedDemoRisk(db: Db, services: ReadonlyMap<string, string>): Promise<void> {
  for (const [name, window] of Object.entries(DEMO_MAINTENANCE_WINDOWS)) {
    const id = services.get(name)
    if (!id) throw new Error(`Demo service ${name} missing`)
    await db.service.update({
      where: { id },
      data: { maintenanceDays: window.days, maintenanceStartMinute: minutes(window.start), maintenanceEndMinute: minutes(window.end), maintenanceTimeZone: window.timeZone },
    })
  }
}
