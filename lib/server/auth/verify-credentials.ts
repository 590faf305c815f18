import 'server-only'
import { prisma } from '@/lib/server/db'
import { burnPasswordCheck, verifyPassword } from './password'
import { clearFailures, lockedMessage, lockThrottleRow, minutesLocked, recordFailure, throttleKey } from './login-throttle'

export const INVALID_CREDENTIALS = 'Email or password is incorrect.'

export type SignedInUser = { id: string; name: string; email: string }
export type CredentialsResult = { ok: true; user: SignedInUser } | { ok: false; message: string }

/**
 * The credentials provider's `authorize`, as a plain function so it can be
 * tested without HTTP. One transaction per attempt holds the throttle row lock
 * while the password is checked, so parallel guesses cannot slip past the count.
 * Unknown e-mail, wrong password and deactivated account all get the same answer.
 */
export async function verifyCredentials(email: string, password: string, now = new Date()): Promise<CredentialsResult> {
  const key = throttleKey(email)
  if (!key || !password) return { ok: false, message: INVALID_CREDENTIALS }
  return prisma.$transaction(
    async (tx) => {
      const throttle = await lockThrottleRow(tx, key)
      const locked = minutesLocked(throttle, now)
      if (locked !== null) return { ok: false, message: lockedMessage(locked) }

      const user = await tx.user.findFirst({
        where: { email: { equals: key, mode: 'insensitive' } },
        select: { id: true, name: true, email: true, passwordHash: true, active: true },
      })
      const passwordOk = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false)
      if (!user || !passwordOk || !user.active) {
        const lockedNow = await recordFailure(tx, key, throttle, now)
        return { ok: false, message: lockedNow === null ? INVALID_CREDENTIALS : lockedMessage(lockedNow) }
      }
      await clearFailures(tx, key)
      return { ok: true, user: { id: user.id, name: user.name, email: user.email } }
    },
    { timeout: 15_000 },
  )
}
