/**
 * Where to go after sign-in: a path on this app, or '/'.
 *
 * The value is resolved the way a browser would (WHATWG URL: tabs and
 * newlines removed, `\` read as `/`, `//host` and `https:host` meaning another
 * host) against the app's origin, and only a same-origin result passes.
 * String checks on the raw value miss these: `/\t/evil.example` starts with
 * one slash, yet a browser strips the tab and goes to //evil.example.
 * The result is always a path with exactly one leading slash, so it cannot
 * be read as protocol-relative wherever it is used next.
 */
export function safeCallbackPath(value: string | null | undefined, appOrigin: string): string {
  if (!value) return '/'
  let base: URL
  let target: URL
  try {
    base = new URL(appOrigin)
    target = new URL(value, base)
  } catch {
    return '/'
  }
  if (target.origin !== base.origin) return '/'
  // `/.//evil.example` resolves to the path `//evil.example` on this origin; collapse it.
  return `${target.pathname.replace(/^\/+/, '/')}${target.search}${target.hash}`
}
