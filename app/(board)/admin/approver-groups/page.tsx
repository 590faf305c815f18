import type { Metadata } from 'next'
import Link from 'next/link'
import { ApproverGroupForm } from '@/components/admin/approver-group-form'
import { listApproverGroups } from '@/lib/server/approver-groups/manage-approver-groups'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { createApproverGroupAction } from './actions'

export const metadata: Metadata = { title: 'Approver groups' }

export default async function ApproverGroupsPage() {
  const actor = await requireActor()
  forbidIfCannot(actor, 'approver-group:manage')
  const groups = await listApproverGroups(actor)
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Approver groups</h1>
      <p className="max-w-3xl text-slate-700">
        A group (“CAB”, “Security”) is a set of approvers that <Link href="/admin/policies" className="link">approval policies</Link> can ask to sign. A change
        asks the members of the day it is submitted; changes already submitted keep the people they were given.
      </p>
      <section aria-labelledby="groups-heading" className="space-y-4">
        <h2 id="groups-heading" className="text-xl font-semibold">
          Groups
        </h2>
        {groups.length === 0 ? (
          <p>No approver groups yet.</p>
        ) : (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">Approver groups</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Members</th>
                <th scope="col" className="p-2">Used by</th>
                <th scope="col" className="p-2">Description</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.id} className="border-b border-slate-200 align-top">
                  <td className="p-2">
                    <Link href={`/admin/approver-groups/${group.id}`} className="link">
                      {group.name}
                    </Link>
                  </td>
                  <td className="p-2">
                    {group.members.length === 0 ? 'None yet' : group.members.map((m) => `${m.name}${m.active ? '' : ' (deactivated)'}`).join(', ')}
                  </td>
                  <td className="p-2">{group.usedBy.length === 0 ? 'No policy' : group.usedBy.join(', ')}</td>
                  <td className="p-2 text-slate-700">{group.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="new-group-heading" className="space-y-4">
        <h2 id="new-group-heading" className="text-xl font-semibold">
          New group
        </h2>
        <ApproverGroupForm action={createApproverGroupAction} submitLabel="Create group" />
      </section>
    </div>
  )
}
