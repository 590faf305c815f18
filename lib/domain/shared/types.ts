// Shared vocabulary of the domain. Each union mirrors a Prisma enum in
// prisma/schema.prisma exactly (checked by types.test.ts), so values can move
// between the database and the domain without mapping.

export const ROLES = ['REQUESTER', 'APPROVER', 'CHANGE_MANAGER', 'ADMIN'] as const
export type Role = (typeof ROLES)[number]

export const CHANGE_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'SCHEDULED',
  'IN_PROGRESS',
  'COMPLETED',
  'ROLLED_BACK',
  'FAILED',
  'CLOSED',
  'REJECTED',
  'CANCELLED',
] as const
export type ChangeStatus = (typeof CHANGE_STATUSES)[number]

export const CHANGE_TYPES = ['STANDARD', 'NORMAL', 'EMERGENCY'] as const
export type ChangeType = (typeof CHANGE_TYPES)[number]

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const FREEZE_SEVERITIES = ['HARD', 'SOFT'] as const
export type FreezeSeverity = (typeof FREEZE_SEVERITIES)[number]

export const SIGN_OFF_DECISIONS = ['APPROVED', 'REJECTED'] as const
export type SignOffDecision = (typeof SIGN_OFF_DECISIONS)[number]

export const APPROVER_SOURCES = ['SERVICE_OWNER', 'NOMINATED', 'POLICY'] as const
export type ApproverSource = (typeof APPROVER_SOURCES)[number]

/**
 * The signed-in person acting; roles come from the session, never from input.
 * `timeZone` (IANA) is loaded with the actor once per request so pages need not
 * query it again; actors built elsewhere (tests, scripts) may leave it out.
 */
export type Actor = {
  id: string
  name: string
  roles: readonly Role[]
  timeZone?: string
  /**
   * How the request was authenticated: 'token' for `Authorization: Bearer cb_…`
   * (lib/server/auth/api-token.ts), else a browser session (or an internal
   * caller: a job, a script, a test). The policy refuses some actions to tokens.
   */
  via?: 'session' | 'token'
  /** The token's scope when via === 'token'. */
  tokenScope?: ApiTokenScope
}

export const API_TOKEN_SCOPES = ['READ', 'WRITE'] as const
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number]

export const USER_KINDS = ['HUMAN', 'SERVICE'] as const
export type UserKind = (typeof USER_KINDS)[number]

/** An expected refusal: `code` is for programs and tests, `message` is a sentence for people. */
export type Reason = { code: string; message: string }

/** A person reference as the domain needs it (approvers, owners). */
export type Person = { id: string; name: string }

export const STATUS_LABELS: Readonly<Record<ChangeStatus, string>> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Awaiting sign-off',
  APPROVED: 'Approved',
  SCHEDULED: 'Scheduled',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  ROLLED_BACK: 'Rolled back',
  FAILED: 'Failed',
  CLOSED: 'Closed',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
}

export const CHANGE_TYPE_LABELS: Readonly<Record<ChangeType, string>> = {
  STANDARD: 'Standard',
  NORMAL: 'Normal',
  EMERGENCY: 'Emergency',
}

export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  REQUESTER: 'Requester',
  APPROVER: 'Approver',
  CHANGE_MANAGER: 'Change manager',
  ADMIN: 'Administrator',
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role)
}
