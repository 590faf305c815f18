import type { Metadata } from 'next'
import Link from 'next/link'
import { UserForm } from '@/components/admin/user-form'
import { ROLE_LABELS } from '@/lib/domain/shared/types'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { listUsers } from '@/lib/server/users/manage-users'
import { createUserAction } from './actions'
import { ServiceAccountsSection } from './service-accounts'

export const metadata: Metadata = { title: 'Users' }

export default async function UsersPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'user:manage')
  const users = (await listUsers(actor)).filter((user) => user.kind === 'HUMAN')
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold">Users</h1>
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">All users</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="p-2">Name</th>
            <th scope="col" className="p-2">E-mail</th>
            <th scope="col" className="p-2">Roles</th>
            <th scope="col" className="p-2">Time zone</th>
            <th scope="col" className="p-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className="border-b border-slate-200">
              <td className="p-2">
                <Link href={`/admin/users/${user.id}`} className="link">
                  {user.name}
                </Link>
              </td>
              <td className="p-2">{user.email}</td>
              <td className="p-2">{user.roles.map((role) => ROLE_LABELS[role]).join(', ')}</td>
              <td className="p-2">{user.timeZone}</td>
              <td className="p-2">{user.active ? 'Active' : 'Deactivated'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="new-user-heading" className="space-y-4">
        <h2 id="new-user-heading" className="text-xl font-semibold">
          Create a user
        </h2>
        <UserForm action={createUserAction} timeZones={timeZoneOptions()} submitLabel="Create user" />
      </section>
      <ServiceAccountsSection actor={actor} />
    </div>
  )
}
