import { describe, expect, it } from 'vitest'
import { clientIp, throttleAddress } from './client-ip'

describe('clientIp', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted, because a client can write anything into it', () => {
    expect(clientIp({ 'x-forwarded-for': '203.0.113.7' }, false)).toBeNull()
    expect(clientIp(undefined, true)).toBeNull()
    expect(clientIp({}, true)).toBeNull()
  })

  it('behind a trusted proxy, takes the entry the nearest proxy appended, not what the client sent', () => {
    expect(clientIp({ 'x-forwarded-for': '203.0.113.7' }, true)).toBe('203.0.113.7')
    expect(clientIp({ 'x-forwarded-for': '10.9.9.9, 1.2.3.4 ,203.0.113.7' }, true)).toBe('203.0.113.7')
    expect(clientIp({ 'x-forwarded-for': ['1.2.3.4', '203.0.113.7'] }, true)).toBe('203.0.113.7')
  })

  it('refuses what is not an address', () => {
    expect(clientIp({ 'x-forwarded-for': '1.2.3.4, not-an-ip' }, true)).toBeNull()
    expect(clientIp({ 'x-forwarded-for': ' , ' }, true)).toBeNull()
  })
})

describe('throttleAddress', () => {
  it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
    expect(throttleAddress('198.51.100.20')).toBe('198.51.100.20')
    expect(throttleAddress('::ffff:198.51.100.20')).toBe('198.51.100.20')
  })

  it('counts IPv6 per /64, however the address is written', () => {
    const key = '2001:db8:abcd:12::/64'
    expect(throttleAddress('2001:db8:abcd:12::1')).toBe(key)
    expect(throttleAddress('2001:0DB8:abcd:0012:ffff:1:2:3')).toBe(key)
    expect(throttleAddress('2001:db8:abcd:12:0:0:0:9')).toBe(key)
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64')
  })

  it('refuses anything else', () => {
    for (const value of ['', 'localhost', '1.2.3', '999.1.1.1', '1.2.3.4:80', 'gggg::1']) expect(throttleAddress(value)).toBeNull()
  })
})
