import { describe, expect, it } from 'vitest'
import { NOTICE_KIND_INFO, NOTICE_KINDS } from '@/lib/domain/notifications/kinds'
import { prisma } from '@/lib/server/db'
import { isAppError } from '@/lib/server/errors'
import { notify } from '@/lib/server/notifications/notify'
import { getMailPreferences, updateMailPreferences } from '@/lib/server/users/profile'
import { ZUpdateMailPreferencesInput } from '@/lib/server/users/schemas'
import { parseInput } from '@/lib/server/validation'
import { actorWith } from './change-requests-support'

const OPTIONAL = NOTICE_KINDS.filter((kind) => !NOTICE_KIND_INFO[kind].mandatory)
const MANDATORY = NOTICE_KINDS.filter((kind) => NOTICE_KIND_INFO[kind].mandatory)

/** What the profile form posts: the ticked kinds and, when ticked, the digest box. */
const form = (email: readonly string[], digest = false) => parseInput(ZUpdateMailPreferencesInput, { email: [...email], ...(digest ? { mailDigest: 'on' } : {}) })

describe('mail preferences', () => {
  it('start with every kind on and no digest, and round-trip a change with an audit event', async () => {
    const rita = await actorWith(['REQUESTER'])
    const initial = await getMailPreferences(rita)
    expect(initial.digest).toBe(false)
    expect(initial.kinds.map((k) => k.kind)).toEqual([...NOTICE_KINDS])
    expect(initial.kinds.every((k) => k.email)).toBe(true)
    expect(initial.kinds.find((k) => k.kind === 'comment')).toMatchObject({ label: 'Comment', audience: 'the requester and approvers', mandatory: false })

    await updateMailPreferences(rita, form(OPTIONAL.filter((k) => k !== 'comment'), true))

    const saved = await getMailPreferences(rita)
    expect(saved.digest).toBe(true)
    expect(saved.kinds.filter((k) => !k.email).map((k) => k.kind)).toEqual(['comment'])
    expect(await prisma.mailPreference.findMany({ where: { userId: rita.id }, select: { kind: true, email: true } })).toEqual([{ kind: 'comment', email: false }])
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'user', entityId: rita.id, action: 'user.updated' } })
    expect(audit.details).toEqual({
      userId: rita.id,
      fields: ['mailPreferences', 'mailDigest'],
      from: { emailOff: [], mailDigest: false },
      to: { emailOff: ['comment'], mailDigest: true },
    })

    // Ticking it again removes the row (on is the default); saving the same choices twice audits nothing.
    await updateMailPreferences(rita, form(OPTIONAL, true))
    await updateMailPreferences(rita, form(OPTIONAL, true))
    expect(await prisma.mailPreference.count({ where: { userId: rita.id } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { entityId: rita.id, action: 'user.updated' } })).toBe(2)
    expect((await getMailPreferences(rita)).kinds.every((k) => k.email)).toBe(true)
  })

  it('never turn a mandatory kind off, whatever the form says', async () => {
    const avery = await actorWith(['APPROVER'])
    // A forged post: nothing ticked (the mandatory boxes are disabled, so never sent), and a row someone slipped in.
    await prisma.mailPreference.create({ data: { userId: avery.id, kind: 'sign-off-requested', email: false } })
    await updateMailPreferences(avery, form([]))

    const saved = await getMailPreferences(avery)
    expect(saved.kinds.filter((k) => k.email).map((k) => k.kind)).toEqual(MANDATORY)
    const rows = await prisma.mailPreference.findMany({ where: { userId: avery.id }, select: { kind: true, email: true } })
    expect(rows.map((r) => r.kind).sort()).toEqual([...OPTIONAL].sort())
    expect(rows.every((r) => !r.email)).toBe(true)

    // Ticking a mandatory kind explicitly is harmless: it is on anyway.
    await updateMailPreferences(avery, form(['sign-off-requested']))
    expect((await getMailPreferences(avery)).kinds.filter((k) => k.email).map((k) => k.kind)).toEqual(MANDATORY)
  })

  it('refuse kinds that do not exist with a field error', () => {
    try {
      form(['comment', 'lottery-win'])
      expect.unreachable('an unknown kind must be refused')
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('INVALID_INPUT')
      expect(isAppError(error) && error.details.fieldErrors?.email).toEqual(['Choose notice kinds from the list.'])
    }
    expect(ZUpdateMailPreferencesInput.safeParse({ email: ['comment'], mailDigest: 'yes please' }).success).toBe(false)
    expect(ZUpdateMailPreferencesInput.parse({})).toEqual({ email: [], mailDigest: false })
  })

  it('decide what notify() mails: an optional kind turned off is in-app only, a mandatory kind is always mailed', async () => {
    const rita = await actorWith(['REQUESTER'])
    const other = await actorWith(['REQUESTER'])
    await updateMailPreferences(rita, form(OPTIONAL.filter((k) => k !== 'comment')))

    await notify({ kind: 'comment', userIds: [rita.id, other.id], changeId: null, message: 'Someone commented on your change.' }, {})
    expect(await prisma.notification.count({ where: { userId: rita.id, message: 'Someone commented on your change.' } })).toBe(1)
    expect(await prisma.mailMessage.count({ where: { recipientId: rita.id } })).toBe(0)
    expect(await prisma.mailMessage.count({ where: { recipientId: other.id, kind: 'comment', status: 'QUEUED' } })).toBe(1)

    // Even with a forged "off" row for it, a mandatory kind is mailed at once.
    await prisma.mailPreference.create({ data: { userId: rita.id, kind: 'emergency-created', email: false } })
    await notify({ kind: 'emergency-created', userIds: [rita.id], changeId: null, message: 'An emergency change was submitted.' }, {})
    expect(await prisma.mailMessage.findMany({ where: { recipientId: rita.id }, select: { kind: true, status: true } })).toEqual([
      { kind: 'emergency-created', status: 'QUEUED' },
    ])
  })

  it('hold the optional kinds of a digest reader for the digest, and never the mandatory ones', async () => {
    const dana = await actorWith(['APPROVER'])
    await updateMailPreferences(dana, form(OPTIONAL, true))
    await notify({ kind: 'decision', userIds: [dana.id], changeId: null, message: 'Your change was approved.' }, {})
    await notify({ kind: 'sign-off-requested', userIds: [dana.id], changeId: null, message: 'Please sign off.' }, {})
    const rows = await prisma.mailMessage.findMany({ where: { recipientId: dana.id }, select: { kind: true, status: true }, orderBy: { kind: 'asc' } })
    expect(rows).toEqual([
      { kind: 'decision', status: 'HELD' },
      { kind: 'sign-off-requested', status: 'QUEUED' },
    ])
  })
})
