'use server'

import { formAction } from '@/lib/server/form-action'
import { createService, updateService } from '@/lib/server/services/manage-services'
import { ZCreateServiceInput, ZUpdateServiceInput } from '@/lib/server/services/schemas'

export const createServiceAction = formAction(ZCreateServiceInput, async (actor, input) => {
  await createService(actor, input)
  return { message: `Service ${input.name} created.`, revalidate: ['/admin/services'] }
})

export const updateServiceAction = formAction(ZUpdateServiceInput, async (actor, input) => {
  await updateService(actor, input)
  return { message: 'Saved.', revalidate: ['/admin/services'] }
})
