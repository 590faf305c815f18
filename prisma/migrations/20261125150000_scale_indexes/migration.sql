-- DropIndex
DROP INDEX "ChangeRequest_status_windowStart_idx";

-- DropIndex
DROP INDEX "ChangeRequest_requesterId_idx";

-- DropIndex
DROP INDEX "ChangeService_serviceId_idx";

-- DropIndex
DROP INDEX "ChangeApprover_userId_idx";

-- CreateIndex
CREATE INDEX "ChangeRequest_status_windowStart_number_idx" ON "ChangeRequest"("status", "windowStart", "number");

-- CreateIndex
CREATE INDEX "ChangeRequest_status_number_idx" ON "ChangeRequest"("status", "number");

-- CreateIndex
CREATE INDEX "ChangeRequest_requesterId_number_idx" ON "ChangeRequest"("requesterId", "number");

-- CreateIndex
CREATE INDEX "ChangeRequest_requesterId_status_idx" ON "ChangeRequest"("requesterId", "status");

-- CreateIndex
CREATE INDEX "ChangeRequest_previousChangeId_idx" ON "ChangeRequest"("previousChangeId");

-- CreateIndex
CREATE INDEX "ChangeService_serviceId_changeId_idx" ON "ChangeService"("serviceId", "changeId");

-- CreateIndex
CREATE INDEX "ChangeApprover_userId_changeId_idx" ON "ChangeApprover"("userId", "changeId");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- Hand-written (Prisma cannot express these; declared in schema-agreement.test.ts).
-- The change list's first section, the board's work in flight, in window order:
-- a partial index so its keyset pages read exactly one page of index entries.
-- The status list must match IN_FLIGHT_SQL in lib/server/change-requests/list-changes.ts.
CREATE INDEX "ChangeRequest_in_flight_window_idx" ON "ChangeRequest" ("windowStart", "number")
    WHERE status IN ('SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS');

-- Search: substring (ILIKE) over title and purpose through trigram GIN indexes.
-- pg_trgm ships with PostgreSQL (contrib; in Debian's server package) and is a
-- trusted extension, so the database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "ChangeRequest_title_trgm" ON "ChangeRequest" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "ChangeRequest_purpose_trgm" ON "ChangeRequest" USING GIN ("purpose" gin_trgm_ops);
