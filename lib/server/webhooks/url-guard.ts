import 'server-only'
import { lookup as dnsLookup } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'

// SSRF guard for outgoing webhooks. A webhook URL is typed by an admin, but
// Changeboard is the one that connects: without this, a URL could reach the
// cloud metadata service (169.254.169.254), the database or anything else on
// the internal network. Checked when a webhook is registered, and again at
// every delivery, at connect time (the DNS answer is checked and pinned, so a
// name that resolved to a public address at registration and to a private one
// now is refused).

// Two lists: a BlockList checks an IPv4 address against IPv6 rules too (as mapped), so one list would mix them.
const blocked4 = new BlockList()
const blocked6 = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked4.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped: checked as IPv4 below, never passed as IPv6
  ['64:ff9b::', 96], // NAT64: may translate to a private IPv4 address
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked6.addSubnet(network, prefix, 'ipv6')
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return blocked4.check(address, 'ipv4')
  if (family === 6) {
    const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (dotted?.[1]) return blocked4.check(dotted[1], 'ipv4')
    // The URL parser writes [::ffff:127.0.0.1] as [::ffff:7f00:1].
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address)
    if (hex?.[1] && hex[2]) {
      const high = parseInt(hex[1], 16)
      const low = parseInt(hex[2], 16)
      return blocked4.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4')
    }
    return blocked6.check(address, 'ipv6')
  }
  return true
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export type UrlGuardOptions = { allowHttp: boolean }

/**
 * What can be decided from the URL alone: https (http only to localhost with
 * WEBHOOKS_ALLOW_HTTP), no credentials, no literal private address. Returns the
 * problem as a sentence, or null.
 */
export function webhookUrlProblem(value: string, options: UrlGuardOptions): string | null {
  if (!URL.canParse(value)) return 'Enter a full URL such as https://hooks.example.com/changeboard.'
  const url = new URL(value)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must start with https://.'
  if (url.username || url.password) return 'Put no user name or password in the URL; the secret signs every delivery.'
  if (url.hash) return 'The URL must not have a #fragment.'
  const host = url.hostname.toLowerCase()
  if (url.protocol === 'http:' && !(options.allowHttp && LOCAL_HOSTS.has(host))) {
    return 'The URL must use https:// (deliveries carry change data and must be encrypted).'
  }
  const literal = host.startsWith('[') ? host.slice(1, -1) : host
  if (isIP(literal) && isNonPublicAddress(literal) && !options.allowHttp) {
    return 'The URL points to a private, loopback or link-local address; webhooks may only reach public addresses.'
  }
  if (!options.allowHttp && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))) {
    return 'The URL names a local host; webhooks may only reach public addresses.'
  }
  return null
}

export class WebhookTargetRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WebhookTargetRefused'
  }
}

/**
 * A DNS lookup for http(s).request that refuses names resolving to a
 * non-public address (any of them), unless allowed. The connection uses the
 * address checked here, so nothing can change between check and connect.
 */
export function guardedLookup(options: UrlGuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4)
      const bad = addresses.find((a) => isNonPublicAddress(a.address))
      if (bad && !options.allowHttp) {
        return callback(new WebhookTargetRefused(`${hostname} resolves to ${bad.address}, a non-public address; refused.`), '', 4)
      }
      const first = addresses[0]
      if (!first) return callback(new WebhookTargetRefused(`${hostname} did not resolve.`), '', 4)
      if (lookupOptions.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses)
      callback(null, first.address, first.family)
    })
  }
}

/** The registration check of the name: every address it resolves to now must be public. */
export async function resolvedAddressProblem(value: string, options: UrlGuardOptions): Promise<string | null> {
  const host = new URL(value).hostname
  const literal = host.startsWith('[') ? host.slice(1, -1) : host
  if (isIP(literal)) return null
  return new Promise((resolve) => {
    guardedLookup(options)(literal, { all: true }, (error) => {
      if (!error) return resolve(null)
      if (error instanceof WebhookTargetRefused) return resolve('The URL resolves to a private, loopback or link-local address; webhooks may only reach public addresses.')
      resolve(`The host ${literal} could not be resolved (${error.code ?? error.message}).`)
    })
  })
}
