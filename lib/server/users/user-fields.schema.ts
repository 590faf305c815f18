import { z } from 'zod'
import { ROLES } from '@/lib/domain/shared/types'
import { isTimeZone } from './time-zones'

// Field rules shared by the create and update schemas.
export const ZUserName = z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.')
export const ZUserRoles = z.array(z.enum(ROLES, 'Choose a valid role.')).min(1, 'Choose at least one role.')
export const ZTimeZone = z.string().refine(isTimeZone, 'Choose a time zone from the list.')
