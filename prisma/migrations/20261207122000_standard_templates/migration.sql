-- CreateEnum
CREATE TYPE "StandardTemplateStatus" AS ENUM ('PROPOSED', 'ACTIVE', 'SUSPENDED', 'RETIRED');

-- CreateEnum
CREATE TYPE "TemplateVersionStatus" AS ENUM ('PROPOSED', 'APPROVED', 'REJECTED', 'SUPERSEDED');

-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "templateVersionId" UUID;

-- CreateTable
CREATE TABLE "StandardTemplate" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "StandardTemplateStatus" NOT NULL DEFAULT 'PROPOSED',
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "approvedVersionId" UUID,
    "suspendedReason" TEXT,
    "suspendedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StandardTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardTemplateVersion" (
    "id" UUID NOT NULL,
    "templateId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "TemplateVersionStatus" NOT NULL DEFAULT 'PROPOSED',
    "purpose" TEXT NOT NULL,
    "currentState" TEXT NOT NULL,
    "futureState" TEXT NOT NULL,
    "implementationPlan" TEXT NOT NULL,
    "rollbackPlan" TEXT NOT NULL,
    "monitoringPlan" TEXT NOT NULL,
    "testEvidence" TEXT NOT NULL,
    "serviceIds" UUID[],
    "maxDurationMinutes" INTEGER NOT NULL,
    "allowedWeekdays" INTEGER[],
    "allowedFromMinute" INTEGER,
    "allowedUntilMinute" INTEGER,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "proposedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StandardTemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardTemplateSignOff" (
    "id" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "signerId" UUID NOT NULL,
    "decision" "SignOffDecision" NOT NULL,
    "statement" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandardTemplateSignOff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StandardTemplate_name_key" ON "StandardTemplate"("name");

-- CreateIndex
CREATE UNIQUE INDEX "StandardTemplate_approvedVersionId_key" ON "StandardTemplate"("approvedVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "StandardTemplateVersion_templateId_version_key" ON "StandardTemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "StandardTemplateSignOff_signerId_idx" ON "StandardTemplateSignOff"("signerId");

-- CreateIndex
CREATE UNIQUE INDEX "StandardTemplateSignOff_versionId_signerId_key" ON "StandardTemplateSignOff"("versionId", "signerId");

-- CreateIndex
CREATE INDEX "ChangeRequest_templateVersionId_idx" ON "ChangeRequest"("templateVersionId");

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "StandardTemplateVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandardTemplate" ADD CONSTRAINT "StandardTemplate_approvedVersionId_fkey" FOREIGN KEY ("approvedVersionId") REFERENCES "StandardTemplateVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandardTemplateVersion" ADD CONSTRAINT "StandardTemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "StandardTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandardTemplateVersion" ADD CONSTRAINT "StandardTemplateVersion_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandardTemplateSignOff" ADD CONSTRAINT "StandardTemplateSignOff_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "StandardTemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StandardTemplateSignOff" ADD CONSTRAINT "StandardTemplateSignOff_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written (issue 13, standard templates; docs/decisions/0013).
-- A version's limits are sane, its approved content never changes (changes
-- were pre-approved on exactly that text), and the written sign-offs on it are
-- evidence: append-only, like SignOff.
-- ---------------------------------------------------------------------------

ALTER TABLE "StandardTemplateVersion" ADD CONSTRAINT "StandardTemplateVersion_limits" CHECK (
    "maxDurationMinutes" > 0
    AND "allowedWeekdays" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]
    AND ("allowedFromMinute" IS NULL) = ("allowedUntilMinute" IS NULL)
    AND ("allowedFromMinute" IS NULL OR (0 <= "allowedFromMinute" AND "allowedFromMinute" < "allowedUntilMinute" AND "allowedUntilMinute" <= 1440))
);

CREATE FUNCTION changeboard_template_version_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A standard template version is never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW."templateId", NEW.version, NEW.purpose, NEW."currentState", NEW."futureState", NEW."implementationPlan",
        NEW."rollbackPlan", NEW."monitoringPlan", NEW."testEvidence", NEW."serviceIds", NEW."maxDurationMinutes",
        NEW."allowedWeekdays", NEW."allowedFromMinute", NEW."allowedUntilMinute", NEW."timeZone", NEW."proposedById", NEW."createdAt")
       IS DISTINCT FROM
       (OLD."templateId", OLD.version, OLD.purpose, OLD."currentState", OLD."futureState", OLD."implementationPlan",
        OLD."rollbackPlan", OLD."monitoringPlan", OLD."testEvidence", OLD."serviceIds", OLD."maxDurationMinutes",
        OLD."allowedWeekdays", OLD."allowedFromMinute", OLD."allowedUntilMinute", OLD."timeZone", OLD."proposedById", OLD."createdAt")
    THEN
        RAISE EXCEPTION 'A standard template version is immutable: propose a new version instead' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "StandardTemplateVersion_immutable"
    BEFORE UPDATE OR DELETE ON "StandardTemplateVersion"
    FOR EACH ROW EXECUTE FUNCTION changeboard_template_version_immutable();

CREATE TRIGGER "StandardTemplateSignOff_append_only"
    BEFORE UPDATE OR DELETE ON "StandardTemplateSignOff"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "StandardTemplateSignOff_no_truncate"
    BEFORE TRUNCATE ON "StandardTemplateSignOff"
    FOR EACH STATEMENT EXECUTE FUNCTION changeboard_refuse_modification();
