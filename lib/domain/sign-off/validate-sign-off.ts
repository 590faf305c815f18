// A sign-off is a written, signed statement about one revision. These rules
// make it deliberate: a real sentence, the signer's own name, and never the
// requester signing their own change.
import { z } from 'zod'
import { holdsSeat } from '../authz/policy'
import { SIGN_OFF_DECISIONS, type Person } from '../shared/types'

export const MIN_STATEMENT_CHARS = 20
export const MIN_STATEMENT_WORDS = 4

export const ZSignOffInput = z.object({
  decision: z.enum(SIGN_OFF_DECISIONS, { error: 'Choose approve or reject.' }),
  statement: z.string({ error: 'Write a statement.' }),
  signature: z.string({ error: 'Type your full name as your signature.' }),
  /**
   * The fingerprint the signer was looking at. Optional; when given it must be
   * the current one, so nobody signs a revision that changed under their eyes.
   */
  fingerprint: z.string().optional(),
})
export type TSignOffInput = z.input<typeof ZSignOffInput>

export type SignOffValidation = { ok: true } | { ok: false; fieldErrors: Partial<Record<string, string[]>> }

/** Lower-cased, NFC, whitespace collapsed: how a typed signature is compared with the account name. */
export function normalizeSignature(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase()
}

export function countWords(text: string): number {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

export function statementProblem(statement: string, decision: 'APPROVED' | 'REJECTED' | undefined): string | null {
  const text = statement.trim()
  const ok = text.length >= MIN_STATEMENT_CHARS && countWords(text) >= MIN_STATEMENT_WORDS
  if (ok) return null
  const rule = `at least ${MIN_STATEMENT_CHARS} characters and ${MIN_STATEMENT_WORDS} words`
  if (decision === 'REJECTED') return `Explain why you reject this change (${rule}).`
  return text === ''
    ? `Write a statement of what you checked (${rule}).`
    : `Your statement is too short: say what you checked (${rule}).`
}

export function validateSignOff(
  input: unknown,
  signer: Person,
  change: { requesterId: string; approverIds: readonly string[]; delegatorIds?: readonly string[]; fingerprint: string | null },
): SignOffValidation {
  const fieldErrors: Partial<Record<string, string[]>> = {}
  const add = (field: string, message: string) => {
    fieldErrors[field] = [...(fieldErrors[field] ?? []), message]
  }

  if (change.requesterId === signer.id) add('form', 'You raised this change, so you cannot sign it off.')
  else if (!holdsSeat(signer, change)) add('form', 'You are not a required approver of this change.')
  if (change.fingerprint === null) add('form', 'This change has not been submitted, so there is nothing to sign off yet.')

  const parsed = ZSignOffInput.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(String(issue.path[0] ?? 'form'), issue.message)
  }
  const raw = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>
  const decision = parsed.success ? parsed.data.decision : undefined
  if (typeof raw.statement === 'string') {
    const problem = statementProblem(raw.statement, decision)
    if (problem) add('statement', problem)
  }
  if (typeof raw.signature === 'string' && normalizeSignature(raw.signature) !== normalizeSignature(signer.name)) {
    add('signature', `The signature must match your account name exactly: ${signer.name}`)
  }
  if (
    typeof raw.fingerprint === 'string' &&
    change.fingerprint !== null &&
    raw.fingerprint !== change.fingerprint
  ) {
    add('form', 'The change was revised while you were reading it. Review the new revision and sign again.')
  }
  return Object.keys(fieldErrors).length === 0 ? { ok: true } : { ok: false, fieldErrors }
}
