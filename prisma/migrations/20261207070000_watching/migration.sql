-- CreateTable
CREATE TABLE "ChangeWatch" (
    "changeId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeWatch_pkey" PRIMARY KEY ("changeId","userId")
);

-- CreateTable
CREATE TABLE "ServiceWatch" (
    "serviceId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceWatch_pkey" PRIMARY KEY ("serviceId","userId")
);

-- CreateTable
CREATE TABLE "ChangeUpdate" (
    "id" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChangeWatch_userId_idx" ON "ChangeWatch"("userId");

-- CreateIndex
CREATE INDEX "ServiceWatch_userId_idx" ON "ServiceWatch"("userId");

-- CreateIndex
CREATE INDEX "ChangeUpdate_changeId_createdAt_idx" ON "ChangeUpdate"("changeId", "createdAt");

-- AddForeignKey
ALTER TABLE "ChangeWatch" ADD CONSTRAINT "ChangeWatch_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeWatch" ADD CONSTRAINT "ChangeWatch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceWatch" ADD CONSTRAINT "ServiceWatch_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceWatch" ADD CONSTRAINT "ServiceWatch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeUpdate" ADD CONSTRAINT "ChangeUpdate_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeUpdate" ADD CONSTRAINT "ChangeUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: status updates are a record of what happened during the work,
-- like the audit trail beside them: append-only (changeboard_refuse_modification
-- is defined in 20261123000000_init).
CREATE TRIGGER "ChangeUpdate_append_only"
    BEFORE UPDATE OR DELETE ON "ChangeUpdate"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "ChangeUpdate_no_truncate"
    BEFORE TRUNCATE ON "ChangeUpdate"
    FOR EACH STATEMENT EXECUTE FUNCTION changeboard_refuse_modification();
