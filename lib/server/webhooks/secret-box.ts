import 'server-only'
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { env } from '@/lib/env'

// Webhook secrets must be read back to sign each delivery, so they cannot be
// hashed like API tokens. They are stored encrypted (AES-256-GCM) with a key
// derived from NEXTAUTH_SECRET: a copy of the database alone does not reveal
// them. Rotating NEXTAUTH_SECRET makes the stored secrets unreadable; their
// deliveries then fail with that reason and the webhooks must be registered again.

const VERSION = 'v1'

function key(secret = env().NEXTAUTH_SECRET): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'changeboard', 'webhook-secret-v1', 32))
}

export function sealWebhookSecret(plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(), iv)
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(':')
}

export function openWebhookSecret(stored: string): string {
  const [version, iv, tag, sealed] = stored.split(':')
  if (version !== VERSION || !iv || !tag || !sealed) throw new Error('The webhook secret is not in a known format.')
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new Error('The webhook secret cannot be decrypted (was NEXTAUTH_SECRET changed?); register the webhook again.')
  }
}

/** A new secret: 32 random bytes, prefixed so it is recognisable in a leak. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}
