import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { ApproverGroupForm } from '@/components/admin/approver-group-form'
import { GroupMemberForm } from '@/components/admin/group-member-form'
import { WebhookButton as ActionButton } from '@/components/admin/webhook-button'
import { getApproverGroup, listGroupCandidates } from '@/lib/server/approver-groups/manage-approver-groups'
import { ZApproverGroupIdInput } from '@/lib/server/approver-groups/schemas'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { addGroupMemberAction, deleteApproverGroupAction, removeGroupMemberAction, updateApproverGroupAction } from '../actions'

export const metadata: Metadata = { title: 'Approver group' }

export default async function ApproverGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'approver-group:manage')
  const parsed = ZApproverGroupIdInput.safeParse({ groupId: (await params).id })
  if (!parsed.success) notFound()
  const group = await getApproverGroup(actor, parsed.data).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const memberIds = new Set(group.members.map((m) => m.id))
  const candidates = (await listGroupCandidates(actor)).filter((p) => !memberIds.has(p.id))
  return (
    <div className="space-y-8">
      <p>
        <Link href="/admin/approver-groups" className="link">
          ← All approver groups
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{group.name}</h1>
      <p className="text-slate-700">{group.usedBy.length === 0 ? 'No policy in use relies on this group.' : `Relied on by: ${group.usedBy.join(', ')}.`}</p>

      <section aria-labelledby="members-heading" className="space-y-4">
        <h2 id="members-heading" className="text-xl font-semibold">
          Members ({group.members.length})
        </h2>
        {group.members.length === 0 ? (
          <p>No members yet.</p>
        ) : (
          <ul className="max-w-xl divide-y divide-slate-200 bg-white">
            {group.members.map((member) => (
              <li key={member.id} className="flex items-start justify-between gap-4 p-2">
                <span>
                  {member.name}
                  {member.active ? '' : ' (deactivated: cannot sign)'}
                </span>
                <ActionButton action={removeGroupMemberAction} fields={{ groupId: group.id, userId: member.id }} label="Remove" accessibleLabel={`Remove ${member.name}`} />
              </li>
            ))}
          </ul>
        )}
        <h3 className="text-lg font-semibold">Add a member</h3>
        <GroupMemberForm action={addGroupMemberAction} groupId={group.id} candidates={candidates} />
      </section>

      <section aria-labelledby="details-heading" className="space-y-4">
        <h2 id="details-heading" className="text-xl font-semibold">
          Name and description
        </h2>
        <ApproverGroupForm action={updateApproverGroupAction} submitLabel="Save changes" group={group} />
      </section>

      <section aria-labelledby="delete-heading" className="space-y-4">
        <h2 id="delete-heading" className="text-xl font-semibold">
          Delete
        </h2>
        <p className="max-w-3xl text-slate-700">A group can be deleted once no policy version in use relies on it: not the current rules of an active policy, nor the version a change in flight was submitted under.</p>
        <ActionButton action={deleteApproverGroupAction} fields={{ groupId: group.id }} label="Delete group" accessibleLabel={`Delete the group ${group.name}`} confirm={`Delete the group ${group.name}?`} />
      </section>
    </div>
  )
}
