import type { FreezeSeverity } from '../shared/types'

export type GrantedException = { fingerprint: string; grantedSeverity: FreezeSeverity; freezeRevision: number }
export type ExcusedFreeze = { severity: FreezeSeverity; revision: number }

/**
 * An exception excuses one revision of a change from one freeze *as the
 * granter saw both*. A material edit of the change (new fingerprint) voids it,
 * like a sign-off; so does any edit of the freeze's severity, window, rule or
 * scope (new freeze revision): a SOFT excuse must never turn into a HARD one.
 */
export function exceptionHolds(exception: GrantedException, freeze: ExcusedFreeze, changeFingerprint: string | null): boolean {
  return (
    changeFingerprint !== null &&
    exception.fingerprint === changeFingerprint &&
    exception.freezeRevision === freeze.revision &&
    exception.grantedSeverity === freeze.severity
  )
}
