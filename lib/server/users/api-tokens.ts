import 'server-only'
import { randomUUID } from 'node:crypto'
import type { Actor, ApiTokenScope } from '@/lib/domain/shared/types'
import { assertCan } from '@/lib/server/assert-can'
import { recordAudit } from '@/lib/server/audit/record-audit'
import { generateApiToken } from '@/lib/server/auth/api-token'
import { prisma, type Tx } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import type {
  TCreateApiTokenInput,
  TCreateServiceAccountInput,
  TCreateServiceTokenInput,
  TRevokeApiTokenInput,
  TRevokeServiceTokenInput,
} from '@/lib/server/users/schemas'

// API tokens: each person's own (on /profile), and the tokens of service
// accounts (non-human users, made by admins on /admin/users). The token is
// returned once, at creation; only its SHA-256 is stored (auth/api-token.ts).

const DAY_MS = 86_400_000

export type ApiTokenListItem = {
  id: string
  name: string
  scope: ApiTokenScope
  prefix: string
  createdAt: Date
  expiresAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}
export type CreatedApiToken = { id: string; token: string; prefix: string; expiresAt: Date }

const LIST_FIELDS = { id: true, name: true, scope: true, prefix: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true } as const

/** The actor's own tokens, newest first (revoked and expired ones too, so the history is visible). */
export async function listOwnApiTokens(actor: Actor): Promise<ApiTokenListItem[]> {
  assertCan(actor, 'token:manage-own')
  return prisma.apiToken.findMany({ where: { userId: actor.id }, select: LIST_FIELDS, orderBy: { createdAt: 'desc' }, take: 200 })
}

export async function createOwnApiToken(actor: Actor, input: TCreateApiTokenInput, now = new Date()): Promise<CreatedApiToken> {
  assertCan(actor, 'token:manage-own')
  return prisma.$transaction((tx) => insertToken(tx, actor, actor.id, input, now))
}

export async function revokeOwnApiToken(actor: Actor, input: TRevokeApiTokenInput, now = new Date()): Promise<void> {
  assertCan(actor, 'token:manage-own')
  await prisma.$transaction((tx) => revokeToken(tx, actor, actor.id, input.tokenId, now))
}

async function insertToken(tx: Tx, actor: Actor, userId: string, input: TCreateApiTokenInput, now: Date): Promise<CreatedApiToken> {
  const { token, hash, prefix } = generateApiToken()
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS)
  const row = await tx.apiToken.create({
    data: { userId, createdById: actor.id, name: input.name, scope: input.scope, hash, prefix, createdAt: now, expiresAt },
    select: { id: true },
  })
  // Never the token itself: the audit trail is readable, the token is a secret.
  await recordAudit(tx, [
    {
      action: 'user.api-token-created',
      actorId: actor.id,
      entityType: 'user',
      entityId: userId,
      details: { tokenId: row.id, name: input.name, scope: input.scope, prefix, expiresAt: expiresAt.toISOString() },
    },
  ])
  return { id: row.id, token, prefix, expiresAt }
}

/** Scoped to the owner: someone else's token id is "not found", never revoked. Revoking twice keeps the first time. */
async function revokeToken(tx: Tx, actor: Actor, userId: string, tokenId: string, now: Date): Promise<void> {
  const token = await tx.apiToken.findFirst({ where: { id: tokenId, userId }, select: { id: true, name: true, revokedAt: true } })
  if (!token) throw new AppError('NOT_FOUND', 'This token does not exist.')
  if (token.revokedAt) return
  await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: now } })
  await recordAudit(tx, [
    { action: 'user.api-token-revoked', actorId: actor.id, entityType: 'user', entityId: userId, details: { tokenId: token.id, name: token.name } },
  ])
}

// Service accounts.

export type ServiceAccountItem = { id: string; name: string; roles: readonly string[]; active: boolean }

export async function listServiceAccounts(actor: Actor): Promise<ServiceAccountItem[]> {
  assertCan(actor, 'service-account:manage')
  return prisma.user.findMany({ where: { kind: 'SERVICE' }, select: { id: true, name: true, roles: true, active: true }, orderBy: { name: 'asc' } })
}

/**
 * A non-human user with roles, for pipelines. It has no password and no SSO
 * identity, and cannot sign in (verify-credentials.ts, oidc.ts, getActor);
 * it acts only through tokens an admin makes for it. Its e-mail is a
 * placeholder on the reserved `.invalid` domain, so nothing is ever sent to it.
 */
export async function createServiceAccount(actor: Actor, input: TCreateServiceAccountInput): Promise<{ id: string }> {
  assertCan(actor, 'service-account:manage')
  return prisma.$transaction(async (tx) => {
    const id = randomUUID()
    const user = await tx.user.create({
      data: { id, kind: 'SERVICE', name: input.name, email: `service-${id}@changeboard.invalid`, passwordHash: null, roles: input.roles },
      select: { id: true },
    })
    await recordAudit(tx, [
      { action: 'user.created', actorId: actor.id, entityType: 'user', entityId: user.id, details: { name: input.name, roles: input.roles, kind: 'SERVICE' } },
    ])
    return user
  })
}

async function serviceAccount(tx: Tx, userId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { kind: true } })
  if (!user || user.kind !== 'SERVICE') throw new AppError('NOT_FOUND', 'This service account does not exist.')
}

export async function listServiceAccountTokens(actor: Actor, userId: string): Promise<ApiTokenListItem[]> {
  assertCan(actor, 'service-account:manage')
  await serviceAccount(prisma, userId)
  return prisma.apiToken.findMany({ where: { userId }, select: LIST_FIELDS, orderBy: { createdAt: 'desc' }, take: 200 })
}

export async function createServiceAccountToken(actor: Actor, input: TCreateServiceTokenInput, now = new Date()): Promise<CreatedApiToken> {
  assertCan(actor, 'service-account:manage')
  return prisma.$transaction(async (tx) => {
    await serviceAccount(tx, input.userId)
    return insertToken(tx, actor, input.userId, input, now)
  })
}

export async function revokeServiceAccountToken(actor: Actor, input: TRevokeServiceTokenInput, now = new Date()): Promise<void> {
  assertCan(actor, 'service-account:manage')
  await prisma.$transaction(async (tx) => {
    await serviceAccount(tx, input.userId)
    await revokeToken(tx, actor, input.userId, input.tokenId, now)
  })
}
