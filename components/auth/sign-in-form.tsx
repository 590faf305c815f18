'use client'

import { useState, type FormEvent } from 'react'
import { signIn } from 'next-auth/react'
import { LIMITS } from '@/lib/domain/shared/limits'

type Props = { callbackUrl: string; initialError?: string; oidcName?: string }

/** E-mail and password sign-in; errors are announced (role="alert") and the e-mail is kept. */
export function SignInForm({ callbackUrl, initialError, oidcName }: Props) {
  const [error, setError] = useState(initialError ?? '')
  const [pending, setPending] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    setPending(true)
    setError('')
    const result = await signIn('credentials', {
      redirect: false,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      callbackUrl,
    })
    if (result?.ok && !result.error) {
      // A full navigation, so every server component renders with the new session.
      window.location.assign(callbackUrl)
      return
    }
    setPending(false)
    setError(!result?.error || result.error === 'CredentialsSignin' ? 'Email or password is incorrect.' : result.error)
    const password = formElement.elements.namedItem('password')
    if (password instanceof HTMLInputElement) password.value = ''
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {error ? (
          <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
            {error}
          </p>
        ) : null}
        <div>
          <label htmlFor="email" className="block font-medium">
            Email
          </label>
          <input id="email" name="email" type="email" maxLength={LIMITS.email} autoComplete="username" required className="field-input" />
        </div>
        <div>
          <label htmlFor="password" className="block font-medium">
            Password
          </label>
          <input id="password" name="password" type="password" maxLength={LIMITS.password} autoComplete="current-password" required className="field-input" />
        </div>
        <button type="submit" className="btn-primary w-full justify-center" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oidcName ? (
        <button type="button" className="btn-secondary w-full justify-center" onClick={() => void signIn('oidc', { callbackUrl })}>
          Sign in with {oidcName}
        </button>
      ) : null}
    </div>
  )
}
