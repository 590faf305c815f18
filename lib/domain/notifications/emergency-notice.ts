// The words of the "emergency change submitted" notice. The owners of the
// affected services hear of an emergency at once, before or without being
// asked to sign: they need what is about to happen to their service and why it
// cannot wait. The window is added by the e-mail in each reader's own zone
// (compose-mail.ts); the in-app line is shared by every reader, so it names no
// clock time.
import { formatChangeNumber } from '../change-request/number'

/** The in-app line quotes the purpose up to this many characters; the e-mail quotes it whole. */
export const EMERGENCY_PURPOSE_IN_LINE = 160

export function emergencyCreatedNotice(input: { submitterName: string; number: number; title: string; purpose: string }): { message: string; detail: string } {
  const purpose = input.purpose.trim().replace(/\s+/g, ' ')
  const short = purpose.length > EMERGENCY_PURPOSE_IN_LINE ? `${purpose.slice(0, EMERGENCY_PURPOSE_IN_LINE - 1).trimEnd()}…` : purpose
  return {
    message: `${input.submitterName} submitted the emergency change ${formatChangeNumber(input.number)} “${input.title}”. Why it cannot wait: ${short}`,
    detail: `Why it is an emergency (the change's purpose, as the requester wrote it):\n${input.purpose.trim()}`,
  }
}
