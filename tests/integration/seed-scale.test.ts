import { describe, expect, it } from 'vitest'
import { parseSeedArgs, runSeedScale } from '@/bench/seed-scale'
import { prisma } from '@/lib/server/db'
import { createUser } from '../factories/user'

const url = process.env.DATABASE_URL as string
const quiet = () => undefined

describe('npm run seed:scale', () => {
  it('sizes by flag, with freezes defaulting to one per hundred changes', () => {
    expect(parseSeedArgs(['--changes', '1_000_000'])).toEqual({ changes: 1_000_000, freezes: 10_000, users: 1000, force: false })
    expect(parseSeedArgs(['--changes', '500', '--freezes', '3', '--users', '50', '--force'])).toEqual({ changes: 500, freezes: 3, users: 50, force: true })
    expect(() => parseSeedArgs(['--changes', 'lots'])).toThrow('--changes must be a whole number')
  })

  it('adds to demo and seed data, refuses a database with anyone else in it unless forced', async () => {
    await runSeedScale(url, { changes: 300, freezes: 5, users: 40, force: false }, quiet)
    // Demo users came first (so there is someone to sign in as); running again only adds.
    expect(await prisma.user.count({ where: { email: 'approver@example.com' } })).toBe(1)
    expect(await prisma.changeRequest.count()).toBeGreaterThanOrEqual(300)
    await runSeedScale(url, { changes: 100, freezes: 1, users: 40, force: false }, quiet)

    await createUser({ roles: ['REQUESTER'], email: 'someone.real@corp.example' })
    const before = await prisma.changeRequest.count()
    await expect(runSeedScale(url, { changes: 100, freezes: 1, users: 40, force: false }, quiet)).rejects.toThrow(/1 user\(s\) that no seed created.*--force/)
    expect(await prisma.changeRequest.count()).toBe(before)
    await runSeedScale(url, { changes: 100, freezes: 1, users: 40, force: true }, quiet)
    expect(await prisma.changeRequest.count()).toBe(before + 100)
  })
})
