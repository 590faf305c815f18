import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeCallbackPath } from './callback-url'

const APP = 'https://board.example.com'

describe('safeCallbackPath', () => {
  it('keeps paths on this app, with their query and fragment', () => {
    expect(safeCallbackPath('/admin/services', APP)).toBe('/admin/services')
    expect(safeCallbackPath('/changes?status=SCHEDULED&q=db#list', APP)).toBe('/changes?status=SCHEDULED&q=db#list')
    expect(safeCallbackPath('https://board.example.com/changes/1', APP)).toBe('/changes/1')
    expect(safeCallbackPath('changes', APP)).toBe('/changes')
  })

  it('sends everything that leaves the app to /', () => {
    const hostile = [
      '/\t/evil.example', // what /%09/evil.example decodes to: browsers strip the tab
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\t//evil.example',
      ' //evil.example',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      'http:evil.example', // another scheme than the app's: an absolute URL to evil.example
      'http:/evil.example',
      'https://evil.example/path',
      'http://board.example.com/', // another scheme is another origin
      'https://board.example.com.evil.example/',
      'https://board.example.com@evil.example/',
      'https://board.example.com:8443/',
      'javascript:alert(document.domain)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/\u0009/evil.example',
    ]
    for (const value of hostile) expect(safeCallbackPath(value, APP), JSON.stringify(value)).toBe('/')
  })

  it('keeps percent-encoded tricks as literal paths on this app', () => {
    // Encoded, the tab or slash is an ordinary path character: no browser turns it into a host.
    expect(safeCallbackPath('/%09/evil.example', APP)).toBe('/%09/evil.example')
    expect(safeCallbackPath('/%2F%2Fevil.example', APP)).toBe('/%2F%2Fevil.example')
    expect(safeCallbackPath('/%5Cevil.example', APP)).toBe('/%5Cevil.example')
  })

  it('reads a scheme-relative value as a browser on the app would: a path here', () => {
    // On an https page, `https:evil.example` is the relative path `evil.example`.
    expect(safeCallbackPath('https:evil.example', APP)).toBe('/evil.example')
    expect(safeCallbackPath('https:/evil.example', APP)).toBe('/evil.example')
  })

  it('never returns a protocol-relative path', () => {
    expect(safeCallbackPath('/.//evil.example', APP)).toBe('/evil.example')
    expect(safeCallbackPath('/a/..//evil.example', APP)).toBe('/evil.example')
  })

  it('answers / for nothing, or an origin it cannot read', () => {
    expect(safeCallbackPath(undefined, APP)).toBe('/')
    expect(safeCallbackPath('', APP)).toBe('/')
    expect(safeCallbackPath('/changes', 'not a url')).toBe('/')
  })

  it('for any input, the result is / or a single-slash path that stays on the app', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath()), (value) => {
        const path = safeCallbackPath(value, APP)
        expect(path.startsWith('/')).toBe(true)
        expect(path.startsWith('//')).toBe(false)
        expect(new URL(path, APP).origin).toBe(APP)
      }),
    )
  })
})
