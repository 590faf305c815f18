import 'server-only'
import type { Reason } from '@/lib/domain/shared/types'
import { fieldOfReason } from '@/lib/domain/change-request/state-machine'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'

/**
 * A refused transition as an AppError: content problems become field errors
 * next to the fields (INVALID_INPUT); anything else is a REFUSED with reasons.
 */
export function refusal(reasons: readonly Reason[], message: string): AppError {
  const fieldErrors: Record<string, string[]> = {}
  const others: Reason[] = []
  for (const reason of reasons) {
    const field = fieldOfReason(reason)
    if (field) (fieldErrors[field.field] ??= []).push(reason.message)
    else others.push(reason)
  }
  if (others.length === 0 && Object.keys(fieldErrors).length > 0) {
    return new AppError('INVALID_INPUT', 'Some fields need attention before the change can be submitted.', { fieldErrors, reasons: [...reasons] })
  }
  const first = others[0]?.message
  return new AppError(others.some((r) => r.code === 'forbidden') ? 'FORBIDDEN' : 'REFUSED', first ? `${message}: ${first}` : message, {
    fieldErrors,
    reasons: [...reasons],
  })
}

/** After commit: a lost notice is logged, never undoes the change. */
export async function notify(userIds: readonly string[], changeId: string, message: string): Promise<void> {
  const recipients = [...new Set(userIds)]
  if (recipients.length === 0) return
  await prisma.notification
    .createMany({ data: recipients.map((userId) => ({ userId, changeId, message })) })
    .catch((error: unknown) => console.error('Could not write notifications', error))
}
