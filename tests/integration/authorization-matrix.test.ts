// Authorization is enforced ON THE SERVER: every use case is called directly
// (no UI, no action, no route) as each kind of user, against real PostgreSQL.
// A cell either rejects with AppError FORBIDDEN, or does not fail with
// FORBIDDEN (it may still be REFUSED / CONFLICT / INVALID_INPUT for domain
// reasons: these cells test authorization only). The expected table below is
// written out by hand from lib/domain/authz/policy.ts and the README.
import { describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/domain/shared/types'
import { prisma } from '@/lib/server/db'
import { addComment } from '@/lib/server/change-requests/add-comment'
import { cancelChange, recordOutcome, reviewChange, reviseRejectedChange, startChange } from '@/lib/server/lifecycle/transition'
import { createDraftChange } from '@/lib/server/change-requests/create-change'
import { getChange } from '@/lib/server/change-requests/get-change'
import { listChanges } from '@/lib/server/change-requests/list-changes'
import { ZListChangesInput } from '@/lib/server/change-requests/schemas'
import { submitChange } from '@/lib/server/change-requests/submit-change'
import { updateChange } from '@/lib/server/change-requests/update-change'
import { createFreeze, updateFreeze } from '@/lib/server/freezes/save-freeze'
import { ZCreateFreezeInput, ZUpdateFreezeInput } from '@/lib/server/freezes/schemas'
import { deleteOrArchiveFreeze, endFreezeEarly } from '@/lib/server/freezes/retire-freeze'
import { grantFreezeException } from '@/lib/server/freezes/grant-freeze-exception'
import { justifyEmergencyFreeze } from '@/lib/server/freezes/justify-emergency-freeze'
import { listFreezes } from '@/lib/server/freezes/list-freezes'
import { regenerateIcsToken, updateMailPreferences } from '@/lib/server/users/profile'
import { listOutbox, retryMail } from '@/lib/server/notifications/outbox'
import {
  createWebhook,
  deactivateWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  retryWebhookDelivery,
} from '@/lib/server/webhooks/manage-webhooks'
import { ZListOutboxInput } from '@/lib/server/notifications/schemas'
import { loadMetrics } from '@/lib/server/metrics/load-metrics'
import { ZMetricsInput } from '@/lib/server/metrics/schemas'
import { scheduleChange, unscheduleChange } from '@/lib/server/scheduling/schedule-change'
import { createService as createServiceUseCase, listServicesForAdmin, updateService } from '@/lib/server/services/manage-services'
import { addApprover, removeApprover, replaceOwner } from '@/lib/server/sign-offs/manage-approvers'
import { recordSignOff } from '@/lib/server/sign-offs/record-sign-off'
import { createUser as createUserUseCase, listUsers, setUserActive, updateUser } from '@/lib/server/users/manage-users'
import { ZSetUserActiveInput, ZUpdateMailPreferencesInput } from '@/lib/server/users/schemas'
import { createOwnApiToken, createServiceAccount, createServiceAccountToken, listOwnApiTokens } from '@/lib/server/users/api-tokens'
import { postStatusUpdate } from '@/lib/server/change-requests/post-status-update'
import { previewChangeRisk } from '@/lib/server/change-requests/preview-risk'
import { getRiskAdmin, moveRiskQuestion, saveRiskQuestion, updateRiskRule, updateRiskThresholds } from '@/lib/server/risk/manage-risk'
import { listServicesToWatch, setChangeWatch, setServiceWatch } from '@/lib/server/watching/watch'
import { ZSetChangeWatchInput, ZSetServiceWatchInput } from '@/lib/server/watching/schemas'
import { DEFAULT_RULES } from '@/lib/domain/approval-policy/policy-rules'
import { createPolicy, listPolicies, savePolicyRules, setPolicyActive } from '@/lib/server/approval-policies/manage-policies'
import { addGroupMember, createApproverGroup, deleteApproverGroup, listApproverGroups } from '@/lib/server/approver-groups/manage-approver-groups'
import { createDelegation, listCurrentDelegations, revokeDelegation } from '@/lib/server/delegations/manage-delegations'
import { createService, uniqueSuffix, type CreatedService } from '@/tests/factories'
import { createChange, type CreateChangeInput } from '@/tests/factories/change-requests'
import { createSubmittedChange } from '@/tests/factories/sign-offs'
import { actorWith, failureCode, formFields } from './change-requests-support'
import { TEMPLATE_TEXT_FIELDS, ZTemplateProposal } from '@/lib/domain/template/template'
import { createTemplate } from '@/tests/factories/templates'
import { listTemplates } from '@/lib/server/templates/list-templates'
import { proposeTemplate } from '@/lib/server/templates/propose-template'
import { reactivateTemplate } from '@/lib/server/templates/reactivate-template'
import { signTemplateVersion } from '@/lib/server/templates/sign-template'
import { arrangeFreeze, exceptionInput } from './freezes-support'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The columns of the matrix: who acts, relative to the data of the cell. */
const WHO = [
  'REQUESTER (own)',
  'REQUESTER (other)',
  'APPROVER (required)',
  'APPROVER (unrelated)',
  'CHANGE_MANAGER',
  'ADMIN',
] as const
type Who = (typeof WHO)[number]

const EVERYONE: readonly Who[] = WHO
const OWN_REQUESTER_OR_MANAGER: readonly Who[] = ['REQUESTER (own)', 'CHANGE_MANAGER']
const ANY_REQUESTER_OR_MANAGER: readonly Who[] = ['REQUESTER (own)', 'REQUESTER (other)', 'CHANGE_MANAGER']
const MANAGER: readonly Who[] = ['CHANGE_MANAGER']
const ADMIN: readonly Who[] = ['ADMIN']
const SIGNERS: readonly Who[] = ['APPROVER (required)', 'APPROVER (unrelated)', 'CHANGE_MANAGER']

/**
 * Fresh people per cell: the requester of the cell's change, and an approver
 * who owns the cell's service (so is a required approver of any change on it).
 * Each holds exactly one role.
 */
type Cast = { requester: Actor; approver: Actor; service: CreatedService }

/** Arranges one cell's data and returns the use-case call to make as the acting user. */
type Arrange = (cast: Cast) => Promise<(actor: Actor) => Promise<unknown>>

type Row = { action: string; allowed: readonly Who[]; arrange: Arrange }

const change = (cast: Cast, input: Partial<CreateChangeInput> = {}) =>
  createChange(prisma, { requesterId: cast.requester.id, serviceIds: [cast.service.id], ...input })

/** A window opening in five minutes: inside the start grace period, so a permitted start succeeds. */
const openWindow = () => {
  const windowStart = new Date(Date.now() + 5 * 60_000)
  return { windowStart, windowEnd: new Date(windowStart.getTime() + 2 * HOUR) }
}

/** A change window in the future (raised by the cell's requester unless told) with a freeze on the cell's service covering it. */
async function changeInsideFreeze(cast: Cast, severity: 'HARD' | 'SOFT', type: 'NORMAL' | 'EMERGENCY', requesterId = cast.requester.id) {
  const windowStart = new Date(Date.now() + 30 * DAY + Math.floor(Math.random() * 1000) * HOUR)
  const windowEnd = new Date(windowStart.getTime() + 2 * HOUR)
  const submitted = await createSubmittedChange(prisma, {
    requesterId,
    serviceIds: [cast.service.id],
    type,
    windowStart,
    windowEnd,
  })
  const freeze = await arrangeFreeze({
    createdById: cast.approver.id,
    severity,
    serviceIds: [cast.service.id],
    startsAt: new Date(windowStart.getTime() - HOUR),
    endsAt: new Date(windowEnd.getTime() + HOUR),
  })
  return { changeId: submitted.id, freezeId: freeze.id }
}

/** Form fields of a one-off freeze on the cell's service only, so no other cell's change is touched. */
const freezeFields = (cast: Cast) => ({
  name: `Freeze ${uniqueSuffix()}`,
  reason: 'Quarter-end close: nothing may change on this service.',
  startsAtLocal: '2041-03-30T00:00',
  endsAtLocal: '2041-04-02T00:00',
  timeZone: 'UTC',
  scope: 'SELECTED_SERVICES',
  serviceIds: [cast.service.id],
  severity: 'SOFT',
  rrule: '',
})

const SIGN_OFF_STATEMENT = 'I reviewed the rollback plan and the test evidence for this window.'

// ---------------------------------------------------------------------------
// The expected matrix: action → the roles that may do it (everyone else: FORBIDDEN).
// ---------------------------------------------------------------------------
const MATRIX: readonly Row[] = [
  // --- changes: create, edit, submit, cancel (change:create / edit / submit / cancel)
  {
    action: 'create-draft-change',
    allowed: ANY_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const fields = formFields({ title: `Draft ${uniqueSuffix()}`, serviceIds: [cast.service.id] })
      return (actor) => createDraftChange(actor, fields)
    },
  },
  {
    action: 'submit-change (new, straight from the form)',
    allowed: ANY_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const fields = formFields({ title: `New ${uniqueSuffix()}`, serviceIds: [cast.service.id] })
      return (actor) => submitChange(actor, { fields })
    },
  },
  {
    action: "update-change (the requester's draft)",
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const draft = await change(cast)
      const fields = formFields({ title: `Edited ${uniqueSuffix()}`, serviceIds: [cast.service.id] })
      return (actor) => updateChange(actor, { changeId: draft.id, version: draft.version }, fields)
    },
  },
  {
    action: "update-change (the requester's submitted change)",
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      const fields = formFields({ title: `Revised ${uniqueSuffix()}`, serviceIds: [cast.service.id] })
      return (actor) => updateChange(actor, { changeId: submitted.id, version: submitted.version }, fields)
    },
  },
  {
    action: 'submit-change (draft)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const draft = await change(cast)
      return (actor) => submitChange(actor, { ref: { changeId: draft.id, version: draft.version } })
    },
  },
  {
    action: 'cancel-change',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      return (actor) => cancelChange(actor, { changeId: submitted.id, version: submitted.version, reason: 'The vendor postponed the release.' })
    },
  },
  {
    action: 'revise-rejected-change',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const rejected = await change(cast, { status: 'REJECTED' })
      return (actor) => reviseRejectedChange(actor, { changeId: rejected.id, version: rejected.version })
    },
  },

  // --- lifecycle (change:start / record-outcome / review): change managers; STANDARD changes also their requester
  {
    action: 'start-change (NORMAL)',
    allowed: MANAGER,
    arrange: async (cast) => {
      const scheduled = await change(cast, { status: 'SCHEDULED', ...openWindow() })
      return (actor) => startChange(actor, { changeId: scheduled.id, version: scheduled.version })
    },
  },
  {
    action: 'start-change (STANDARD)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const scheduled = await change(cast, { status: 'SCHEDULED', type: 'STANDARD', ...openWindow() })
      return (actor) => startChange(actor, { changeId: scheduled.id, version: scheduled.version })
    },
  },
  {
    action: 'record-outcome complete (NORMAL)',
    allowed: MANAGER,
    arrange: async (cast) => {
      const running = await change(cast, { status: 'IN_PROGRESS' })
      return (actor) =>
        recordOutcome(actor, { changeId: running.id, version: running.version, outcome: 'complete', notes: 'Went to plan; all checks green.' })
    },
  },
  {
    action: 'record-outcome complete (STANDARD)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const running = await change(cast, { status: 'IN_PROGRESS', type: 'STANDARD' })
      return (actor) =>
        recordOutcome(actor, { changeId: running.id, version: running.version, outcome: 'complete', notes: 'Went to plan; all checks green.' })
    },
  },
  {
    action: 'review-change',
    allowed: MANAGER,
    arrange: async (cast) => {
      const completed = await change(cast, { status: 'COMPLETED' })
      return (actor) => reviewChange(actor, { changeId: completed.id, version: completed.version, notes: 'Reviewed at the weekly CAB.' })
    },
  },

  // --- status updates while the work runs (change:post-update): the requester or a change manager, whatever the type
  {
    action: 'post-status-update (NORMAL, in progress)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const running = await change(cast, { status: 'IN_PROGRESS' })
      return (actor) => postStatusUpdate(actor, { changeId: running.id, body: 'Step 2 of 4 done.' })
    },
  },
  {
    action: 'post-status-update (STANDARD, in progress)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const running = await change(cast, { status: 'IN_PROGRESS', type: 'STANDARD' })
      return (actor) => postStatusUpdate(actor, { changeId: running.id, body: 'Step 2 of 4 done.' })
    },
  },

  // --- watching (change:watch / service:watch): everyone signed in
  {
    action: 'watch-change',
    allowed: EVERYONE,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      return (actor) => setChangeWatch(actor, ZSetChangeWatchInput.parse({ changeId: submitted.id, watch: 'true' }))
    },
  },
  {
    action: 'watch-service',
    allowed: EVERYONE,
    arrange: async (cast) => (actor) => setServiceWatch(actor, ZSetServiceWatchInput.parse({ serviceId: cast.service.id, watch: 'true' })),
  },
  {
    action: 'list-services-to-watch',
    allowed: EVERYONE,
    arrange: async () => (actor) => listServicesToWatch(actor),
  },

  // --- open to every signed-in user (change:read / change:comment)
  {
    action: 'add-comment',
    allowed: EVERYONE,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      return (actor) => addComment(actor, { changeId: submitted.id, body: 'What is the rollback time?', isConcern: false })
    },
  },
  {
    action: 'list-changes',
    allowed: EVERYONE,
    arrange: async () => {
      const input = ZListChangesInput.parse({})
      return (actor) => listChanges(actor, input)
    },
  },
  {
    action: 'get-change',
    allowed: EVERYONE,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      return (actor) => getChange(actor, submitted.id)
    },
  },
  {
    action: 'regenerate-ics-token (own feed)',
    allowed: EVERYONE,
    arrange: async () => (actor) => regenerateIcsToken(actor),
  },
  {
    action: 'update-mail-preferences (own)',
    allowed: EVERYONE,
    arrange: async () => {
      const input = ZUpdateMailPreferencesInput.parse({ email: ['scheduled', 'outcome'], mailDigest: 'on' })
      return (actor) => updateMailPreferences(actor, input)
    },
  },

  // --- sign-offs and approvers (change:sign-off / change:manage-approvers)
  {
    action: 'record-sign-off',
    allowed: ['APPROVER (required)'],
    arrange: async (cast) => {
      const submitted = await createSubmittedChange(prisma, { requesterId: cast.requester.id, serviceIds: [cast.service.id] })
      return (actor) =>
        recordSignOff(actor, {
          changeId: submitted.id,
          revision: submitted.revision,
          fingerprint: submitted.fingerprint,
          decision: 'APPROVED',
          statement: SIGN_OFF_STATEMENT,
          signature: actor.name,
        })
    },
  },
  {
    action: 'add-approver (submitted change)',
    allowed: MANAGER,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      const extra = await actorWith(['APPROVER'])
      return (actor) => addApprover(actor, { changeId: submitted.id, userId: extra.id })
    },
  },
  {
    // Authorised for a change manager (the use case then refuses with CONFLICT outside SUBMITTED); never for its requester.
    action: 'add-approver (draft change)',
    allowed: MANAGER,
    arrange: async (cast) => {
      const draft = await change(cast)
      const extra = await actorWith(['APPROVER'])
      return (actor) => addApprover(actor, { changeId: draft.id, userId: extra.id })
    },
  },
  {
    action: 'remove-approver',
    allowed: MANAGER,
    arrange: async (cast) => {
      const second = await actorWith(['APPROVER'])
      const other = await createService({ ownerId: second.id })
      const submitted = await change(cast, { status: 'SUBMITTED', serviceIds: [cast.service.id, other.id] })
      return (actor) => removeApprover(actor, { changeId: submitted.id, userId: second.id, reason: 'They left the team last week.' })
    },
  },
  {
    action: 'replace-owner',
    allowed: MANAGER,
    arrange: async (cast) => {
      const submitted = await change(cast, { status: 'SUBMITTED' })
      const delegate = await actorWith(['APPROVER'])
      return (actor) =>
        replaceOwner(actor, { changeId: submitted.id, ownerId: cast.approver.id, replacementId: delegate.id, reason: 'The owner is on leave this month.' })
    },
  },
  // Segregation of duties: in these rows every actor raised the change, so nobody may choose who signs it.
  {
    action: 'replace-owner (a change the actor raised)',
    allowed: [],
    arrange: async (cast) => async (actor) => {
      const owner = await actorWith(['APPROVER'])
      const service = await createService({ ownerId: owner.id })
      const submitted = await createSubmittedChange(prisma, { requesterId: actor.id, serviceIds: [service.id, cast.service.id] })
      const delegate = await actorWith(['APPROVER'])
      return replaceOwner(actor, { changeId: submitted.id, ownerId: owner.id, replacementId: delegate.id, reason: 'The owner is on leave this month.' })
    },
  },
  {
    action: 'add-approver (a change the actor raised)',
    allowed: [],
    arrange: async (cast) => async (actor) => {
      const submitted = await createSubmittedChange(prisma, { requesterId: actor.id, serviceIds: [cast.service.id] })
      const extra = await actorWith(['APPROVER'])
      return addApprover(actor, { changeId: submitted.id, userId: extra.id })
    },
  },
  {
    action: 'remove-approver (a change the actor raised)',
    allowed: [],
    arrange: async (cast) => async (actor) => {
      const nominee = await actorWith(['APPROVER'])
      const submitted = await createSubmittedChange(prisma, { requesterId: actor.id, serviceIds: [cast.service.id], nominatedIds: [nominee.id] })
      return removeApprover(actor, { changeId: submitted.id, userId: nominee.id, reason: 'They left the team last week.' })
    },
  },

  // --- scheduling (change:schedule / change:unschedule)
  {
    action: 'schedule-change (NORMAL)',
    allowed: MANAGER,
    arrange: async (cast) => {
      const approved = await change(cast, { status: 'APPROVED' })
      return (actor) => scheduleChange(actor, { changeId: approved.id, acknowledgedConflictIds: [], acknowledgeCrowding: true })
    },
  },
  {
    action: 'schedule-change (STANDARD)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const approved = await change(cast, { status: 'APPROVED', type: 'STANDARD' })
      return (actor) => scheduleChange(actor, { changeId: approved.id, acknowledgedConflictIds: [], acknowledgeCrowding: true })
    },
  },
  {
    action: 'unschedule-change',
    allowed: MANAGER,
    arrange: async (cast) => {
      const scheduled = await change(cast, { status: 'SCHEDULED' })
      return (actor) => unscheduleChange(actor, { changeId: scheduled.id, reason: 'The business asked to postpone it.' })
    },
  },

  // --- freezes (freeze:manage) and exceptions (freeze-exception:grant-soft / grant-hard)
  {
    action: 'create-freeze',
    allowed: ADMIN,
    arrange: async (cast) => {
      const input = ZCreateFreezeInput.parse(freezeFields(cast))
      return (actor) => createFreeze(actor, input)
    },
  },
  {
    action: 'update-freeze',
    allowed: ADMIN,
    arrange: async (cast) => {
      const freeze = await arrangeFreeze({
        createdById: cast.approver.id,
        severity: 'SOFT',
        serviceIds: [cast.service.id],
        startsAt: new Date('2041-03-30T00:00:00Z'),
        endsAt: new Date('2041-04-01T00:00:00Z'),
      })
      const input = ZUpdateFreezeInput.parse({ ...freezeFields(cast), id: freeze.id })
      return (actor) => updateFreeze(actor, input)
    },
  },
  {
    action: 'end-freeze-early',
    allowed: ADMIN,
    arrange: async (cast) => {
      const freeze = await arrangeFreeze({
        createdById: cast.approver.id,
        severity: 'SOFT',
        serviceIds: [cast.service.id],
        startsAt: new Date(Date.now() - HOUR),
        endsAt: new Date(Date.now() + 7 * DAY),
      })
      return (actor) => endFreezeEarly(actor, { id: freeze.id })
    },
  },
  {
    action: 'delete-or-archive-freeze',
    allowed: ADMIN,
    arrange: async (cast) => {
      const freeze = await arrangeFreeze({
        createdById: cast.approver.id,
        severity: 'HARD',
        serviceIds: [cast.service.id],
        startsAt: new Date('2041-05-01T00:00:00Z'),
        endsAt: new Date('2041-05-02T00:00:00Z'),
      })
      return (actor) => deleteOrArchiveFreeze(actor, { id: freeze.id })
    },
  },
  {
    action: 'list-freezes',
    allowed: ADMIN,
    arrange: async () => (actor) => listFreezes(actor),
  },
  {
    action: 'grant-freeze-exception (SOFT freeze)',
    allowed: ['CHANGE_MANAGER', 'ADMIN'],
    arrange: async (cast) => {
      const { changeId, freezeId } = await changeInsideFreeze(cast, 'SOFT', 'NORMAL')
      return async (actor) =>
        grantFreezeException(actor, await exceptionInput(changeId, freezeId, 'The certificate expires during the freeze window.'))
    },
  },
  {
    action: 'grant-freeze-exception (HARD freeze, EMERGENCY change)',
    allowed: ADMIN,
    arrange: async (cast) => {
      const { changeId, freezeId } = await changeInsideFreeze(cast, 'HARD', 'EMERGENCY')
      return async (actor) =>
        grantFreezeException(actor, await exceptionInput(changeId, freezeId, 'Production is down and this fix cannot wait.'))
    },
  },
  {
    action: 'grant-freeze-exception (SOFT freeze, a change the actor raised)',
    allowed: [],
    arrange: async (cast) => async (actor) => {
      const { changeId, freezeId } = await changeInsideFreeze(cast, 'SOFT', 'NORMAL', actor.id)
      return grantFreezeException(actor, await exceptionInput(changeId, freezeId, 'The certificate expires during the freeze window.'))
    },
  },
  {
    action: 'grant-freeze-exception (HARD freeze, EMERGENCY change the actor raised)',
    allowed: [],
    arrange: async (cast) => async (actor) => {
      const { changeId, freezeId } = await changeInsideFreeze(cast, 'HARD', 'EMERGENCY', actor.id)
      return grantFreezeException(actor, await exceptionInput(changeId, freezeId, 'Production is down and this fix cannot wait.'))
    },
  },
  // The emergency path (freeze-exception:justify-emergency): the requester of an EMERGENCY change, or a change manager.
  {
    action: 'justify-emergency-freeze (SOFT freeze, EMERGENCY change)',
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const { changeId, freezeId } = await changeInsideFreeze(cast, 'SOFT', 'EMERGENCY')
      return async (actor) => justifyEmergencyFreeze(actor, await exceptionInput(changeId, freezeId, 'Card payments fail for every customer; this cannot wait for the freeze.'))
    },
  },
  {
    action: 'justify-emergency-freeze (SOFT freeze, NORMAL change)',
    allowed: [],
    arrange: async (cast) => {
      const { changeId, freezeId } = await changeInsideFreeze(cast, 'SOFT', 'NORMAL')
      return async (actor) => justifyEmergencyFreeze(actor, await exceptionInput(changeId, freezeId, 'Card payments fail for every customer; this cannot wait for the freeze.'))
    },
  },

  // --- users (user:manage)
  {
    action: 'create-user',
    allowed: ADMIN,
    arrange: async () => {
      const suffix = uniqueSuffix()
      const input = {
        name: `New Person ${suffix}`,
        email: `new-${suffix}@example.test`,
        password: 'a-long-enough-initial-password',
        roles: ['REQUESTER' as const],
        timeZone: 'UTC',
      }
      return (actor) => createUserUseCase(actor, input)
    },
  },
  {
    action: 'update-user (someone else)',
    allowed: ADMIN,
    arrange: async () => {
      const target = await actorWith(['REQUESTER'])
      return (actor) => updateUser(actor, { userId: target.id, name: `Renamed ${uniqueSuffix()}`, roles: ['REQUESTER', 'APPROVER'], timeZone: 'UTC' })
    },
  },
  {
    action: 'set-user-active (deactivate someone else)',
    allowed: ADMIN,
    arrange: async () => {
      const target = await actorWith(['REQUESTER'])
      const input = ZSetUserActiveInput.parse({ userId: target.id, active: 'false' })
      return (actor) => setUserActive(actor, input)
    },
  },
  {
    action: 'list-users',
    allowed: ADMIN,
    arrange: async () => (actor) => listUsers(actor),
  },

  // --- the board's numbers (metrics:read)
  {
    action: 'read-metrics',
    allowed: ['CHANGE_MANAGER', 'ADMIN'],
    arrange: async () => {
      const input = ZMetricsInput.parse({ period: '30' })
      return (actor) => loadMetrics(actor, input)
    },
  },
  // --- the e-mail outbox (outbox:manage)
  {
    action: 'list-outbox',
    allowed: ADMIN,
    arrange: async () => {
      const input = ZListOutboxInput.parse({ status: 'FAILED' })
      return (actor) => listOutbox(actor, input)
    },
  },
  {
    action: 'retry-mail',
    allowed: ADMIN,
    arrange: async (cast) => {
      const failed = await prisma.mailMessage.create({
        data: {
          kind: 'sign-off-requested',
          recipientId: cast.approver.id,
          toAddress: `approver-${uniqueSuffix()}@example.test`,
          subject: 'Sign-off requested',
          text: 'Please sign off.',
          html: '<p>Please sign off.</p>',
          status: 'FAILED',
          attempts: 7,
          lastError: 'connect ECONNREFUSED',
        },
      })
      return (actor) => retryMail(actor, { messageId: failed.id })
    },
  },

  // --- outgoing webhooks (webhook:manage)
  {
    action: 'create-webhook',
    allowed: ADMIN,
    arrange: async () => (actor) => createWebhook(actor, { url: 'https://198.51.100.7/hook', events: ['freeze.saved'] }),
  },
  {
    action: 'list-webhooks',
    allowed: ADMIN,
    arrange: async () => (actor) => listWebhooks(actor),
  },
  {
    action: 'deactivate-webhook',
    allowed: ADMIN,
    arrange: async (cast) => {
      const hook = await prisma.webhook.create({ data: { url: 'https://hooks.example.com/a', secret: 'v1:x:y:z', events: ['freeze.saved'], createdById: cast.approver.id } })
      return (actor) => deactivateWebhook(actor, { webhookId: hook.id })
    },
  },
  {
    action: 'delete-webhook',
    allowed: ADMIN,
    arrange: async (cast) => {
      const hook = await prisma.webhook.create({ data: { url: 'https://hooks.example.com/b', secret: 'v1:x:y:z', events: ['freeze.saved'], createdById: cast.approver.id } })
      return (actor) => deleteWebhook(actor, { webhookId: hook.id })
    },
  },
  {
    action: 'list-webhook-deliveries',
    allowed: ADMIN,
    arrange: async (cast) => {
      const hook = await prisma.webhook.create({ data: { url: 'https://hooks.example.com/c', secret: 'v1:x:y:z', events: ['freeze.saved'], createdById: cast.approver.id } })
      return (actor) => listWebhookDeliveries(actor, { webhookId: hook.id })
    },
  },
  {
    action: 'retry-webhook-delivery',
    allowed: ADMIN,
    arrange: async (cast) => {
      const hook = await prisma.webhook.create({ data: { url: 'https://hooks.example.com/d', secret: 'v1:x:y:z', events: ['freeze.saved'], createdById: cast.approver.id } })
      const failed = await prisma.webhookDelivery.create({
        data: { webhookId: hook.id, event: 'freeze.saved', payload: {}, status: 'FAILED', attempts: 7, lastStatusCode: 503, lastError: 'HTTP 503' },
      })
      return (actor) => retryWebhookDelivery(actor, { deliveryId: failed.id })
    },
  },

  // --- explainable risk: the form's live preview (change:create / change:edit) and /admin/risk (risk:manage)
  {
    action: 'preview-change-risk (new change)',
    allowed: ANY_REQUESTER_OR_MANAGER,
    arrange: async (cast) => (actor) => previewChangeRisk(actor, { title: 'Preview', serviceIds: [cast.service.id] }),
  },
  {
    action: "preview-change-risk (the requester's draft)",
    allowed: OWN_REQUESTER_OR_MANAGER,
    arrange: async (cast) => {
      const draft = await change(cast)
      return (actor) => previewChangeRisk(actor, { changeId: draft.id, title: 'Preview', serviceIds: [cast.service.id] })
    },
  },
  {
    action: 'get-risk-admin',
    allowed: ADMIN,
    arrange: async () => (actor) => getRiskAdmin(actor),
  },
  {
    action: 'update-risk-rule',
    allowed: ADMIN,
    arrange: async () => (actor) => updateRiskRule(actor, { rule: 'MANY_SERVICES', enabled: true, threshold: 3, level: 'MEDIUM' }),
  },
  {
    action: 'update-risk-thresholds',
    allowed: ADMIN,
    arrange: async () => (actor) => updateRiskThresholds(actor, { mediumScore: 30, highScore: 60 }),
  },
  {
    action: 'save-risk-question',
    allowed: ADMIN,
    arrange: async () => {
      const q = await prisma.riskQuestion.findFirstOrThrow({ where: { active: true }, orderBy: { position: 'asc' } })
      return (actor) => saveRiskQuestion(actor, { questionId: q.id, text: q.text, weight: q.weight, riskyAnswer: q.riskyAnswer, active: true })
    },
  },
  {
    action: 'move-risk-question',
    allowed: ADMIN,
    arrange: async () => {
      const q = await prisma.riskQuestion.findFirstOrThrow({ where: { active: true }, orderBy: { position: 'asc' } })
      return (actor) => moveRiskQuestion(actor, { questionId: q.id, direction: 'down' })
    },
  },

  // --- services (service:manage)
  {
    action: 'create-service',
    allowed: ADMIN,
    arrange: async (cast) => {
      const input = { name: `Service ${uniqueSuffix()}`, description: 'Ledger reconciliation.', criticality: 'HIGH' as const, ownerId: cast.approver.id }
      return (actor) => createServiceUseCase(actor, input)
    },
  },
  {
    action: 'update-service',
    allowed: ADMIN,
    arrange: async (cast) => {
      const input = {
        serviceId: cast.service.id,
        name: `Service ${uniqueSuffix()}`,
        description: 'Now also serves refunds.',
        criticality: 'CRITICAL' as const,
        ownerId: cast.approver.id,
      }
      return (actor) => updateService(actor, input)
    },
  },
  {
    action: 'list-services-for-admin',
    allowed: ADMIN,
    arrange: async () => (actor) => listServicesForAdmin(actor),
  },

  // --- API tokens (token:manage-own) and service accounts (service-account:manage)
  {
    action: 'create-own-api-token',
    allowed: EVERYONE,
    arrange: async () => (actor) => createOwnApiToken(actor, { name: `Token ${uniqueSuffix()}`, scope: 'READ', expiresInDays: 30 }),
  },
  {
    action: 'list-own-api-tokens',
    allowed: EVERYONE,
    arrange: async () => (actor) => listOwnApiTokens(actor),
  },
  {
    action: 'create-service-account',
    allowed: ADMIN,
    arrange: async () => (actor) => createServiceAccount(actor, { name: `Deploy bot ${uniqueSuffix()}`, roles: ['REQUESTER'] }),
  },
  {
    action: 'create-service-account-token',
    allowed: ADMIN,
    arrange: async () => {
      const account = await prisma.user.create({
        data: { kind: 'SERVICE', name: `Bot ${uniqueSuffix()}`, email: `bot-${uniqueSuffix()}@changeboard.invalid`, roles: ['REQUESTER'] },
      })
      return (actor) => createServiceAccountToken(actor, { userId: account.id, name: 'ci', scope: 'WRITE', expiresInDays: 30 })
    },
  },
  // --- standard change templates (template:propose / sign-off / reactivate / read); filing one is change:create
  {
    action: 'propose-template',
    allowed: MANAGER,
    arrange: async (cast) => {
      const proposal = ZTemplateProposal.parse({ ...TEMPLATE_TEXT, name: `Template ${uniqueSuffix()}`, serviceIds: [cast.service.id], maxDurationMinutes: '60', allowedWeekdays: [], timeZone: 'UTC' })
      return (actor) => proposeTemplate(actor, proposal)
    },
  },
  {
    // Whether this signer holds a seat is the domain's INVALID_INPUT, not FORBIDDEN: any approver or change manager passes authorization.
    action: 'sign-template-version',
    allowed: ['APPROVER (required)', 'APPROVER (unrelated)', 'CHANGE_MANAGER'],
    arrange: async (cast) => {
      const proposer = await actorWith(['CHANGE_MANAGER'])
      const template = await createTemplate(prisma, { proposedById: proposer.id, serviceIds: [cast.service.id], status: 'PROPOSED', versionStatus: 'PROPOSED' })
      return (actor) => signTemplateVersion(actor, { versionId: template.versionId, decision: 'APPROVED', statement: SIGN_OFF_STATEMENT, signature: actor.name })
    },
  },
  {
    action: 'reactivate-template',
    allowed: MANAGER,
    arrange: async (cast) => {
      const proposer = await actorWith(['CHANGE_MANAGER'])
      const template = await createTemplate(prisma, { proposedById: proposer.id, serviceIds: [cast.service.id], status: 'SUSPENDED' })
      return (actor) => reactivateTemplate(actor, { templateId: template.id, reason: 'Reviewed the failed change: the runbook now checks the chain.' })
    },
  },
  {
    action: 'list-templates',
    allowed: EVERYONE,
    arrange: async () => (actor) => listTemplates(actor),
  },
  // --- approval policies (issue 13): groups and policies (admins), out of office (those who sign)
  {
    action: 'create-approver-group',
    allowed: ADMIN,
    arrange: async () => (actor) => createApproverGroup(actor, { name: `Group ${uniqueSuffix()}`, description: '' }),
  },
  {
    action: 'list-approver-groups',
    allowed: ADMIN,
    arrange: async () => (actor) => listApproverGroups(actor),
  },
  {
    action: 'add-group-member',
    allowed: ADMIN,
    arrange: async (cast) => {
      const group = await prisma.approverGroup.create({ data: { name: `Group ${uniqueSuffix()}` } })
      return (actor) => addGroupMember(actor, { groupId: group.id, userId: cast.approver.id })
    },
  },
  {
    action: 'delete-approver-group',
    allowed: ADMIN,
    arrange: async () => {
      const group = await prisma.approverGroup.create({ data: { name: `Group ${uniqueSuffix()}` } })
      return (actor) => deleteApproverGroup(actor, { groupId: group.id })
    },
  },
  {
    action: 'create-policy',
    allowed: ADMIN,
    arrange: async () => (actor) => createPolicy(actor, { name: `Policy ${uniqueSuffix()}`, governs: 'LOW', criticality: 'LOW' }),
  },
  {
    action: 'list-policies',
    allowed: ADMIN,
    arrange: async () => (actor) => listPolicies(actor),
  },
  {
    action: 'save-policy-rules',
    allowed: ADMIN,
    arrange: async () => {
      const policy = await inactivePolicy()
      return (actor) => savePolicyRules(actor, { policyId: policy.id, baseVersion: 1, rules: [{ stage: 1, eligible: { kind: 'CHANGE_MANAGERS' }, count: { mode: 'ANY' } }] })
    },
  },
  {
    action: 'set-policy-active (activate)',
    allowed: ADMIN,
    arrange: async () => {
      const policy = await inactivePolicy()
      return (actor) => setPolicyActive(actor, { policyId: policy.id }, true)
    },
  },
  {
    action: 'list-current-delegations',
    allowed: ADMIN,
    arrange: async () => (actor) => listCurrentDelegations(actor),
  },
  {
    action: 'create-delegation (own seat)',
    allowed: SIGNERS,
    arrange: async () => {
      const delegate = await actorWith(['APPROVER'])
      const startsAt = new Date(Date.now() + DAY)
      return (actor) => createDelegation(actor, { delegateId: delegate.id, startsAt, endsAt: new Date(startsAt.getTime() + 7 * DAY), timeZone: 'UTC', note: '' })
    },
  },
  {
    action: 'revoke-delegation (the approver\'s)',
    allowed: [...SIGNERS, 'ADMIN'],
    arrange: async (cast) => {
      const delegate = await actorWith(['APPROVER'])
      const delegation = await prisma.delegation.create({
        data: { delegatorId: cast.approver.id, delegateId: delegate.id, startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 8 * DAY) },
      })
      // Someone else's delegation is NOT_FOUND for the other signers (an admin may revoke any): only the role check answers FORBIDDEN.
      return (actor) => revokeDelegation(actor, { delegationId: delegation.id })
    },
  },
]

const TEMPLATE_TEXT = Object.fromEntries(TEMPLATE_TEXT_FIELDS.map((field) => [field, `The ${field} of a routine change, written out in full.`]))

/** An inactive policy (so no cell clashes with another's governance) at version 1. */
async function inactivePolicy() {
  return prisma.approvalPolicy.create({
    data: { name: `Policy ${uniqueSuffix()}`, riskLevel: 'MEDIUM', active: false, versions: { create: { version: 1, rules: DEFAULT_RULES } } },
  })
}

/** The acting user of a cell: one of the cast, or a fresh user with a single role. */
async function actingAs(who: Who, cast: Cast): Promise<Actor> {
  switch (who) {
    case 'REQUESTER (own)':
      return cast.requester
    case 'REQUESTER (other)':
      return actorWith(['REQUESTER'])
    case 'APPROVER (required)':
      return cast.approver
    case 'APPROVER (unrelated)':
      return actorWith(['APPROVER'])
    case 'CHANGE_MANAGER':
      return actorWith(['CHANGE_MANAGER'])
    case 'ADMIN':
      return actorWith(['ADMIN'])
  }
}

async function freshCast(): Promise<Cast> {
  const requester = await actorWith(['REQUESTER'])
  const approver = await actorWith(['APPROVER'])
  const service = await createService({ ownerId: approver.id })
  return { requester, approver, service }
}

const CELLS = MATRIX.flatMap((row) =>
  WHO.map((who) => ({ action: row.action, who, allowed: row.allowed.includes(who), arrange: row.arrange })),
)

describe('authorization matrix: every use case checks the actor on the server', () => {
  it('has one row per action and only known roles in each row', () => {
    expect(new Set(MATRIX.map((row) => row.action)).size).toBe(MATRIX.length)
    for (const row of MATRIX) for (const who of row.allowed) expect(WHO).toContain(who)
  })

  for (const { action, who, allowed, arrange } of CELLS) {
    it(`${action} as ${who} → ${allowed ? 'allowed' : 'forbidden'}`, async () => {
      const cast = await freshCast()
      const call = await arrange(cast)
      const actor = await actingAs(who, cast)
      if (allowed) {
        // Authorization passes; the domain may still refuse, which is not this test's concern.
        expect(await failureCode(() => call(actor))).not.toBe('FORBIDDEN')
      } else {
        await expect(call(actor)).rejects.toMatchObject({ name: 'AppError', code: 'FORBIDDEN' })
      }
    })
  }
})
