import { z } from 'zod'

// The input schemas of lib/server/watching: the single source of its input types.

/** The toggle sends the state it asks for ("true" to watch, "false" to stop), so a double submit changes nothing. */
const watch = z.enum(['true', 'false'], { error: 'Reload the page: the form is missing what to do.' }).transform((value) => value === 'true')

export const ZSetChangeWatchInput = z.object({ changeId: z.uuid('Unknown change.'), watch })
export type TSetChangeWatchInput = z.infer<typeof ZSetChangeWatchInput>

export const ZSetServiceWatchInput = z.object({ serviceId: z.uuid('Unknown service.'), watch })
export type TSetServiceWatchInput = z.infer<typeof ZSetServiceWatchInput>
