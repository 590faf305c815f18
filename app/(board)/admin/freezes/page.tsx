import type { Metadata } from 'next'
import Link from 'next/link'
import { FreezeTable } from '@/components/freezes/freeze-table'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { FREEZE_STATUS_LABELS, listFreezes } from '@/lib/server/freezes/list-freezes'
import { viewerTimeZone } from '@/lib/server/viewer'

export const metadata: Metadata = { title: 'Freeze periods' }

export default async function FreezesPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'freeze:manage')
  const freezes = await listFreezes(actor)
  const zone = viewerTimeZone(actor)
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Freeze periods</h1>
        <Link href="/admin/freezes/new" className="btn-primary">
          Declare a freeze
        </Link>
      </div>
      <FreezeTable freezes={freezes.map((f) => ({ ...f, statusLabel: FREEZE_STATUS_LABELS[f.status] }))} viewerZone={zone} />
    </div>
  )
}
