-- The emergency path (issue 13). Hand-written: Prisma cannot express an
-- expression index with a predicate, nor a CHECK constraint.

-- The emergency changes still owing their retrospective review, by the moment
-- their review clock started (the earlier of the outcome and the window end):
-- the dashboard, the metrics and the escalation notice read this range
-- (lib/server/lifecycle/emergency-reviews.ts, same expressions).
CREATE INDEX "ChangeRequest_emergency_review_clock_idx" ON "ChangeRequest" ((LEAST("finishedAt", "windowEnd")), id)
    WHERE type = 'EMERGENCY' AND "reviewedAt" IS NULL AND status IN ('IN_PROGRESS', 'COMPLETED', 'ROLLED_BACK', 'FAILED');

-- The floor under the closing rule: an emergency change is closed only with
-- its review recorded (the domain also asks for a retrospective of meaningful
-- length; lib/domain/change-request/emergency-review.ts).
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_emergency_closed_with_review"
    CHECK (type <> 'EMERGENCY' OR status <> 'CLOSED' OR ("reviewedAt" IS NOT NULL AND btrim(coalesce("reviewNotes", '')) <> ''));

-- Nobody excuses their own change from a freeze, with one exception: the
-- requester of an EMERGENCY change may justify it into a SOFT freeze
-- (docs/decisions/0014). The floor under lib/domain/authz/policy.ts and
-- lib/domain/freeze/emergency-justification.ts: whatever writes the row, an
-- exception by the change's own requester is refused unless both hold. (A
-- later edit of the change's type is material and voids it by fingerprint.)
CREATE FUNCTION changeboard_check_own_freeze_exception() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    SELECT "requesterId", type, number INTO c FROM "ChangeRequest" WHERE id = NEW."changeId";
    IF FOUND AND c."requesterId" = NEW."grantedById" AND (c.type <> 'EMERGENCY' OR NEW."grantedSeverity" <> 'SOFT') THEN
        RAISE EXCEPTION 'CHG-% cannot be excused from a freeze by its own requester: only an emergency change may be justified into a SOFT freeze',
            lpad(c.number::text, 6, '0') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "FreezeException_own_only_emergency_soft"
    BEFORE INSERT ON "FreezeException"
    FOR EACH ROW EXECUTE FUNCTION changeboard_check_own_freeze_exception();
