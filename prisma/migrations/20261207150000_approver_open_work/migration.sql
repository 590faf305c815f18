-- An approver's open work, indexed. The inbox, the dashboard's count and the
-- sign-off reminders ask "which SUBMITTED changes hold one of these seats?".
-- Driven from the seats, that walked every change the person was ever asked
-- to approve (tens of thousands for a CAB member at a million changes);
-- driven from the changes, every SUBMITTED change. ChangeApprover now mirrors
-- whether its change is SUBMITTED, kept by triggers so no write path can
-- forget it, and a partial index holds only the seats of submitted changes.

ALTER TABLE "ChangeApprover" ADD COLUMN "changeSubmitted" BOOLEAN NOT NULL DEFAULT false;

-- A seat added (or moved to another change) takes its change's state.
CREATE FUNCTION changeboard_approver_change_submitted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW."changeSubmitted" := EXISTS (SELECT 1 FROM "ChangeRequest" c WHERE c.id = NEW."changeId" AND c.status = 'SUBMITTED');
    RETURN NEW;
END
$$;

CREATE TRIGGER "ChangeApprover_change_submitted"
    BEFORE INSERT OR UPDATE OF "changeId", "changeSubmitted" ON "ChangeApprover"
    FOR EACH ROW EXECUTE FUNCTION changeboard_approver_change_submitted();

-- A change entering or leaving SUBMITTED carries its seats along.
CREATE FUNCTION changeboard_change_submitted_to_approvers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "ChangeApprover" SET "changeSubmitted" = (NEW.status = 'SUBMITTED') WHERE "changeId" = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER "ChangeRequest_submitted_to_approvers"
    AFTER UPDATE OF status ON "ChangeRequest"
    FOR EACH ROW WHEN ((OLD.status = 'SUBMITTED') IS DISTINCT FROM (NEW.status = 'SUBMITTED'))
    EXECUTE FUNCTION changeboard_change_submitted_to_approvers();

CREATE INDEX "ChangeApprover_open_userId_changeId_idx" ON "ChangeApprover" ("userId", "changeId") WHERE "changeSubmitted";

-- Last: the update queues the deferred backstop checks, after which no index may be built in this transaction.
UPDATE "ChangeApprover" a SET "changeSubmitted" = true
  FROM "ChangeRequest" c WHERE c.id = a."changeId" AND c.status = 'SUBMITTED';
