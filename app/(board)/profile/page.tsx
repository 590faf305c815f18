import { MailPreferencesForm } from '@/components/profile/mail-preferences-form'
import { TimeZoneForm } from '@/components/profile/time-zone-form'
import { ROLE_LABELS } from '@/lib/domain/shared/types'
import { requireActor } from '@/lib/server/authz'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { getMailPreferences } from '@/lib/server/users/profile'
import { viewerTimeZone } from '@/lib/server/viewer'
import { updateMailPreferencesAction, updateTimeZoneAction } from './actions'
import { ApiTokensSection } from './api-tokens-section'
import { DelegationSection } from './delegation-section'

export const metadata = { title: 'Your profile · Changeboard' }

export default async function ProfilePage() {
  const actor = await requireActor()
  const current = viewerTimeZone(actor)
  const preferences = await getMailPreferences(actor)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Your profile</h1>
      <p className="text-slate-700">
        {actor.name} · {actor.roles.map((role) => ROLE_LABELS[role]).join(', ')}. Your name is your signature on sign-offs; an administrator changes names and roles.
      </p>
      <TimeZoneForm action={updateTimeZoneAction} timeZones={timeZoneOptions()} current={current} />
      <MailPreferencesForm action={updateMailPreferencesAction} preferences={preferences} />
      <DelegationSection actor={actor} />
      <ApiTokensSection actor={actor} />
    </div>
  )
}
