import 'server-only'
import { cache } from 'react'
import { headers } from 'next/headers'
import { forbidden, redirect } from 'next/navigation'
import { connection } from 'next/server'
import { getServerSession } from 'next-auth'
import { can, type Action, type ChangeResource } from '@/lib/domain/authz/policy'
import type { Actor } from '@/lib/domain/shared/types'
import { authOptions } from '@/lib/server/auth/auth-options'
import { prisma } from '@/lib/server/db'
import { AppError } from '@/lib/server/errors'
import { appOrigin } from '@/lib/server/auth/app-origin'
import { safeCallbackPath } from '@/lib/server/auth/callback-url'
import { PATHNAME_HEADER } from '@/lib/server/auth/pathname-header'
import { noteRequestUser } from '@/lib/server/log'

/**
 * The signed-in actor, loaded from the database on every request (cached for
 * the rest of that request), so role changes and deactivation apply at once.
 * A deactivated or deleted user has no actor, whatever their token says.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  // Per-request by nature: never prerendered at build time (no database or secrets then).
  await connection()
  const session = await getServerSession(authOptions())
  const id = session?.user?.id
  if (!id) return null
  const user = await prisma.user.findUnique({ where: { id }, select: { id: true, name: true, roles: true, active: true, timeZone: true, kind: true } })
  // A service account has no session (it cannot sign in); refuse one all the same.
  if (!user || !user.active || user.kind !== 'HUMAN') return null
  noteRequestUser(user.id)
  return { id: user.id, name: user.name, roles: user.roles, timeZone: user.timeZone, via: 'session' }
})

/** Only paths on this app, so a crafted link cannot bounce users elsewhere after sign-in (callback-url.ts). */
export async function safeCallbackUrl(value: string | null | undefined): Promise<string> {
  return safeCallbackPath(value, await appOrigin())
}

/**
 * Pages and layouts (default): redirects to /sign-in?callbackUrl=<this page>
 * when nobody is signed in. Server actions pass { mode: 'action' } and get an
 * AppError('UNAUTHENTICATED') instead, which toActionState turns into a form
 * message (the typed values stay on screen).
 */
export async function requireActor(options: { mode?: 'page' | 'action' } = {}): Promise<Actor> {
  const actor = await getActor()
  if (actor) return actor
  if (options.mode === 'action') throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.')
  const here = await safeCallbackUrl((await headers()).get(PATHNAME_HEADER))
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`)
}

/** For pages: renders app/forbidden.tsx with HTTP 403 when the actor may not. */
export function forbidIfCannot(actor: Actor, action: Action, resource?: ChangeResource): void {
  if (!can(actor, action, resource)) forbidden()
}
