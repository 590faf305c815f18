import 'server-only'
import type { Actor } from '@/lib/domain/shared/types'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { prisma } from '@/lib/server/db'
import { isNoticeKind, NOTICE_KIND_INFO, NOTICE_KINDS, wantsEmail, type NoticeKind } from '@/lib/domain/notifications/kinds'
import type { TUpdateMailPreferencesInput, TUpdateOwnTimeZoneInput } from '@/lib/server/users/schemas'
import { randomBytes } from 'node:crypto'

/**
 * Everyone may choose the zone they read and enter times in; it changes how
 * times are shown, never the stored instants. Only the actor's own row.
 */
export async function updateOwnTimeZone(actor: Actor, input: TUpdateOwnTimeZoneInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { timeZone: true } })
    if (before.timeZone === input.timeZone) return
    await tx.user.update({ where: { id: actor.id }, data: { timeZone: input.timeZone } })
    await recordAudit(tx, [
      { action: 'user.updated', actorId: actor.id, entityType: 'user', entityId: actor.id, details: { from: before, to: { timeZone: input.timeZone } } },
    ])
  })
}

/**
 * Gives the actor a new secret for their ICS feed URL; the old URL stops
 * working at once. 32 random bytes: unguessable, URL-safe.
 */
export async function regenerateIcsToken(actor: Actor): Promise<{ token: string }> {
  const token = randomBytes(32).toString('base64url')
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { icsToken: token } })
    // The token itself is a secret: never written to the audit trail.
    await recordAudit(tx, [{ action: 'user.ics-token-regenerated', actorId: actor.id, entityType: 'user', entityId: actor.id }])
  })
  return { token }
}

export type MailPreferenceRow = {
  kind: NoticeKind
  label: string
  audience: string
  mandatory: boolean
  /** Whether this kind reaches the actor by e-mail (mandatory ones always). */
  email: boolean
}

export type MailPreferences = { kinds: MailPreferenceRow[]; digest: boolean }

/** The actor's own e-mail choices: every notice kind, in the order of NOTICE_KINDS, and the daily digest. */
export async function getMailPreferences(actor: Actor): Promise<MailPreferences> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { mailDigest: true, mailPreferences: { select: { kind: true, email: true } } },
  })
  const turnedOff = new Set(user.mailPreferences.filter((p) => !p.email).map((p) => p.kind))
  return {
    kinds: NOTICE_KINDS.map((kind) => {
      const info = NOTICE_KIND_INFO[kind]
      return { kind, label: info.label, audience: info.audience, mandatory: info.mandatory, email: wantsEmail(kind, turnedOff.has(kind)) }
    }),
    digest: user.mailDigest,
  }
}

/**
 * Saves the actor's own e-mail choices in one transaction: a row with
 * email=false for each optional kind left unticked, no row (the default, on)
 * for the ticked ones, and the digest flag. Mandatory kinds are never turned
 * off, whatever the form sent: their rows are removed, not written.
 */
export async function updateMailPreferences(actor: Actor, input: TUpdateMailPreferencesInput): Promise<void> {
  const wanted = new Set<NoticeKind>(input.email)
  const off = NOTICE_KINDS.filter((kind) => !NOTICE_KIND_INFO[kind].mandatory && !wanted.has(kind))
  const on = NOTICE_KINDS.filter((kind) => !off.includes(kind))
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: actor.id },
      select: { mailDigest: true, mailPreferences: { where: { email: false }, select: { kind: true } } },
    })
    const offBefore = before.mailPreferences.map((p) => p.kind).filter(isNoticeKind).sort()
    const fields = [
      ...(offBefore.join() === [...off].sort().join() ? [] : ['mailPreferences']),
      ...(before.mailDigest === input.mailDigest ? [] : ['mailDigest']),
    ]
    if (fields.length === 0) return
    await tx.mailPreference.deleteMany({ where: { userId: actor.id, kind: { in: on } } })
    for (const kind of off) {
      await tx.mailPreference.upsert({ where: { userId_kind: { userId: actor.id, kind } }, create: { userId: actor.id, kind, email: false }, update: { email: false } })
    }
    await tx.user.update({ where: { id: actor.id }, data: { mailDigest: input.mailDigest } })
    await recordAudit(tx, [
      {
        action: 'user.updated',
        actorId: actor.id,
        entityType: 'user',
        entityId: actor.id,
        details: { userId: actor.id, fields, from: { emailOff: offBefore, mailDigest: before.mailDigest }, to: { emailOff: off, mailDigest: input.mailDigest } },
      },
    ])
  })
}
