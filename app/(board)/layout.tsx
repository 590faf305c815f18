import Link from 'next/link'
import type { ReactNode } from 'react'
import { MainNav, type NavItem } from '@/components/layout/main-nav'
import { SignOutButton } from '@/components/auth/sign-out-button'
import { can } from '@/lib/domain/authz/policy'
import { ROLE_LABELS } from '@/lib/domain/shared/types'
import { requireActor } from '@/lib/server/authz'
import { countUnreadNotifications } from '@/lib/server/notifications/inbox'

const BOARD_NAV: NavItem[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/changes', label: 'Changes' },
  { href: '/approvals', label: 'Approvals' },
  { href: '/calendar', label: 'Calendar' },
  { href: '/services', label: 'Services' },
  { href: '/templates', label: 'Templates' },
]

const ADMIN_NAV: NavItem[] = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/services', label: 'Services' },
  { href: '/admin/freezes', label: 'Freezes' },
  { href: '/admin/outbox', label: 'Outbox' },
  { href: '/admin/webhooks', label: 'Webhooks' },
  { href: '/admin/approver-groups', label: 'Approver groups' },
  { href: '/admin/policies', label: 'Policies' },
  { href: '/admin/risk', label: 'Risk' },
]

// Redirects signed-out visitors only; each page and action still checks the policy itself.
export default async function BoardLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor()
  const isAdmin = can(actor, 'user:manage')
  const unread = await countUnreadNotifications(actor)
  const nav: NavItem[] = [...BOARD_NAV, ...(can(actor, 'metrics:read') ? [{ href: '/metrics', label: 'Metrics' }] : []), { href: '/notifications', label: unread.count > 0 ? `Notifications (${unread.count}${unread.capped ? '+' : ''} new)` : 'Notifications' }]
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-3">
          <Link href="/" className="text-lg font-semibold text-blue-900">
            Changeboard
          </Link>
          <div className="flex items-center gap-4">
            <p className="text-sm">
              <Link href="/profile" className="font-medium underline-offset-2 hover:underline" title="Your profile and time zone">
                {actor.name}
              </Link>
              <span className="text-slate-600"> · {actor.roles.map((role) => ROLE_LABELS[role]).join(', ') || 'No role'}</span>
            </p>
            <SignOutButton />
          </div>
        </div>
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-6 pb-3">
          <MainNav label="Main" items={nav} />
          {isAdmin ? (
            <div className="flex items-center gap-2">
              <span className="text-sm font-semibold text-slate-600" aria-hidden="true">
                Admin:
              </span>
              <MainNav label="Admin" items={ADMIN_NAV} />
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-8">
        {children}
      </main>
    </div>
  )
}
