import Link from 'next/link'
import { ServiceAccountForm } from '@/components/admin/service-account-form'
import { ApiTokens } from '@/components/profile/api-tokens'
import { ROLE_LABELS, type Actor } from '@/lib/domain/shared/types'
import { listServiceAccounts, listServiceAccountTokens } from '@/lib/server/users/api-tokens'
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '@/lib/server/users/schemas'
import { viewerTimeZone } from '@/lib/server/viewer'
import { tokenRows } from '../../profile/api-tokens-section'
import { createServiceAccountAction, createServiceTokenAction, revokeServiceTokenAction } from './service-account-actions'

/** On /admin/users: the service accounts (non-human users for pipelines) and a form to add one. */
export async function ServiceAccountsSection({ actor }: { actor: Actor }) {
  const accounts = await listServiceAccounts(actor)
  return (
    <section aria-labelledby="service-accounts-heading" className="space-y-4">
      <h2 id="service-accounts-heading" className="text-xl font-semibold">
        Service accounts
      </h2>
      <p className="text-slate-700">
        Accounts for pipelines: they act through API tokens with the roles you give them, never sign in, and never sign off.
      </p>
      {accounts.length === 0 ? (
        <p>No service accounts yet.</p>
      ) : (
        <ul className="ml-5 list-disc">
          {accounts.map((account) => (
            <li key={account.id}>
              <Link href={`/admin/users/${account.id}`} className="link">
                {account.name}
              </Link>{' '}
              · {account.roles.map((role) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role).join(', ')}
              {account.active ? '' : ' · deactivated'}
            </li>
          ))}
        </ul>
      )}
      <details className="space-y-4">
        <summary className="cursor-pointer font-medium">New service account</summary>
        <ServiceAccountForm action={createServiceAccountAction} />
      </details>
    </section>
  )
}

/** On a service account's page: its tokens. */
export async function ServiceAccountTokensSection({ actor, userId }: { actor: Actor; userId: string }) {
  const tokens = await listServiceAccountTokens(actor, userId)
  return (
    <section aria-labelledby="service-tokens-heading" className="space-y-4">
      <h2 id="service-tokens-heading" className="text-xl font-semibold">
        API tokens
      </h2>
      <ApiTokens
        idPrefix="service"
        tokens={tokenRows(tokens, viewerTimeZone(actor))}
        create={createServiceTokenAction}
        revoke={revokeServiceTokenAction}
        defaultDays={TOKEN_DEFAULT_DAYS}
        maxDays={TOKEN_MAX_DAYS}
        hidden={{ userId }}
      />
    </section>
  )
}
