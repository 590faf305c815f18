import { ApiTokens, type ApiTokenRow } from '@/components/profile/api-tokens'
import { when } from '@/components/changes/format'
import type { Actor } from '@/lib/domain/shared/types'
import type { ApiTokenListItem } from '@/lib/server/users/api-tokens'
import { listOwnApiTokens } from '@/lib/server/users/api-tokens'
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '@/lib/server/users/schemas'
import { viewerTimeZone } from '@/lib/server/viewer'
import { createOwnTokenAction, revokeOwnTokenAction } from './token-actions'

/** Rows for the token table, with times in the viewer's zone. */
export function tokenRows(tokens: ApiTokenListItem[], timeZone: string, now = new Date()): ApiTokenRow[] {
  return tokens.map((t) => ({
    id: t.id,
    name: t.name,
    scope: t.scope,
    prefix: t.prefix,
    created: when(t.createdAt, timeZone),
    expires: when(t.expiresAt, timeZone),
    lastUsed: t.lastUsedAt ? when(t.lastUsedAt, timeZone) : 'Never',
    revoked: t.revokedAt ? when(t.revokedAt, timeZone) : null,
    expired: t.expiresAt <= now,
  }))
}

/** The profile's API tokens: for scripts and pipelines that call /api/v1 as you. */
export async function ApiTokensSection({ actor }: { actor: Actor }) {
  const tokens = await listOwnApiTokens(actor)
  return (
    <section aria-labelledby="api-tokens-heading" className="space-y-4">
      <h2 id="api-tokens-heading" className="text-xl font-semibold">
        API tokens
      </h2>
      <p className="text-slate-700">
        A token lets a script or pipeline call the API as you (<code>Authorization: Bearer cb_…</code>), with your roles. It can never sign off a change
        or grant a freeze exception: those are given in writing, here in the browser.
      </p>
      <ApiTokens
        idPrefix="own"
        tokens={tokenRows(tokens, viewerTimeZone(actor))}
        create={createOwnTokenAction}
        revoke={revokeOwnTokenAction}
        defaultDays={TOKEN_DEFAULT_DAYS}
        maxDays={TOKEN_MAX_DAYS}
      />
    </section>
  )
}
