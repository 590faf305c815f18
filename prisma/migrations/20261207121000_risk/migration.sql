-- CreateEnum
CREATE TYPE "RiskRuleKey" AS ENUM ('CRITICAL_SERVICE', 'MANY_SERVICES', 'SHORT_LEAD_TIME', 'OUTSIDE_MAINTENANCE_WINDOW', 'SOFT_FREEZE', 'RECENT_FAILURE', 'NO_TEST_EVIDENCE', 'OVERLAPPING_CHANGE');

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "maintenanceDays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "maintenanceEndMinute" INTEGER,
ADD COLUMN     "maintenanceStartMinute" INTEGER,
ADD COLUMN     "maintenanceTimeZone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "riskAssessment" JSONB,
ADD COLUMN     "riskRaiseLevel" "RiskLevel",
ADD COLUMN     "riskRaiseReason" TEXT;

-- CreateTable
CREATE TABLE "RiskRule" (
    "key" "RiskRuleKey" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "threshold" INTEGER,
    "level" "RiskLevel" NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskRule_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "RiskSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "mediumScore" INTEGER NOT NULL,
    "highScore" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskQuestion" (
    "id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "weight" INTEGER NOT NULL,
    "riskyAnswer" BOOLEAN NOT NULL,
    "position" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeRiskAnswer" (
    "changeId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "answer" BOOLEAN NOT NULL,

    CONSTRAINT "ChangeRiskAnswer_pkey" PRIMARY KEY ("changeId","questionId")
);

-- CreateIndex
CREATE INDEX "RiskQuestion_active_position_idx" ON "RiskQuestion"("active", "position");

-- CreateIndex
CREATE INDEX "ChangeRiskAnswer_questionId_idx" ON "ChangeRiskAnswer"("questionId");

-- AddForeignKey
ALTER TABLE "ChangeRiskAnswer" ADD CONSTRAINT "ChangeRiskAnswer_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRiskAnswer" ADD CONSTRAINT "ChangeRiskAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "RiskQuestion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below this line ------------------------------------------------

-- A maintenance window is whole: days 1 (Monday) to 7 (Sunday) with both times
-- of day, or no days at all (the service has no maintenance window).
ALTER TABLE "Service" ADD CONSTRAINT "Service_maintenance_window_valid" CHECK (
  "maintenanceDays" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]
  AND ("maintenanceStartMinute" IS NULL) = ("maintenanceEndMinute" IS NULL)
  AND (cardinality("maintenanceDays") = 0 OR "maintenanceStartMinute" IS NOT NULL)
  AND COALESCE("maintenanceStartMinute" BETWEEN 0 AND 1439 AND "maintenanceEndMinute" BETWEEN 0 AND 1439, true)
);

-- One row of questionnaire thresholds, HIGH above MEDIUM.
ALTER TABLE "RiskSettings" ADD CONSTRAINT "RiskSettings_singleton" CHECK ("id" = 1 AND "mediumScore" >= 0 AND "highScore" > "mediumScore");

-- Every install starts with the default rules, thresholds and questions (the
-- same values as lib/domain/risk: DEFAULT_RULE_SETTINGS and
-- DEFAULT_QUESTIONNAIRE_THRESHOLDS), which admins then tune at /admin/risk.
-- Existing changes keep the risk level their requester picked.
INSERT INTO "RiskRule" ("key", "enabled", "threshold", "level", "updatedAt") VALUES
  ('CRITICAL_SERVICE', true, NULL, 'HIGH', now()),
  ('MANY_SERVICES', true, 3, 'MEDIUM', now()),
  ('SHORT_LEAD_TIME', true, 48, 'MEDIUM', now()),
  ('OUTSIDE_MAINTENANCE_WINDOW', true, NULL, 'MEDIUM', now()),
  ('SOFT_FREEZE', true, NULL, 'HIGH', now()),
  ('RECENT_FAILURE', true, 30, 'HIGH', now()),
  ('NO_TEST_EVIDENCE', true, 20, 'MEDIUM', now()),
  ('OVERLAPPING_CHANGE', true, NULL, 'MEDIUM', now());

INSERT INTO "RiskSettings" ("id", "mediumScore", "highScore", "updatedAt") VALUES (1, 30, 60, now());

INSERT INTO "RiskQuestion" ("id", "text", "weight", "riskyAnswer", "position", "active", "updatedAt") VALUES
  (gen_random_uuid(), 'Can the change be reversed within the window?', 25, false, 1, true, now()),
  (gen_random_uuid(), 'Has this change been done successfully before, in production or a production-like environment?', 15, false, 2, true, now()),
  (gen_random_uuid(), 'Will users notice an outage or degradation during the window?', 20, true, 3, true, now()),
  (gen_random_uuid(), 'Does the change alter data in a way that cannot be restored afterwards?', 25, true, 4, true, now()),
  (gen_random_uuid(), 'Does the change touch security controls (access, secrets, network rules)?', 15, true, 5, true, now()),
  (gen_random_uuid(), 'Is the change fully automated, with no manual steps?', 10, false, 6, true, now());
