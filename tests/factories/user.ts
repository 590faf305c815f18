import { normaliseEmail } from '../../lib/domain/shared/email'
import type { Role } from '../../lib/generated/prisma/client'
import { hashPassword } from '../../lib/server/auth/password'
import { defaultDb, uniqueSuffix, type FactoryDb } from './db'

export const DEFAULT_TEST_PASSWORD = 'correct-horse-battery-staple'

export type CreateUserInput = {
  roles: Role[]
  name?: string
  email?: string
  password?: string
  timeZone?: string
  active?: boolean
}

export type CreatedUser = { id: string; name: string; email: string; roles: Role[]; password: string }

// bcrypt is slow by design; tests create hundreds of users with the same few
// passwords, so each distinct password is hashed once per process.
const hashes = new Map<string, Promise<string>>()
function hashOnce(password: string): Promise<string> {
  let hash = hashes.get(password)
  if (!hash) {
    hash = hashPassword(password)
    hashes.set(password, hash)
  }
  return hash
}

/** A user with unique name and e-mail unless given; returns the plain password too. */
export async function createUser(input: CreateUserInput, db?: FactoryDb): Promise<CreatedUser> {
  const client = db ?? (await defaultDb())
  const suffix = uniqueSuffix()
  const password = input.password ?? DEFAULT_TEST_PASSWORD
  const user = await client.user.create({
    data: {
      name: input.name ?? `Test User ${suffix}`,
      email: normaliseEmail(input.email ?? `user-${suffix}@example.test`),
      passwordHash: await hashOnce(password),
      roles: input.roles,
      timeZone: input.timeZone ?? 'UTC',
      active: input.active ?? true,
    },
    select: { id: true, name: true, email: true, roles: true },
  })
  return { ...user, password }
}
