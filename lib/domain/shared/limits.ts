/**
 * Upper bounds on what anyone may send, shared by the zod schemas (the server's
 * word) and the forms' maxLength (so typing stops where the server would
 * refuse). Sign-offs, revisions and exceptions are append-only: whatever is
 * accepted is kept forever, so nothing is unbounded.
 */
export const LIMITS = {
  title: 200,
  name: 120,
  /** Each material field of a change (purpose, states, plans, evidence…). */
  changeText: 20_000,
  comment: 10_000,
  /** Outcome, review and cancel notes. */
  note: 5_000,
  statement: 5_000,
  /** A status update posted while a change is in progress: short by design. */
  statusUpdate: 1_000,
  signature: 120,
  justification: 4_000,
  reason: 2_000,
  description: 2_000,
  rrule: 500,
  search: 200,
  password: 200,
  email: 254,
  /** A datetime-local or date value, with room for seconds. */
  dateTime: 40,
  timeZone: 64,
  fingerprint: 64,
  /** A deployment report's link to the pipeline run (http/https only). */
  url: 2_000,
  /** A deployment report's ref: a commit, tag or release name. */
  deploymentRef: 200,
  /** A webhook's signing secret pasted by an admin (generated ones are 49 characters). */
  webhookSecret: 200,
  /** Services, approvers, acknowledged conflicts: far above any real change. */
  idList: 100,
  /** Next's server-action body limit (next.config.js serverActions.bodySizeLimit, 1 MB). */
  formBytes: 1024 * 1024,
} as const
