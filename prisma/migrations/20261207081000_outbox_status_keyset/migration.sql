-- DropIndex
DROP INDEX "MailMessage_status_createdAt_idx";

-- CreateIndex
CREATE INDEX "MailMessage_status_createdAt_id_idx" ON "MailMessage"("status", "createdAt", "id");
