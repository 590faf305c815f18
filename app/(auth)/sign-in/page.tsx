import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { SignInForm } from '@/components/auth/sign-in-form'
import { env } from '@/lib/env'
import { getActor, safeCallbackUrl } from '@/lib/server/authz'

export const metadata: Metadata = { title: 'Sign in' }

// next-auth reports provider errors as codes in the URL; show fixed sentences, never the raw value.
const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Email or password is incorrect.',
  AccessDenied: 'Your single sign-on account is not linked to an active Changeboard user. Ask an administrator.',
  SessionRequired: 'Sign in to continue.',
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams
  const callbackUrl = await safeCallbackUrl(typeof params.callbackUrl === 'string' ? params.callbackUrl : null)
  if (await getActor()) redirect(callbackUrl)
  const errorCode = typeof params.error === 'string' ? params.error : undefined
  const initialError = errorCode ? (ERROR_MESSAGES[errorCode] ?? 'Sign-in failed. Please try again.') : undefined
  const { OIDC_ISSUER, OIDC_NAME } = env()

  return (
    <main className="mx-auto max-w-sm px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-blue-800">Changeboard</p>
      <h1 className="mt-1 mb-6 text-2xl font-semibold">Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} oidcName={OIDC_ISSUER ? OIDC_NAME : undefined} />
    </main>
  )
}
