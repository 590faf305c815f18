import { z } from 'zod'

// FullCalendar asks for the visible range; the page's GET filter adds a service.
export const ZCalendarEventsInput = z
  .object({
    start: z.coerce.date(),
    end: z.coerce.date(),
    serviceId: z.uuid().nullable().default(null),
  })
  .refine((v) => v.start < v.end, { message: 'The range must end after it starts.', path: ['end'] })
export type TCalendarEventsInput = z.infer<typeof ZCalendarEventsInput>
