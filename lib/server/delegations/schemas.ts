import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { isValidTimeZone, localInputToUtc, parseLocalInput } from '@/lib/domain/time/zoned'

// The input schemas of lib/server/delegations: the single source of their input types.

/** Why a typed time has no instant: not a date and time at all, or inside a spring-forward gap. */
const unreadable = (value: string) =>
  parseLocalInput(value) === null
    ? 'Enter a date and time, like 2026-12-24 09:00.'
    : 'This time does not exist in your time zone (the clocks go forward then): choose another.'

/**
 * "Out of office" as typed on /profile: the range in the viewer's zone (sent
 * with the form), turned into UTC instants here.
 */
export const ZCreateDelegationInput = z
  .object({
    delegateId: z.uuid('Choose a delegate from the list.'),
    startsAtLocal: z.string().trim().min(1, 'Enter when you leave.').max(LIMITS.dateTime),
    endsAtLocal: z.string().trim().min(1, 'Enter when you are back.').max(LIMITS.dateTime),
    timeZone: z.string().trim().max(LIMITS.timeZone).refine(isValidTimeZone, 'Choose a time zone from the list.'),
    note: z.string().trim().max(LIMITS.reason, `Use at most ${LIMITS.reason} characters.`).default(''),
  })
  .transform((input, ctx) => {
    const startsAt = localInputToUtc(input.startsAtLocal, input.timeZone)
    const endsAt = localInputToUtc(input.endsAtLocal, input.timeZone)
    if (!startsAt) ctx.addIssue({ code: 'custom', path: ['startsAtLocal'], message: unreadable(input.startsAtLocal) })
    if (!endsAt) ctx.addIssue({ code: 'custom', path: ['endsAtLocal'], message: unreadable(input.endsAtLocal) })
    if (!startsAt || !endsAt) return z.NEVER
    return { delegateId: input.delegateId, startsAt, endsAt, timeZone: input.timeZone, note: input.note }
  })
/** The parsed form: instants in UTC, and the zone they were typed in. */
export type TCreateDelegationInput = z.output<typeof ZCreateDelegationInput>

export const ZDelegationIdInput = z.object({ delegationId: z.uuid('Unknown delegation.') })
export type TDelegationIdInput = z.infer<typeof ZDelegationIdInput>
