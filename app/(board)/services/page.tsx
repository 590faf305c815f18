import type { Metadata } from 'next'
import Link from 'next/link'
import { WatchToggle } from '@/components/changes/watch-toggle'
import { requireActor } from '@/lib/server/authz'
import { CRITICALITY_LABELS } from '@/lib/server/services/schemas'
import { listServicesToWatch } from '@/lib/server/watching/watch'
import { watchServiceAction } from './actions'

export const metadata: Metadata = { title: 'Services' }

// Every signed-in user's view of the services (admins edit them under /admin/services):
// watch one to hear about every change that touches it.
export default async function ServicesPage() {
  const actor = await requireActor()
  const services = await listServicesToWatch(actor)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Services</h1>
      <p className="text-slate-700">Watch a service to be told about every change that touches it: status updates while the work runs, and more as notices grow.</p>
      {services.length === 0 ? (
        <p className="text-slate-600">No services yet.</p>
      ) : (
        <ul className="space-y-3">
          {services.map((service) => (
            <li key={service.id} id={`service-${service.id}`} className="rounded border border-slate-300 bg-white p-3">
              <h2 className="text-lg font-semibold">
                <Link href={`/changes?serviceId=${service.id}`} className="link" title={`Changes to ${service.name}`}>
                  {service.name}
                </Link>
              </h2>
              <p className="text-sm text-slate-700">
                {CRITICALITY_LABELS[service.criticality]} criticality · owner {service.ownerName}
              </p>
              {service.description ? <p className="mt-1 text-slate-700">{service.description}</p> : null}
              <div className="mt-2">
                <WatchToggle action={watchServiceAction} watching={service.watching} subject={service.name} target={{ serviceId: service.id }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
