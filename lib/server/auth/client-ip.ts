import { isIP } from 'node:net'

type Headers = Record<string, string | string[] | undefined> | undefined

/**
 * The client address the sign-in throttle counts failures against, or null
 * when no address is reliable.
 *
 * Under the App Router, next-auth's `authorize(credentials, req)` gets only
 * the request headers (`Object.fromEntries(headers())`), never the socket, and
 * Next's server fills `X-Forwarded-For` with the socket address only when the
 * client sent none, so without a proxy the header says whatever the client
 * wrote. It is therefore read only with TRUST_PROXY=true, and then its last
 * entry: the address the nearest proxy appended (or set).
 */
export function clientIp(headers: Headers, trustProxy: boolean): string | null {
  if (!trustProxy) return null
  const raw = headers?.['x-forwarded-for']
  const value = Array.isArray(raw) ? raw.join(',') : raw
  const nearest = value?.split(',').map((part) => part.trim()).filter(Boolean).at(-1)
  return nearest ? throttleAddress(nearest) : null
}

/**
 * IPv4 as is; IPv4-mapped IPv6 as IPv4; other IPv6 by its /64 prefix, because
 * one subscriber usually holds a whole /64 and could otherwise rotate through
 * it to get a fresh counter per guess. Anything else is not an address: null.
 */
export function throttleAddress(value: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value)
  const candidate = mapped?.[1] ?? value
  const version = isIP(candidate)
  if (version === 4) return candidate
  if (version !== 6) return null
  return `${expandIPv6(candidate).slice(0, 4).join(':')}::/64`
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::')
  const groups = (part: string) => (part ? part.split(':') : [])
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0')
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ''))
}
