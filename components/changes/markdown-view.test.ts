import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { MarkdownView } from './markdown-view'

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownView, { text }))

describe('MarkdownView', () => {
  it('renders markdown lists', () => {
    expect(render('1. Drain node A\n2. Upgrade')).toContain('<ol>')
  })

  it('shows raw HTML as escaped text, never as elements', () => {
    for (const text of ['<script>alert(1)</script>', 'Step <script>alert(1)</script> two', '<img src=x onerror=alert(1)>']) {
      const html = render(text)
      expect(html).not.toMatch(/<script|<img/i)
      expect(html).toContain('&lt;')
    }
    expect(render('<script>alert(1)</script>')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('drops javascript: links', () => {
    expect(render('[x](javascript:alert(1))')).not.toContain('javascript:')
  })

  it('shows images as links, never loading them from another host', () => {
    const html = render('Diagram: ![network diagram](https://tracker.example/pixel.png)')
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain('<a href="https://tracker.example/pixel.png"')
    expect(html).toContain('Image: network diagram')
    expect(render('![x](javascript:alert(1))')).not.toContain('javascript:')
  })
})
