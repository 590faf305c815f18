// The one authorization policy. Pure and deny-by-default: the server calls it
// through assertCan() in every use case, and the UI calls it to hide buttons.
// Unknown actions, missing resources for change-scoped actions and inactive
// roles all answer false.
import type { Actor, ChangeStatus, ChangeType, Role } from '../shared/types'

export const ACTIONS = [
  'change:create',
  'change:read',
  'change:edit',
  'change:submit',
  'change:cancel',
  'change:comment',
  'change:schedule',
  'change:unschedule',
  'change:start',
  'change:record-outcome',
  'change:review',
  'change:post-update',
  'change:manage-approvers',
  'change:sign-off',
  'change:watch',
  'freeze:manage',
  'freeze-exception:grant-soft',
  'freeze-exception:grant-hard',
  'user:manage',
  'outbox:manage',
  'service:manage',
  'service:watch',
  'calendar:read',
  'audit:read',
  'token:manage-own',
  'service-account:manage',
  'metrics:read',
  'webhook:manage',
  // Standard change templates (issue 13): see decideTemplate below.
  'template:read',
  'template:propose',
  'template:sign-off',
  'template:reactivate',
  // Approval policies (issue 13): groups and policies are the admins', out of office is each approver's own.
  'approver-group:manage',
  'policy:manage',
  'delegation:manage-own',
  'risk:manage',
  // Emergency path (issue 13): the requester writes why an emergency runs in a SOFT freeze.
  'freeze-exception:justify-emergency',
] as const
export type Action = (typeof ACTIONS)[number]

/**
 * What the policy needs to know about a change; a Prisma row fits. Only
 * sign-off needs the approver ids: without them nobody counts as an approver.
 */
export type ChangeResource = {
  requesterId: string
  status: ChangeStatus
  type: ChangeType
  approverIds?: readonly string[]
  /**
   * Approvers the acting person signs for under a running delegation (issue
   * 13), resolved by the server for that person: a delegate may sign in a
   * delegator's seat. Never the requester (checked first, whoever holds the pen).
   */
  delegatorIds?: readonly string[]
}

/** The actor holds a seat on the change: their own, or a delegator's. */
export function holdsSeat(actor: Pick<Actor, 'id'>, change: Pick<ChangeResource, 'approverIds' | 'delegatorIds'>): boolean {
  const seats = change.approverIds ?? []
  return seats.includes(actor.id) || (change.delegatorIds ?? []).some((id) => seats.includes(id))
}

type Decision = { allowed: true } | { allowed: false; why: string }
const allow: Decision = { allowed: true }
const deny = (why: string): Decision => ({ allowed: false, why })

const has = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r))
const isRequester = (actor: Actor, change: ChangeResource) => change.requesterId === actor.id

/** Actions that are about one change and cannot be decided without it. */
const CHANGE_SCOPED: ReadonlySet<Action> = new Set<Action>([
  'change:edit',
  'change:submit',
  'change:cancel',
  'change:schedule',
  'change:unschedule',
  'change:start',
  'change:record-outcome',
  'change:review',
  'change:post-update',
  'change:manage-approvers',
  'change:sign-off',
  'freeze-exception:grant-soft',
  'freeze-exception:grant-hard',
  'freeze-exception:justify-emergency',
])

// Segregation of duties, whatever the actor's roles: the requester neither
// signs, nor chooses who signs, nor excuses their own change from a freeze.
const OWN_CHANGE_DENIALS: Partial<Record<Action, string>> = {
  'change:sign-off': 'You raised this change, so you cannot sign it off.',
  'change:manage-approvers': 'You raised this change, so you cannot choose who signs it off.',
  'freeze-exception:grant-soft': 'You raised this change, so you cannot grant it a freeze exception.',
  'freeze-exception:grant-hard': 'You raised this change, so you cannot grant it a freeze exception.',
}

/**
 * Written sign-offs stay human: a person gives them in the browser, with a
 * statement and their typed name. No API token, whatever its scope or its
 * user's roles, records a sign-off or grants a freeze exception.
 */
export const HUMAN_ONLY_DENIAL =
  'Sign-offs and freeze exceptions must be given in writing by a person in the browser; an API token cannot give them.'
const HUMAN_ONLY: ReadonlySet<Action> = new Set<Action>(['change:sign-off', 'freeze-exception:grant-soft', 'freeze-exception:grant-hard', 'template:sign-off', 'freeze-exception:justify-emergency'])

const APPROVAL_POLICY_ACTIONS: readonly Action[] = ['approver-group:manage', 'policy:manage', 'delegation:manage-own']

/** Approval policies (issue 13): admins manage groups and policies; those who sign hand their own seat on when away. */
function decideApprovalPolicy(actor: Actor, action: Action): Decision {
  if (action === 'delegation:manage-own') {
    return has(actor, 'APPROVER', 'CHANGE_MANAGER') ? allow : deny('Only approvers and change managers sign off, so only they can name a delegate.')
  }
  return has(actor, 'ADMIN') ? allow : deny('Only an administrator can manage approver groups and approval policies.')
}

/**
 * Credentials are managed in the browser only: a leaked token cannot mint or revoke tokens or accounts,
 * nor register a webhook (which would carry every event to an address of its choosing).
 */
const BROWSER_ONLY: ReadonlySet<Action> = new Set<Action>([
  'token:manage-own',
  'service-account:manage',
  'user:manage',
  'webhook:manage',
  // Who approves what, and who signs in whose seat, is decided by a person, never a leaked token.
  ...APPROVAL_POLICY_ACTIONS,
])

/** What a READ-scope token may do: look, never change. */
const READ_ONLY: ReadonlySet<Action> = new Set<Action>(['change:read', 'calendar:read', 'audit:read', 'metrics:read', 'template:read'])

function tokenDenial(actor: Actor, action: Action): Decision | null {
  if (actor.via !== 'token') return null
  if (HUMAN_ONLY.has(action)) return deny(HUMAN_ONLY_DENIAL)
  if (BROWSER_ONLY.has(action)) return deny('This can only be done by a person signed in to the browser, not with an API token.')
  if (actor.tokenScope !== 'WRITE' && !READ_ONLY.has(action)) return deny('This token has the read scope: it cannot change anything. Use a token with the write scope.')
  return null
}

/**
 * Standard change templates: everyone sees them (a CAB works in the open);
 * change managers propose them and review a suspended one; approvers and
 * change managers sign a version in writing. Whether this signer holds a
 * seat on this version, and never the proposer, is the template domain's
 * validateTemplateSignOff. Filing a change from a template is change:create;
 * scheduling it is change:schedule (the requester of a STANDARD change may).
 */
function decideTemplate(actor: Actor, action: Action): Decision | null {
  switch (action) {
    case 'template:read':
      return allow
    case 'template:propose':
    case 'template:reactivate':
      return has(actor, 'CHANGE_MANAGER') ? allow : deny('Only a change manager can propose or reactivate a standard template.')
    case 'template:sign-off':
      return has(actor, 'APPROVER', 'CHANGE_MANAGER') ? allow : deny('Only approvers and change managers can sign a standard template.')
    default:
      return null
  }
}

function decide(actor: Actor, action: Action, change: ChangeResource | undefined): Decision {
  const byToken = tokenDenial(actor, action)
  if (byToken) return byToken
  const onTemplate = decideTemplate(actor, action)
  if (onTemplate) return onTemplate
  if (CHANGE_SCOPED.has(action) && !change) return deny('This action needs a change to act on.')
  const ownChangeDenial = OWN_CHANGE_DENIALS[action]
  if (ownChangeDenial && change && isRequester(actor, change)) return deny(ownChangeDenial)
  switch (action) {
    // Read access is open to every signed-in user: a CAB works in the open.
    // Following a change or a service only decides who hears about it.
    case 'change:read':
    case 'calendar:read':
    case 'audit:read':
    case 'change:comment':
    case 'change:watch':
    case 'service:watch':
      return allow
    // Everyone signed in keeps their own API tokens (tokenDenial keeps tokens themselves out).
    case 'token:manage-own':
      return allow
    case 'service-account:manage':
      return has(actor, 'ADMIN') ? allow : deny('Only an administrator can manage service accounts.')
    case 'change:create':
      return has(actor, 'REQUESTER', 'CHANGE_MANAGER') ? allow : deny('Only requesters and change managers can raise changes.')
    case 'change:edit':
    case 'change:submit':
    case 'change:cancel':
      if (has(actor, 'CHANGE_MANAGER')) return allow
      if (change && isRequester(actor, change) && has(actor, 'REQUESTER')) return allow
      return deny('Only the requester of this change or a change manager can do this.')
    case 'change:schedule':
    case 'change:start':
    case 'change:record-outcome':
      if (has(actor, 'CHANGE_MANAGER')) return allow
      // Standard changes are pre-authorised routine work: the requester runs them end to end.
      if (change && change.type === 'STANDARD' && isRequester(actor, change) && has(actor, 'REQUESTER')) return allow
      return deny('Only a change manager (or the requester of a standard change) can do this.')
    // Who reports on the work while it runs; in which status is the domain's rule (change-request/status-update.ts).
    case 'change:post-update':
      if (has(actor, 'CHANGE_MANAGER')) return allow
      if (change && isRequester(actor, change) && has(actor, 'REQUESTER')) return allow
      return deny('Only the requester of this change or a change manager can post status updates.')
    // The board's numbers (issue 14): who approves what, how fast; for those who run the board.
    case 'metrics:read':
      return has(actor, 'CHANGE_MANAGER', 'ADMIN') ? allow : deny('Only change managers and administrators can see the board\'s metrics.')
    case 'change:unschedule':
    case 'change:review':
      return has(actor, 'CHANGE_MANAGER') ? allow : deny('Only a change manager can do this.')
    case 'change:manage-approvers':
      return has(actor, 'CHANGE_MANAGER') ? allow : deny('Only a change manager can change who signs off a change.')
    case 'change:sign-off':
      if (!has(actor, 'APPROVER', 'CHANGE_MANAGER')) return deny('Only approvers can sign off changes.')
      if (!holdsSeat(actor, change ?? {})) return deny('You are not a required approver of this change.')
      return allow
    case 'freeze:manage':
    case 'freeze-exception:grant-hard':
    case 'user:manage':
    case 'outbox:manage':
    case 'service:manage':
    case 'webhook:manage':
      return has(actor, 'ADMIN') ? allow : deny('Only an administrator can do this.')
    case 'freeze-exception:grant-soft':
      return has(actor, 'ADMIN', 'CHANGE_MANAGER') ? allow : deny('Only an administrator or a change manager can grant this exception.')
    case 'approver-group:manage':
    case 'policy:manage':
    case 'delegation:manage-own':
      return decideApprovalPolicy(actor, action)
    // Explainable risk (issue 13): the rules' thresholds and the questionnaire.
    case 'risk:manage':
      return has(actor, 'ADMIN') ? allow : deny('Only an administrator can change how risk is worked out.')
    // The one exception to "nobody excuses their own change": an emergency's requester may write why it
    // runs in a SOFT freeze (the domain refuses HARD freezes; docs/decisions/0014).
    case 'freeze-exception:justify-emergency':
      if (change?.type !== 'EMERGENCY') return deny('Only an emergency change can be justified into a freeze.')
      if (has(actor, 'CHANGE_MANAGER')) return allow
      if (isRequester(actor, change) && has(actor, 'REQUESTER')) return allow
      return deny('Only the requester of this emergency change or a change manager can justify it.')
    default:
      return deny('This action is not permitted.')
  }
}

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value)
}

/** True when the actor may perform the action (on the change, for change-scoped actions). */
export function can(actor: Actor, action: Action, resource?: ChangeResource): boolean {
  if (!isAction(action)) return false
  return decide(actor, action, resource).allowed
}

/** A sentence explaining a refusal, for the UI and for AppError messages; '' when allowed. */
export function whyDenied(actor: Actor, action: Action, resource?: ChangeResource): string {
  if (!isAction(action)) return 'This action is not permitted.'
  const decision = decide(actor, action, resource)
  return decision.allowed ? '' : decision.why
}
