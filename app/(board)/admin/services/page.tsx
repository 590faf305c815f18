import type { Metadata } from 'next'
import Link from 'next/link'
import { ServiceForm } from '@/components/admin/service-form'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { listOwnerCandidates, listServicesForAdmin } from '@/lib/server/services/manage-services'
import { CRITICALITY_LABELS } from '@/lib/server/services/schemas'
import { createServiceAction } from './actions'

export const metadata: Metadata = { title: 'Services' }

const CRITICALITY_OPTIONS = Object.entries(CRITICALITY_LABELS).map(([value, label]) => ({ value, label }))

export default async function ServicesPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'service:manage')
  const [services, owners] = await Promise.all([listServicesForAdmin(actor), listOwnerCandidates(actor)])
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold">Services</h1>
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">All services</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="p-2">Name</th>
            <th scope="col" className="p-2">Criticality</th>
            <th scope="col" className="p-2">Owner</th>
            <th scope="col" className="p-2">Description</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.id} className="border-b border-slate-200">
              <td className="p-2">
                <Link href={`/admin/services/${service.id}`} className="link">
                  {service.name}
                </Link>
              </td>
              <td className="p-2">{CRITICALITY_LABELS[service.criticality]}</td>
              <td className="p-2">
                {service.owner.name}
                {service.owner.active ? '' : ' (deactivated)'}
              </td>
              <td className="p-2 text-slate-700">{service.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="new-service-heading" className="space-y-4">
        <h2 id="new-service-heading" className="text-xl font-semibold">
          Add a service
        </h2>
        <ServiceForm action={createServiceAction} owners={owners} criticalities={CRITICALITY_OPTIONS} submitLabel="Add service" timeZones={timeZoneOptions()} />
      </section>
    </div>
  )
}
