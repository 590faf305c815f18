// The emergency path through a SOFT freeze (issue 13, docs/decisions/0014):
// an EMERGENCY change may run inside a SOFT freeze once its requester (or a
// change manager) writes down why. The justification is recorded as a SOFT
// freeze exception bound to the change's fingerprint and the freeze's
// revision, exactly like an exception a change manager grants, so the gate,
// the lapse rules (exception.ts) and the database backstop treat it the same.
// A HARD freeze still needs an administrator's exception; a NORMAL or STANDARD
// change still needs an exception from someone else.
import { countWords } from '../sign-off/validate-sign-off'
import type { ChangeStatus, ChangeType, FreezeSeverity, Reason } from '../shared/types'

/** Self-service asks for more than a one-liner: a few sentences' worth. */
export const MIN_EMERGENCY_JUSTIFICATION_CHARS = 40
export const MIN_EMERGENCY_JUSTIFICATION_WORDS = 6

const OPEN: readonly ChangeStatus[] = ['SUBMITTED', 'APPROVED', 'SCHEDULED']

/** The field error for a justification that is too thin, or null. */
export function emergencyJustificationProblem(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed.length >= MIN_EMERGENCY_JUSTIFICATION_CHARS && countWords(trimmed) >= MIN_EMERGENCY_JUSTIFICATION_WORDS) return null
  return `Explain why this emergency cannot wait for the freeze to end: at least ${MIN_EMERGENCY_JUSTIFICATION_CHARS} characters and ${MIN_EMERGENCY_JUSTIFICATION_WORDS} words.`
}

export type JustifiedChange = { type: ChangeType; status: ChangeStatus; revision: number; fingerprint: string | null }

/**
 * Why this justification cannot open this freeze for this change, or none.
 * `seen` is the revision the writer read: a justification never covers
 * content they did not see.
 */
export function emergencyJustificationReasons(
  change: JustifiedChange,
  freeze: { name: string; severity: FreezeSeverity },
  seen: { revision: number; fingerprint: string },
): Reason[] {
  const reasons: Reason[] = []
  if (change.type !== 'EMERGENCY') {
    reasons.push({ code: 'not-emergency', message: 'Only an emergency change can be justified into a freeze; any other change needs an exception from a change manager or an administrator.' })
  }
  if (freeze.severity === 'HARD') {
    reasons.push({ code: 'freeze-hard', message: `“${freeze.name}” is a HARD freeze: only an administrator’s exception lets an emergency change run in it.` })
  }
  if (!OPEN.includes(change.status) || change.fingerprint === null) {
    reasons.push({ code: 'not-open', message: 'A justification can only be recorded for a submitted, approved or scheduled change.' })
  } else if (change.revision !== seen.revision || change.fingerprint !== seen.fingerprint) {
    reasons.push({ code: 'stale', message: `This change was edited since you opened it (now revision ${change.revision}). Read the current revision, then write the justification again.` })
  }
  return reasons
}
