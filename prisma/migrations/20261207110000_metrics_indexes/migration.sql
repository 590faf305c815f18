-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "SignOff_signedAt_idx" ON "SignOff"("signedAt");

-- CreateIndex
CREATE INDEX "FreezeException_createdAt_idx" ON "FreezeException"("createdAt");
