import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { ServiceForm } from '@/components/admin/service-form'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { getServiceForAdmin, listOwnerCandidates } from '@/lib/server/services/manage-services'
import { CRITICALITY_LABELS } from '@/lib/server/services/schemas'
import { updateServiceAction } from '../actions'

export const metadata: Metadata = { title: 'Edit service' }

const CRITICALITY_OPTIONS = Object.entries(CRITICALITY_LABELS).map(([value, label]) => ({ value, label }))

export default async function EditServicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'service:manage')
  const { id } = await params
  const service = await getServiceForAdmin(actor, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const candidates = await listOwnerCandidates(actor)
  // Keep the current owner selectable even if they no longer qualify, so saving other fields still works.
  const owners = candidates.some((owner) => owner.id === service.ownerId)
    ? candidates
    : [{ id: service.ownerId, name: `${service.owner.name} (no longer eligible)` }, ...candidates]
  return (
    <div className="space-y-8">
      <p>
        <Link href="/admin/services" className="link">
          ← All services
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{service.name}</h1>
      <ServiceForm action={updateServiceAction} owners={owners} criticalities={CRITICALITY_OPTIONS} submitLabel="Save changes" timeZones={timeZoneOptions()} service={service} />
    </div>
  )
}
