import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { UserActiveForm } from '@/components/admin/user-active-form'
import { UserForm } from '@/components/admin/user-form'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { getUserForAdmin } from '@/lib/server/users/manage-users'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { setUserActiveAction, updateUserAction } from '../actions'
import { ServiceAccountTokensSection } from '../service-accounts'

export const metadata: Metadata = { title: 'Edit user' }

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'user:manage')
  const { id } = await params
  const user = await getUserForAdmin(actor, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  return (
    <div className="space-y-10">
      <p>
        <Link href="/admin/users" className="link">
          ← All users
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{user.name}</h1>
      <p className="text-slate-700">
        {user.kind === 'SERVICE' ? 'Service account: acts only through API tokens and never signs in.' : user.email}
        {user.oidcSubject ? ' · linked to single sign-on' : ''}
      </p>
      <section aria-labelledby="edit-heading" className="space-y-4">
        <h2 id="edit-heading" className="text-xl font-semibold">
          Name, roles and time zone
        </h2>
        <UserForm action={updateUserAction} timeZones={timeZoneOptions()} submitLabel="Save changes" user={user} />
      </section>
      <section aria-labelledby="access-heading" className="space-y-4">
        <h2 id="access-heading" className="text-xl font-semibold">
          Access
        </h2>
        <UserActiveForm action={setUserActiveAction} user={user} />
      </section>
      {user.kind === 'SERVICE' ? <ServiceAccountTokensSection actor={actor} userId={user.id} /> : null}
    </div>
  )
}
