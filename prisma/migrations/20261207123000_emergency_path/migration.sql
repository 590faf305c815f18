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
