-- The inbox lists an approver's open seats soonest window first, a page at a
-- time. Reading them through the (userId, changeId) index of submitted
-- changes' seats, it had to check and sort every open seat before showing
-- twenty (hundreds for a CAB member at a million changes). The seat now
-- also carries its change's window start and number, kept by the same
-- triggers as changeSubmitted, and the partial index is ordered by them, so
-- the inbox walks the seats in the page's order and stops at its end.

ALTER TABLE "ChangeApprover" ADD COLUMN "changeWindowStart" TIMESTAMPTZ(3), ADD COLUMN "changeNumber" INTEGER;

CREATE OR REPLACE FUNCTION changeboard_approver_change_submitted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.status = 'SUBMITTED', c."windowStart", c.number
      INTO NEW."changeSubmitted", NEW."changeWindowStart", NEW."changeNumber"
      FROM "ChangeRequest" c WHERE c.id = NEW."changeId";
    NEW."changeSubmitted" := COALESCE(NEW."changeSubmitted", false);
    RETURN NEW;
END
$$;

DROP TRIGGER "ChangeApprover_change_submitted" ON "ChangeApprover";
CREATE TRIGGER "ChangeApprover_change_submitted"
    BEFORE INSERT OR UPDATE OF "changeId", "changeSubmitted", "changeWindowStart", "changeNumber" ON "ChangeApprover"
    FOR EACH ROW EXECUTE FUNCTION changeboard_approver_change_submitted();

-- A change entering or leaving SUBMITTED, or moving its window, carries its seats along (the seat trigger reads the change).
DROP TRIGGER "ChangeRequest_submitted_to_approvers" ON "ChangeRequest";
CREATE TRIGGER "ChangeRequest_submitted_to_approvers"
    AFTER UPDATE OF status, "windowStart" ON "ChangeRequest"
    FOR EACH ROW WHEN ((OLD.status = 'SUBMITTED') IS DISTINCT FROM (NEW.status = 'SUBMITTED') OR OLD."windowStart" IS DISTINCT FROM NEW."windowStart")
    EXECUTE FUNCTION changeboard_change_submitted_to_approvers();

DROP INDEX "ChangeApprover_open_userId_changeId_idx";
CREATE INDEX "ChangeApprover_open_userId_window_idx" ON "ChangeApprover" ("userId", "changeWindowStart", "changeNumber") WHERE "changeSubmitted";

-- Last (it queues the deferred backstop checks): the seats of submitted changes, the only ones the index holds.
UPDATE "ChangeApprover" a SET "changeWindowStart" = c."windowStart", "changeNumber" = c.number
  FROM "ChangeRequest" c WHERE c.id = a."changeId" AND a."changeSubmitted";
