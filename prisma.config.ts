import { defineConfig } from 'prisma/config'

// `prisma migrate deploy` (where Prisma's native engine is available) reads
// DATABASE_URL; the app itself applies the same migrations at start-up with its
// built-in runner (lib/db/migrate.ts), so this is optional.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/changeboard' },
})
