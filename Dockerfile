# syntax=docker/dockerfile:1
# Changeboard container image: Next's standalone server plus the migration runner.
#   docker build -t changeboard .
#   docker run -e DATABASE_URL=postgresql://… -e NEXTAUTH_SECRET=… -e NEXTAUTH_URL=https://cab.example.org -p 3000:3000 changeboard
# tests/container/start.test.ts starts the layout this file builds with this file's
# WORKDIR, ENV and CMD (read from here), so keep each ENV on one line as KEY=value.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency (dev included), the Prisma client, next build ----
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so a source change does not reinstall them. postinstall
# generates the Prisma client, which needs the schema and prisma.config.ts.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma/schema.prisma prisma/
# npm install, not npm ci: see README (the lockfile may lack other platforms' optional builds).
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && node scripts/assemble-standalone.mjs .next /out

# ---- runtime: node and the assembled app, nothing else ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Next's server reads HOSTNAME; Docker sets it to the container id, which would
# bind to one interface only. PORT is the port the server listens on.
ENV HOSTNAME=0.0.0.0 PORT=3000
# The app's files stay owned by root: the process cannot rewrite its own code.
# Only Next's cache folder is writable by the runtime user.
COPY --from=build /out ./
RUN mkdir -p .next/cache && chown node:node .next/cache
# The official node images ship the unprivileged user `node` (uid 1000).
USER node
EXPOSE 3000
# Ready = database reachable and every migration applied (app/api/health/ready). The
# slim image has no curl; Node 20's fetch does the probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Validates the environment, applies pending migrations, then serves (scripts/container-start.ts).
CMD ["node", "container-start.cjs"]
