-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('REQUESTER', 'APPROVER', 'CHANGE_MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "ChangeStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED', 'CLOSED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ChangeType" AS ENUM ('STANDARD', 'NORMAL', 'EMERGENCY');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "ServiceCriticality" AS ENUM ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW');

-- CreateEnum
CREATE TYPE "ApproverSource" AS ENUM ('SERVICE_OWNER', 'NOMINATED');

-- CreateEnum
CREATE TYPE "SignOffDecision" AS ENUM ('APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "FreezeSeverity" AS ENUM ('HARD', 'SOFT');

-- CreateEnum
CREATE TYPE "FreezeScope" AS ENUM ('ALL_SERVICES', 'SELECTED_SERVICES');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "oidcSubject" TEXT,
    "roles" "Role"[],
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "icsToken" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "criticality" "ServiceCriticality" NOT NULL DEFAULT 'MEDIUM',
    "ownerId" UUID NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NumberSequence" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NumberSequence_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "type" "ChangeType" NOT NULL DEFAULT 'NORMAL',
    "status" "ChangeStatus" NOT NULL DEFAULT 'DRAFT',
    "requesterId" UUID NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "currentState" TEXT NOT NULL DEFAULT '',
    "futureState" TEXT NOT NULL DEFAULT '',
    "implementationPlan" TEXT NOT NULL DEFAULT '',
    "rollbackPlan" TEXT NOT NULL DEFAULT '',
    "monitoringPlan" TEXT NOT NULL DEFAULT '',
    "testEvidence" TEXT NOT NULL DEFAULT '',
    "communicationPlan" TEXT NOT NULL DEFAULT '',
    "riskLevel" "RiskLevel" NOT NULL DEFAULT 'MEDIUM',
    "impactDescription" TEXT NOT NULL DEFAULT '',
    "windowStart" TIMESTAMPTZ(3),
    "windowEnd" TIMESTAMPTZ(3),
    "window" tstzrange GENERATED ALWAYS AS (
        CASE WHEN "windowStart" IS NOT NULL AND "windowEnd" IS NOT NULL AND "windowStart" < "windowEnd"
             THEN tstzrange("windowStart", "windowEnd", '[)') END
    ) STORED,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "fingerprint" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "cancelReason" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "outcomeNotes" TEXT,
    "reviewNotes" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "previousChangeId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeService" (
    "changeId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,

    CONSTRAINT "ChangeService_pkey" PRIMARY KEY ("changeId","serviceId")
);

-- CreateTable
CREATE TABLE "ChangeApprover" (
    "changeId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "source" "ApproverSource" NOT NULL,
    "addedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeApprover_pkey" PRIMARY KEY ("changeId","userId")
);

-- CreateTable
CREATE TABLE "ChangeRevision" (
    "id" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignOff" (
    "id" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "approverId" UUID NOT NULL,
    "decision" "SignOffDecision" NOT NULL,
    "statement" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "revisionNumber" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignOff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FreezePeriod" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "scope" "FreezeScope" NOT NULL DEFAULT 'ALL_SERVICES',
    "severity" "FreezeSeverity" NOT NULL,
    "rrule" TEXT,
    "activeUntil" TIMESTAMPTZ(3),
    "span" tstzrange GENERATED ALWAYS AS (tstzrange("startsAt", "activeUntil", '[)')) STORED,
    "archivedAt" TIMESTAMPTZ(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FreezePeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FreezeService" (
    "freezeId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,

    CONSTRAINT "FreezeService_pkey" PRIMARY KEY ("freezeId","serviceId")
);

-- CreateTable
CREATE TABLE "FreezeException" (
    "id" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "freezeId" UUID NOT NULL,
    "revisionNumber" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "grantedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FreezeException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "isConcern" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "changeId" UUID,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "fromStatus" "ChangeStatus",
    "toStatus" "ChangeStatus",
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "changeId" UUID,
    "message" TEXT NOT NULL,
    "readAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcSubject_key" ON "User"("oidcSubject");

-- CreateIndex
CREATE UNIQUE INDEX "User_icsToken_key" ON "User"("icsToken");

-- CreateIndex
CREATE UNIQUE INDEX "Service_name_key" ON "Service"("name");

-- CreateIndex
CREATE INDEX "Service_ownerId_idx" ON "Service"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeRequest_number_key" ON "ChangeRequest"("number");

-- CreateIndex
CREATE INDEX "ChangeRequest_status_windowStart_idx" ON "ChangeRequest"("status", "windowStart");

-- CreateIndex
CREATE INDEX "ChangeRequest_requesterId_idx" ON "ChangeRequest"("requesterId");

-- CreateIndex
CREATE INDEX "ChangeService_serviceId_idx" ON "ChangeService"("serviceId");

-- CreateIndex
CREATE INDEX "ChangeApprover_userId_idx" ON "ChangeApprover"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeRevision_changeId_number_key" ON "ChangeRevision"("changeId", "number");

-- CreateIndex
CREATE INDEX "SignOff_approverId_idx" ON "SignOff"("approverId");

-- CreateIndex
CREATE UNIQUE INDEX "SignOff_changeId_approverId_revisionNumber_key" ON "SignOff"("changeId", "approverId", "revisionNumber");

-- CreateIndex
CREATE INDEX "FreezeService_serviceId_idx" ON "FreezeService"("serviceId");

-- CreateIndex
CREATE INDEX "FreezeException_freezeId_idx" ON "FreezeException"("freezeId");

-- CreateIndex
CREATE UNIQUE INDEX "FreezeException_changeId_freezeId_fingerprint_key" ON "FreezeException"("changeId", "freezeId", "fingerprint");

-- CreateIndex
CREATE INDEX "Comment_changeId_createdAt_idx" ON "Comment"("changeId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_changeId_at_idx" ON "AuditEvent"("changeId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_at_idx" ON "AuditEvent"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_previousChangeId_fkey" FOREIGN KEY ("previousChangeId") REFERENCES "ChangeRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeService" ADD CONSTRAINT "ChangeService_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeService" ADD CONSTRAINT "ChangeService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeApprover" ADD CONSTRAINT "ChangeApprover_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeApprover" ADD CONSTRAINT "ChangeApprover_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeApprover" ADD CONSTRAINT "ChangeApprover_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRevision" ADD CONSTRAINT "ChangeRevision_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRevision" ADD CONSTRAINT "ChangeRevision_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignOff" ADD CONSTRAINT "SignOff_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignOff" ADD CONSTRAINT "SignOff_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezePeriod" ADD CONSTRAINT "FreezePeriod_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeService" ADD CONSTRAINT "FreezeService_freezeId_fkey" FOREIGN KEY ("freezeId") REFERENCES "FreezePeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeService" ADD CONSTRAINT "FreezeService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeException" ADD CONSTRAINT "FreezeException_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeException" ADD CONSTRAINT "FreezeException_freezeId_fkey" FOREIGN KEY ("freezeId") REFERENCES "FreezePeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeException" ADD CONSTRAINT "FreezeException_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma's schema language cannot express.
-- (Declared in tests/integration/schema-agreement.test.ts as allowed extras.)
-- ---------------------------------------------------------------------------

-- Overlap queries use `&&` on these ranges; GiST keeps them fast at scale.
CREATE INDEX "ChangeRequest_window_gist" ON "ChangeRequest" USING GIST ("window");
CREATE INDEX "FreezePeriod_span_gist" ON "FreezePeriod" USING GIST ("span");

-- The audit trail and written sign-offs are evidence: the database itself
-- refuses to change or delete them, whatever the application does.
CREATE FUNCTION changeboard_refuse_modification() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on "%" is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
    BEFORE UPDATE OR DELETE ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "AuditEvent_no_truncate"
    BEFORE TRUNCATE ON "AuditEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION changeboard_refuse_modification();

CREATE TRIGGER "SignOff_append_only"
    BEFORE UPDATE OR DELETE ON "SignOff"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "SignOff_no_truncate"
    BEFORE TRUNCATE ON "SignOff"
    FOR EACH STATEMENT EXECUTE FUNCTION changeboard_refuse_modification();
