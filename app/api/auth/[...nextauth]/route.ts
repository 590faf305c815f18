import type { NextRequest } from 'next/server'
import NextAuth from 'next-auth'
import { authOptions } from '@/lib/server/auth/auth-options'

type Context = { params: Promise<{ nextauth: string[] }> }

// Options are built per request: env() must not run during `next build`.
async function handler(request: NextRequest, context: Context): Promise<Response> {
  const nextAuth = NextAuth(authOptions()) as (req: NextRequest, ctx: Context) => Promise<Response>
  return nextAuth(request, context)
}

export { handler as GET, handler as POST }
