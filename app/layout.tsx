import type { Metadata } from 'next'
import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Changeboard', template: '%s · Changeboard' },
  description: 'Change advisory board: plan, sign off and schedule changes.',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets the
  // CSP nonce proxy.ts generated (a prerendered page would carry none).
  await headers()
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  )
}
