import { env, type Env } from '@/lib/env'

export interface PublicUrlConfig {
  PUBLIC_URL?: Env['PUBLIC_URL']
  NEXTAUTH_URL?: Env['NEXTAUTH_URL']
  PORT?: string
}

/**
 * The base URL (an origin, no trailing slash) for absolute links that leave the
 * app — ICS feeds now, e-mails later. PUBLIC_URL, else NEXTAUTH_URL (the URL
 * sign-in already trusts), else the local origin `npm start` serves on.
 * Never the request's Host or X-Forwarded-* headers: a client can send any
 * value there, and a link in a calendar or an e-mail outlives the request.
 */
export function publicBaseUrl(config: PublicUrlConfig = { ...env(), PORT: process.env.PORT }): string {
  const configured = config.PUBLIC_URL ?? config.NEXTAUTH_URL
  if (configured) return new URL(configured).origin
  return `http://localhost:${config.PORT || '3000'}`
}
