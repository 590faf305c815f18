import bcrypt from 'bcryptjs'

// No 'server-only' marker: the seed script (run by tsx, outside Next) hashes
// demo passwords with this too. Nothing here is secret.

/** bcrypt cost: ~100 ms per hash with bcryptjs on a small server; raise with hardware. */
const COST = 11

export const MIN_PASSWORD_LENGTH = 12

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST)
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash)
}

// Compared against when no such user exists, so a wrong e-mail costs as much
// time as a wrong password and response times do not reveal which accounts exist.
const DUMMY_HASH = bcrypt.hashSync('no-such-user-password', COST)

export async function burnPasswordCheck(password: string): Promise<void> {
  await bcrypt.compare(password, DUMMY_HASH)
}
