import type { Metadata } from 'next'
import { FreezeForm } from '@/components/freezes/freeze-form'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { listFreezeServiceOptions } from '@/lib/server/freezes/list-freezes'
import { viewerTimeZone } from '@/lib/server/viewer'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { saveFreezeAction } from '../actions'

export const metadata: Metadata = { title: 'Declare a freeze' }

export default async function NewFreezePage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'freeze:manage')
  const services = await listFreezeServiceOptions(actor)
  const zone = viewerTimeZone(actor)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Declare a freeze</h1>
      <FreezeForm
        action={saveFreezeAction}
        services={services}
        timeZones={timeZoneOptions()}
        submitLabel="Save freeze"
        defaults={{ name: '', reason: '', startsAtLocal: '', endsAtLocal: '', timeZone: zone, scope: 'ALL_SERVICES', serviceIds: [], severity: 'HARD', rrule: null }}
      />
    </div>
  )
}
