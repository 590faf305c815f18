import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { FreezeActionButton } from '@/components/freezes/freeze-action-button'
import { FreezeForm } from '@/components/freezes/freeze-form'
import { timeZoneOptions, utcToLocalInput } from '@/lib/domain/time/zoned'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { FREEZE_STATUS_LABELS, freezeStatus, getFreezeForEdit, listFreezeServiceOptions } from '@/lib/server/freezes/list-freezes'
import { deleteOrArchiveFreezeAction, endFreezeEarlyAction, saveFreezeAction } from '../actions'

export const metadata: Metadata = { title: 'Edit freeze' }

export default async function EditFreezePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'freeze:manage')
  const { id } = await params
  const freeze = /^[0-9a-f-]{36}$/i.test(id) ? await getFreezeForEdit(actor, id) : null
  if (!freeze) notFound()
  const services = await listFreezeServiceOptions(actor)
  const status = freezeStatus(freeze, new Date())
  return (
    <div className="space-y-8">
      <p>
        <Link href="/admin/freezes" className="link">
          ← All freeze periods
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Freeze: {freeze.name}</h1>
      <p>
        Status: <strong>{FREEZE_STATUS_LABELS[status]}</strong>
      </p>
      {status === 'archived' ? (
        <p>This freeze is archived: it no longer blocks changes and cannot be edited.</p>
      ) : (
        <>
          <FreezeForm
            action={saveFreezeAction}
            services={services}
            timeZones={timeZoneOptions()}
            submitLabel="Save changes"
            defaults={{
              id: freeze.id,
              name: freeze.name,
              reason: freeze.reason,
              startsAtLocal: utcToLocalInput(freeze.startsAt, freeze.timeZone),
              endsAtLocal: utcToLocalInput(freeze.endsAt, freeze.timeZone),
              timeZone: freeze.timeZone,
              scope: freeze.scope,
              serviceIds: freeze.services.map((s) => s.serviceId),
              severity: freeze.severity,
              rrule: freeze.rrule,
            }}
          />
          <section aria-labelledby="lifecycle-heading" className="space-y-4 border-t border-slate-300 pt-6">
            <h2 id="lifecycle-heading" className="text-xl font-semibold">
              End or remove
            </h2>
            {status === 'active' ? (
              <FreezeActionButton action={endFreezeEarlyAction} freezeId={freeze.id} label="End now" explanation="Ends the freeze at this moment (a repeating freeze stops repeating; a running occurrence runs to its end)." />
            ) : null}
            <FreezeActionButton
              action={deleteOrArchiveFreezeAction}
              freezeId={freeze.id}
              label="Delete or archive"
              explanation="Deletes the freeze if it never affected a change; otherwise archives it so its exceptions and history stay on record."
            />
          </section>
        </>
      )}
    </div>
  )
}
