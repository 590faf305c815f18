-- The metrics' read model (issue 14). At a million changes a period's
-- figures joined the audit trail to the changes and looked up, per decision,
-- the revision's submission and the signer's first view: seconds of both
-- cores for the first reader of a 90-day report. ChangeFact holds the
-- moments each change's audit trail records and DecisionFact each sign-off
-- with the two moments its timings count from, so each figure is one range
-- over one narrow table. Both are written only by the triggers below, which
-- accept the rows in any order (a view or a resubmission recorded after the
-- decision it precedes still counts), and changeboard_rebuild_metric_facts()
-- recomputes them from the source tables (this migration and the scale seed).

-- CreateTable
CREATE TABLE "ChangeFact" (
    "changeId" UUID NOT NULL,
    "status" "ChangeStatus" NOT NULL,
    "type" "ChangeType" NOT NULL,
    "riskLevel" "RiskLevel" NOT NULL,
    "serviceIds" UUID[],
    "requesterId" UUID NOT NULL,
    "fromTemplate" BOOLEAN NOT NULL,
    "followUp" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3),
    "firstSubmittedAt" TIMESTAMPTZ(3),
    "lastSubmittedAt" TIMESTAMPTZ(3),
    "firstScheduledAt" TIMESTAMPTZ(3),
    "firstScheduledById" UUID,
    "outcome" "ChangeStatus",
    "outcomeAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChangeFact_pkey" PRIMARY KEY ("changeId")
);

-- CreateTable
CREATE TABLE "DecisionFact" (
    "signOffId" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "approverId" UUID NOT NULL,
    "signerId" UUID NOT NULL,
    "revisionNumber" INTEGER NOT NULL,
    "decision" "SignOffDecision" NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "statementChars" INTEGER NOT NULL,
    "submittedAt" TIMESTAMPTZ(3),
    "firstViewedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DecisionFact_pkey" PRIMARY KEY ("signOffId")
);

-- CreateIndex
CREATE INDEX "ChangeFact_firstSubmittedAt_idx" ON "ChangeFact"("firstSubmittedAt");

-- CreateIndex
CREATE INDEX "ChangeFact_firstScheduledAt_idx" ON "ChangeFact"("firstScheduledAt");

-- CreateIndex
CREATE INDEX "ChangeFact_outcomeAt_idx" ON "ChangeFact"("outcomeAt");

-- CreateIndex
CREATE INDEX "ChangeFact_followUp_createdAt_idx" ON "ChangeFact"("followUp", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeFact_status_lastSubmittedAt_idx" ON "ChangeFact"("status", "lastSubmittedAt");

-- CreateIndex
CREATE INDEX "DecisionFact_approverId_signedAt_decision_statementChars_su_idx" ON "DecisionFact"("approverId", "signedAt", "decision", "statementChars", "submittedAt", "changeId");

-- CreateIndex
CREATE INDEX "DecisionFact_signedAt_firstViewedAt_idx" ON "DecisionFact"("signedAt", "firstViewedAt");

-- CreateIndex
CREATE INDEX "DecisionFact_changeId_idx" ON "DecisionFact"("changeId");

-- AddForeignKey
ALTER TABLE "ChangeFact" ADD CONSTRAINT "ChangeFact_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionFact" ADD CONSTRAINT "DecisionFact_signOffId_fkey" FOREIGN KEY ("signOffId") REFERENCES "SignOff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A change's own columns the figures filter and group by.
CREATE FUNCTION changeboard_change_fact_from_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "ChangeFact" ("changeId", status, type, "riskLevel", "serviceIds", "requesterId", "fromTemplate", "followUp")
    VALUES (NEW.id, NEW.status, NEW.type, NEW."riskLevel", '{}', NEW."requesterId", NEW."templateVersionId" IS NOT NULL, NEW."previousChangeId" IS NOT NULL)
    ON CONFLICT ("changeId") DO UPDATE
       SET status = EXCLUDED.status, type = EXCLUDED.type, "riskLevel" = EXCLUDED."riskLevel", "requesterId" = EXCLUDED."requesterId",
           "fromTemplate" = EXCLUDED."fromTemplate", "followUp" = EXCLUDED."followUp";
    RETURN NULL;
END
$$;

CREATE TRIGGER "ChangeRequest_metric_fact"
    AFTER INSERT OR UPDATE OF status, type, "riskLevel", "requesterId", "templateVersionId", "previousChangeId" ON "ChangeRequest"
    FOR EACH ROW EXECUTE FUNCTION changeboard_change_fact_from_change();

-- A service added to or removed from a change.
CREATE FUNCTION changeboard_change_fact_services() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "ChangeFact" f
       SET "serviceIds" = ARRAY(SELECT cs."serviceId" FROM "ChangeService" cs WHERE cs."changeId" = f."changeId" ORDER BY cs."serviceId")
     WHERE f."changeId" IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW."changeId" END, CASE WHEN TG_OP <> 'INSERT' THEN OLD."changeId" END);
    RETURN NULL;
END
$$;

CREATE TRIGGER "ChangeService_metric_fact"
    AFTER INSERT OR UPDATE OR DELETE ON "ChangeService"
    FOR EACH ROW EXECUTE FUNCTION changeboard_change_fact_services();

-- An event of a change's life: its moment, if it is the first (or for the current submission, the latest) of its kind;
-- an event into SUBMITTED also becomes the submission of any decision recorded after it that counted from an earlier one.
CREATE FUNCTION changeboard_metric_facts_from_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    event_outcome "ChangeStatus" := CASE NEW.action WHEN 'change.completed' THEN 'COMPLETED' WHEN 'change.failed' THEN 'FAILED' WHEN 'change.rolled-back' THEN 'ROLLED_BACK' END;
BEGIN
    UPDATE "ChangeFact" f SET
        "createdAt" = CASE WHEN NEW.action = 'change.created' THEN LEAST(f."createdAt", NEW.at) ELSE f."createdAt" END,
        "firstSubmittedAt" = CASE WHEN NEW.action = 'change.submitted' THEN LEAST(f."firstSubmittedAt", NEW.at) ELSE f."firstSubmittedAt" END,
        "lastSubmittedAt" = CASE WHEN NEW."toStatus" = 'SUBMITTED' THEN GREATEST(f."lastSubmittedAt", NEW.at) ELSE f."lastSubmittedAt" END,
        "firstScheduledById" = CASE WHEN NEW.action = 'change.scheduled' AND (f."firstScheduledAt" IS NULL OR NEW.at < f."firstScheduledAt") THEN NEW."actorId" ELSE f."firstScheduledById" END,
        "firstScheduledAt" = CASE WHEN NEW.action = 'change.scheduled' THEN LEAST(f."firstScheduledAt", NEW.at) ELSE f."firstScheduledAt" END,
        outcome = CASE WHEN event_outcome IS NOT NULL AND (f."outcomeAt" IS NULL OR NEW.at < f."outcomeAt") THEN event_outcome ELSE f.outcome END,
        "outcomeAt" = CASE WHEN event_outcome IS NOT NULL THEN LEAST(f."outcomeAt", NEW.at) ELSE f."outcomeAt" END
     WHERE f."changeId" = NEW."changeId";
    IF NEW."toStatus" = 'SUBMITTED' THEN
        UPDATE "DecisionFact" d SET "submittedAt" = NEW.at
         WHERE d."changeId" = NEW."changeId" AND d."signedAt" >= NEW.at AND (d."submittedAt" IS NULL OR d."submittedAt" < NEW.at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "AuditEvent_metric_facts"
    AFTER INSERT ON "AuditEvent"
    FOR EACH ROW WHEN (NEW."changeId" IS NOT NULL AND (NEW."toStatus" = 'SUBMITTED'
        OR NEW.action IN ('change.created', 'change.submitted', 'change.scheduled', 'change.completed', 'change.failed', 'change.rolled-back')))
    EXECUTE FUNCTION changeboard_metric_facts_from_event();

-- The signer's first view of the revision, when it came at or before the decision.
CREATE FUNCTION changeboard_decision_first_view(change_id uuid, signer_id uuid, revision_number int, signed_at timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT v."firstViewedAt" FROM "ChangeView" v
     WHERE v."changeId" = change_id AND v."userId" = signer_id AND v.revision = revision_number AND v."firstViewedAt" <= signed_at
$$;

-- The latest event into SUBMITTED at or before the decision: the submission of the revision it decided.
CREATE FUNCTION changeboard_decision_submission(change_id uuid, signed_at timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT max(e.at) FROM "AuditEvent" e WHERE e."changeId" = change_id AND e."toStatus" = 'SUBMITTED' AND e.at <= signed_at
$$;

CREATE FUNCTION changeboard_decision_fact_from_sign_off() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "DecisionFact" ("signOffId", "changeId", "approverId", "signerId", "revisionNumber", decision, "signedAt", "statementChars", "submittedAt", "firstViewedAt")
    VALUES (NEW.id, NEW."changeId", NEW."approverId", COALESCE(NEW."delegateId", NEW."approverId"), NEW."revisionNumber", NEW.decision, NEW."signedAt",
            char_length(btrim(NEW.statement)),
            changeboard_decision_submission(NEW."changeId", NEW."signedAt"),
            changeboard_decision_first_view(NEW."changeId", COALESCE(NEW."delegateId", NEW."approverId"), NEW."revisionNumber", NEW."signedAt"));
    RETURN NULL;
END
$$;

CREATE TRIGGER "SignOff_decision_fact"
    AFTER INSERT ON "SignOff"
    FOR EACH ROW EXECUTE FUNCTION changeboard_decision_fact_from_sign_off();

-- A view recorded, moved or removed: the decisions of that signer on that revision read it again.
CREATE FUNCTION changeboard_decision_facts_from_view() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE "DecisionFact" d SET "firstViewedAt" = changeboard_decision_first_view(d."changeId", d."signerId", d."revisionNumber", d."signedAt")
         WHERE d."changeId" = OLD."changeId" AND d."signerId" = OLD."userId" AND d."revisionNumber" = OLD.revision;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE "DecisionFact" d SET "firstViewedAt" = changeboard_decision_first_view(d."changeId", d."signerId", d."revisionNumber", d."signedAt")
         WHERE d."changeId" = NEW."changeId" AND d."signerId" = NEW."userId" AND d."revisionNumber" = NEW.revision;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "ChangeView_decision_facts"
    AFTER INSERT OR UPDATE OR DELETE ON "ChangeView"
    FOR EACH ROW EXECUTE FUNCTION changeboard_decision_facts_from_view();

-- Both read models from their sources, set-based (for a database filled with triggers off, or to repair one).
CREATE FUNCTION changeboard_rebuild_metric_facts() RETURNS void
LANGUAGE sql AS $$
    TRUNCATE "DecisionFact", "ChangeFact";
    INSERT INTO "ChangeFact" ("changeId", status, type, "riskLevel", "serviceIds", "requesterId", "fromTemplate", "followUp", "createdAt", "firstSubmittedAt", "lastSubmittedAt", "firstScheduledAt", "firstScheduledById", outcome, "outcomeAt")
    SELECT c.id, c.status, c.type, c."riskLevel", COALESCE(svc.ids, '{}'), c."requesterId", c."templateVersionId" IS NOT NULL, c."previousChangeId" IS NOT NULL,
           e.created, e.first_submitted, e.last_submitted, e.first_scheduled, e.first_scheduled_by, e.outcome, e.outcome_at
      FROM "ChangeRequest" c
      LEFT JOIN (
        SELECT a."changeId",
               min(a.at) FILTER (WHERE a.action = 'change.created') AS created,
               min(a.at) FILTER (WHERE a.action = 'change.submitted') AS first_submitted,
               max(a.at) FILTER (WHERE a."toStatus" = 'SUBMITTED') AS last_submitted,
               min(a.at) FILTER (WHERE a.action = 'change.scheduled') AS first_scheduled,
               (array_agg(a."actorId" ORDER BY a.at, a.id) FILTER (WHERE a.action = 'change.scheduled'))[1] AS first_scheduled_by,
               (array_agg(CASE a.action WHEN 'change.completed' THEN 'COMPLETED' WHEN 'change.failed' THEN 'FAILED' ELSE 'ROLLED_BACK' END ORDER BY a.at, a.id)
                  FILTER (WHERE a.action IN ('change.completed', 'change.failed', 'change.rolled-back')))[1]::"ChangeStatus" AS outcome,
               min(a.at) FILTER (WHERE a.action IN ('change.completed', 'change.failed', 'change.rolled-back')) AS outcome_at
          FROM "AuditEvent" a
         WHERE a."changeId" IS NOT NULL AND (a."toStatus" = 'SUBMITTED'
            OR a.action IN ('change.created', 'change.submitted', 'change.scheduled', 'change.completed', 'change.failed', 'change.rolled-back'))
         GROUP BY a."changeId") e ON e."changeId" = c.id
      LEFT JOIN (SELECT cs."changeId", array_agg(cs."serviceId" ORDER BY cs."serviceId") AS ids FROM "ChangeService" cs GROUP BY cs."changeId") svc
        ON svc."changeId" = c.id;
    INSERT INTO "DecisionFact" ("signOffId", "changeId", "approverId", "signerId", "revisionNumber", decision, "signedAt", "statementChars", "submittedAt", "firstViewedAt")
    SELECT s.id, s."changeId", s."approverId", COALESCE(s."delegateId", s."approverId"), s."revisionNumber", s.decision, s."signedAt",
           char_length(btrim(s.statement)),
           -- The same two definitions the sign-off trigger reads, so the rebuild cannot drift from it.
           changeboard_decision_submission(s."changeId", s."signedAt"),
           changeboard_decision_first_view(s."changeId", COALESCE(s."delegateId", s."approverId"), s."revisionNumber", s."signedAt")
      FROM "SignOff" s
     -- In the order the triggers would have written them: a period's decisions sit together on disk.
     ORDER BY s."signedAt";
$$;

SELECT changeboard_rebuild_metric_facts();
