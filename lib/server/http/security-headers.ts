/**
 * The page Content-Security-Policy. Scripts run only with this response's
 * nonce (Next puts it on its own script tags) or when loaded by such a script
 * ('strict-dynamic'); nothing may frame the app (clickjacking a sign-off);
 * images come from this app only, so a change's markdown cannot make readers'
 * browsers call other hosts. Inline styles stay allowed: React, Next and
 * FullCalendar set style attributes, and styles cannot run code.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    // FullCalendar ships its icon font as a data: URL; fonts cannot run code.
    "font-src 'self' data:",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** HSTS only where the app is served over HTTPS (its public URL says so); over plain HTTP it would be ignored or, worse, stick to localhost. */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  return publicUrl?.startsWith('https://') ? 'max-age=63072000; includeSubDomains' : null
}
