'use server'

import { formAction } from '@/lib/server/form-action'
import {
  addGroupMember,
  createApproverGroup,
  deleteApproverGroup,
  removeGroupMember,
  updateApproverGroup,
} from '@/lib/server/approver-groups/manage-approver-groups'
import { ZApproverGroupIdInput, ZCreateApproverGroupInput, ZGroupMemberInput, ZUpdateApproverGroupInput } from '@/lib/server/approver-groups/schemas'

const LIST = '/admin/approver-groups'

export const createApproverGroupAction = formAction(ZCreateApproverGroupInput, async (actor, input) => {
  const group = await createApproverGroup(actor, input)
  return { message: `Group ${input.name} created.`, revalidate: [LIST], redirect: `${LIST}/${group.id}` }
})

export const updateApproverGroupAction = formAction(ZUpdateApproverGroupInput, async (actor, input) => {
  await updateApproverGroup(actor, input)
  return { message: 'Saved.', revalidate: [LIST, `${LIST}/${input.groupId}`, '/admin/policies'] }
})

export const addGroupMemberAction = formAction(ZGroupMemberInput, async (actor, input) => {
  const { userName } = await addGroupMember(actor, input)
  return { message: `${userName} added.`, revalidate: [LIST, `${LIST}/${input.groupId}`] }
})

export const removeGroupMemberAction = formAction(ZGroupMemberInput, async (actor, input) => {
  const { userName } = await removeGroupMember(actor, input)
  return { message: `${userName} removed.`, revalidate: [LIST, `${LIST}/${input.groupId}`] }
})

export const deleteApproverGroupAction = formAction(ZApproverGroupIdInput, async (actor, input) => {
  await deleteApproverGroup(actor, input)
  return { message: 'Group deleted.', revalidate: [LIST], redirect: LIST }
})
