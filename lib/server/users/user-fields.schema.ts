import { z } from 'zod'
import { LIMITS } from '@/lib/domain/shared/limits'
import { ROLES } from '@/lib/domain/shared/types'
import { isTimeZone } from './time-zones'

// Field rules shared by the create and update schemas.
export const ZUserName = z.string().trim().min(1, 'Enter a name.').max(LIMITS.name, `Use at most ${LIMITS.name} characters.`)
export const ZUserRoles = z.array(z.enum(ROLES, 'Choose a valid role.')).min(1, 'Choose at least one role.')
export const ZTimeZone = z.string().max(LIMITS.timeZone).refine(isTimeZone, 'Choose a time zone from the list.')
