-- Hand-written: the database itself refuses a SCHEDULED or IN_PROGRESS change
-- that lacks an APPROVED written sign-off from every required approver for its
-- current fingerprint. The application's gate checks this (and the freeze
-- calendar) first; this is the last line of defence against any code path,
-- script or manual SQL that skips it. Deferred to commit, so a transaction may
-- write the status before the rows it depends on, and re-reading the row at
-- commit judges its final state.

CREATE FUNCTION changeboard_require_sign_offs() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    current_status "ChangeStatus";
    current_fingerprint TEXT;
    change_number INTEGER;
BEGIN
    SELECT status, fingerprint, number INTO current_status, current_fingerprint, change_number
      FROM "ChangeRequest" WHERE id = NEW.id;
    IF current_status IS NULL OR current_status NOT IN ('SCHEDULED', 'IN_PROGRESS') THEN
        RETURN NULL;
    END IF;
    IF current_fingerprint IS NULL
       OR NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = NEW.id)
       OR EXISTS (
            SELECT 1 FROM "ChangeApprover" a
             WHERE a."changeId" = NEW.id
               AND NOT EXISTS (
                    SELECT 1 FROM "SignOff" s
                     WHERE s."changeId" = NEW.id
                       AND s."approverId" = a."userId"
                       AND s.fingerprint = current_fingerprint
                       AND s.decision = 'APPROVED'))
    THEN
        RAISE EXCEPTION 'CHG-% cannot be % without an approved written sign-off from every required approver for its current revision',
            lpad(change_number::text, 6, '0'), current_status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "ChangeRequest_scheduled_needs_sign_offs"
    AFTER UPDATE OF status, fingerprint ON "ChangeRequest"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (NEW.status IN ('SCHEDULED', 'IN_PROGRESS'))
    EXECUTE FUNCTION changeboard_require_sign_offs();
