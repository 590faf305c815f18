import 'server-only'
import { ZEmail } from '@/lib/domain/shared/email'
import { prisma } from '@/lib/server/db'
import { admitAttempt, attemptFailed, attemptSucceeded, emailKey, ipKey, lockedMessage } from './login-throttle'
import { burnPasswordCheck, verifyPassword } from './password'

export const INVALID_CREDENTIALS = 'Email or password is incorrect.'

export type SignedInUser = { id: string; name: string; email: string }
export type CredentialsResult = { ok: true; user: SignedInUser } | { ok: false; message: string }

/**
 * The credentials provider's `authorize`, as a plain function so it can be
 * tested without HTTP. `ip` is the client address when one is reliable
 * (client-ip.ts), else null and only the e-mail is throttled.
 *
 * An input that is not a well-formed address (a `%` or `\` among them) is
 * refused before the database: no account can have it, and it must never act
 * as a pattern. The throttle slots are reserved before bcrypt runs, and no
 * transaction or connection is held while it does (login-throttle.ts).
 * Unknown e-mail, wrong password and deactivated account all get the same answer.
 */
export async function verifyCredentials(
  email: string,
  password: string,
  { ip = null, now = new Date() }: { ip?: string | null; now?: Date } = {},
): Promise<CredentialsResult> {
  const address = ZEmail.safeParse(email)
  if (!address.success || !password) return { ok: false, message: INVALID_CREDENTIALS }

  const admission = await admitAttempt(ip ? [ipKey(ip), emailKey(address.data)] : [emailKey(address.data)], now)
  if (!admission.ok) return { ok: false, message: lockedMessage(admission.minutesLocked) }

  const user = await prisma.user.findUnique({
    where: { email: address.data },
    select: { id: true, name: true, email: true, passwordHash: true, active: true, kind: true },
  })
  const passwordOk = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false)
  // A service account never signs in (it has no password, and acts only through API tokens).
  if (!user || !passwordOk || !user.active || user.kind !== 'HUMAN') {
    const lockedNow = await attemptFailed(admission.attempt)
    return { ok: false, message: lockedNow === null ? INVALID_CREDENTIALS : lockedMessage(lockedNow) }
  }
  await attemptSucceeded(admission.attempt)
  return { ok: true, user: { id: user.id, name: user.name, email: user.email } }
}
