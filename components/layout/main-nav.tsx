'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'

export type NavItem = { href: string; label: string }

/** Marks the current section with aria-current so it is announced, not only coloured. */
export function MainNav({ items, label }: { items: NavItem[]; label: string }) {
  const pathname = usePathname()
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-1">
        {items.map((item) => {
          const current = item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`)
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded px-3 py-1.5 ${current ? 'bg-blue-800 text-white' : 'text-slate-800 hover:bg-slate-200'}`}
              >
                {item.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
