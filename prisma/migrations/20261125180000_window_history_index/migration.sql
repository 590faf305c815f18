-- CreateIndex
CREATE INDEX "ChangeRequest_windowStart_number_idx" ON "ChangeRequest"("windowStart", "number");
