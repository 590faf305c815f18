'use server'

import { revalidatePath } from 'next/cache'
import { requireActor } from '@/lib/server/authz'
import { markNotificationsRead } from '@/lib/server/notifications/inbox'

export async function markAllReadAction(): Promise<void> {
  const actor = await requireActor({ mode: 'action' })
  await markNotificationsRead(actor)
  revalidatePath('/', 'layout')
}
