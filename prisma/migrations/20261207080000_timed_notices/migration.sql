-- CreateTable
CREATE TABLE "TimedNoticeSent" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimedNoticeSent_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "TimedNoticeSent_createdAt_idx" ON "TimedNoticeSent"("createdAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_status_windowEnd_idx" ON "ChangeRequest"("status", "windowEnd");

-- CreateIndex
CREATE INDEX "ChangeRequest_status_finishedAt_idx" ON "ChangeRequest"("status", "finishedAt");
