import 'server-only'
import { prisma, type Tx } from '@/lib/server/db'

export type Notice = { userIds: readonly string[]; changeId: string | null; message: string }

/**
 * The one writer of in-app notices. Inside a transaction (pass its client) the
 * notice commits or rolls back with the state change that caused it; after a
 * commit (no client) a failed write is logged and never undoes the change.
 * Nobody is told about their own action.
 */
export async function notify(notice: Notice, options: { tx?: Tx; except?: string } = {}): Promise<void> {
  const recipients = [...new Set(notice.userIds)].filter((id) => id !== options.except)
  if (recipients.length === 0) return
  const data = recipients.map((userId) => ({ userId, changeId: notice.changeId, message: notice.message }))
  if (options.tx) {
    await options.tx.notification.createMany({ data })
    return
  }
  await prisma.notification.createMany({ data }).catch((error: unknown) => console.error('Could not write notifications', error))
}
