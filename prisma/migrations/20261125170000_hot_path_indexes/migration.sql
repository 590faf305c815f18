-- DropIndex
DROP INDEX "ChangeRequest_status_windowStart_idx";
-- CreateIndex
CREATE INDEX "ChangeRequest_status_windowStart_number_idx" ON "ChangeRequest"("status", "windowStart", "number" DESC);
-- CreateIndex
CREATE INDEX "ChangeRequest_windowStart_number_idx" ON "ChangeRequest"("windowStart", "number" DESC);
-- CreateIndex
CREATE INDEX "ChangeRequest_previousChangeId_idx" ON "ChangeRequest"("previousChangeId");
-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt" DESC);


-- Hand-written (Prisma cannot express an operator class it does not know):
-- the change list's search is a case-insensitive substring match on the
-- title (ILIKE '%…%'); a trigram index answers it without reading every
-- change. pg_trgm is a trusted extension (PostgreSQL 13+), shipped with the
-- embedded server and with Debian's and the managed services' PostgreSQL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "ChangeRequest_title_trgm" ON "ChangeRequest" USING gin (title gin_trgm_ops);
