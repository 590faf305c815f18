import 'server-only'
import { headers } from 'next/headers'
import { env } from '@/lib/env'

/**
 * This app's origin, to resolve return paths against: NEXTAUTH_URL when set
 * (what next-auth itself uses), else the request's own host. A forged Host
 * header only changes the answer for the forger's own request.
 */
export async function appOrigin(): Promise<string> {
  const configured = env().NEXTAUTH_URL
  if (configured) return new URL(configured).origin
  const list = await headers()
  const host = list.get('x-forwarded-host') ?? list.get('host') ?? 'localhost'
  const proto = list.get('x-forwarded-proto') === 'https' ? 'https' : 'http'
  return `${proto}://${host}`
}
