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

