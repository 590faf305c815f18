-- DropIndex
DROP INDEX "FreezeException_changeId_freezeId_fingerprint_key";

-- AlterTable
ALTER TABLE "FreezePeriod" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1;

-- AlterTable (Prisma's statement, with a backfill for existing rows: an
-- exception granted before this migration is taken as granted for the
-- freeze's current severity and first revision).
ALTER TABLE "FreezeException" ADD COLUMN     "freezeRevision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "grantedSeverity" "FreezeSeverity";
UPDATE "FreezeException" e SET "grantedSeverity" = f.severity FROM "FreezePeriod" f WHERE f.id = e."freezeId";
ALTER TABLE "FreezeException" ALTER COLUMN "freezeRevision" DROP DEFAULT,
ALTER COLUMN "grantedSeverity" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "FreezeException_changeId_freezeId_fingerprint_freezeRevisio_key" ON "FreezeException"("changeId", "freezeId", "fingerprint", "freezeRevision");

-- ---------------------------------------------------------------------------
-- Hand-written: the database backstop for the gate, widened (issue 8, item 5;
-- docs/decisions/0007-what-the-database-enforces.md).
--
-- One check, changeboard_assert_schedulable(change), run at commit (deferred
-- constraint triggers) whenever anything it depends on is written: the change
-- row (INSERT, or UPDATE of status, fingerprint, window, type, revision), its
-- approvers, its services, its sign-offs. A SCHEDULED or IN_PROGRESS change
-- must have a fingerprint, a well-formed window, at least one approver, the
-- owner of every affected service (or the owner's recorded replacement) among
-- its approvers, and for every approver the LATEST decision on the current
-- fingerprint must be APPROVED. A SCHEDULED change must also not overlap a one-off HARD freeze in
-- scope unless it is an EMERGENCY change with a still-valid exception.
-- Recurring freezes and SOFT freezes are checked by the application under the
-- freeze-calendar lock (their expansion lives in the domain, not in SQL).
-- ---------------------------------------------------------------------------

DROP TRIGGER "ChangeRequest_scheduled_needs_sign_offs" ON "ChangeRequest";
DROP FUNCTION changeboard_require_sign_offs();

CREATE FUNCTION changeboard_assert_schedulable(change_id UUID) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
    label TEXT;
BEGIN
    SELECT id, status, fingerprint, number, type, "window", "requesterId" INTO c FROM "ChangeRequest" WHERE id = change_id;
    IF NOT FOUND OR c.status NOT IN ('SCHEDULED', 'IN_PROGRESS') THEN
        RETURN;
    END IF;
    label := 'CHG-' || lpad(c.number::text, 6, '0');
    IF c.fingerprint IS NULL
       OR NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id)
       OR EXISTS (
            SELECT 1 FROM "ChangeApprover" a
             WHERE a."changeId" = c.id
               AND COALESCE((
                    SELECT s.decision::text FROM "SignOff" s
                     WHERE s."changeId" = c.id AND s."approverId" = a."userId" AND s.fingerprint = c.fingerprint
                     ORDER BY s."revisionNumber" DESC, s."signedAt" DESC
                     LIMIT 1), 'NONE') <> 'APPROVED')
    THEN
        RAISE EXCEPTION '% cannot be % without an approved written sign-off from every required approver for its current revision',
            label, c.status USING ERRCODE = 'check_violation';
    END IF;
    -- The owner of every affected service signs, unless the owner raised the
    -- change or was replaced on it (OwnerReplacement) — then the replacement does.
    IF EXISTS (
        SELECT 1 FROM "ChangeService" cs JOIN "Service" sv ON sv.id = cs."serviceId"
         WHERE cs."changeId" = c.id
           AND sv."ownerId" <> c."requesterId"
           AND NOT EXISTS (SELECT 1 FROM "OwnerReplacement" r WHERE r."changeId" = c.id AND r."ownerId" = sv."ownerId")
           AND NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id AND a."userId" = sv."ownerId"))
       OR EXISTS (
        SELECT 1 FROM "OwnerReplacement" r
         WHERE r."changeId" = c.id
           AND NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id AND a."userId" = r."replacementId"))
    THEN
        RAISE EXCEPTION '% cannot be % while the owner of an affected service (or their replacement) is not a required approver',
            label, c.status USING ERRCODE = 'check_violation';
    END IF;
    IF c."window" IS NULL THEN
        RAISE EXCEPTION '% cannot be % without a well-formed change window', label, c.status USING ERRCODE = 'check_violation';
    END IF;
    IF c.status = 'SCHEDULED' AND EXISTS (
        SELECT 1 FROM "FreezePeriod" f
         WHERE f.severity = 'HARD' AND f.rrule IS NULL AND f."archivedAt" IS NULL
           AND tstzrange(f."startsAt", f."endsAt", '[)') && c."window"
           AND (f.scope = 'ALL_SERVICES' OR EXISTS (
                SELECT 1 FROM "FreezeService" fs JOIN "ChangeService" cs ON cs."serviceId" = fs."serviceId"
                 WHERE fs."freezeId" = f.id AND cs."changeId" = c.id))
           AND NOT (c.type = 'EMERGENCY' AND EXISTS (
                SELECT 1 FROM "FreezeException" e
                 WHERE e."changeId" = c.id AND e."freezeId" = f.id AND e.fingerprint = c.fingerprint
                   AND e."freezeRevision" = f.revision AND e."grantedSeverity" = 'HARD')))
    THEN
        RAISE EXCEPTION '% cannot be SCHEDULED inside a HARD freeze without an emergency exception', label
            USING ERRCODE = 'check_violation';
    END IF;
END;
$$;

CREATE FUNCTION changeboard_check_change_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM changeboard_assert_schedulable(NEW.id);
    RETURN NULL;
END;
$$;

-- For the tables that hang off a change: re-check the change(s) a row belongs to.
CREATE FUNCTION changeboard_check_parent_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM changeboard_assert_schedulable(OLD."changeId");
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM changeboard_assert_schedulable(NEW."changeId");
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "ChangeRequest_schedulable"
    AFTER INSERT OR UPDATE OF status, fingerprint, "windowStart", "windowEnd", type, revision ON "ChangeRequest"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (NEW.status IN ('SCHEDULED', 'IN_PROGRESS'))
    EXECUTE FUNCTION changeboard_check_change_row();

CREATE CONSTRAINT TRIGGER "ChangeApprover_keeps_change_schedulable"
    AFTER INSERT OR UPDATE OR DELETE ON "ChangeApprover"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION changeboard_check_parent_change();

CREATE CONSTRAINT TRIGGER "ChangeService_keeps_change_schedulable"
    AFTER INSERT OR UPDATE OR DELETE ON "ChangeService"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION changeboard_check_parent_change();

CREATE CONSTRAINT TRIGGER "OwnerReplacement_keeps_change_schedulable"
    AFTER INSERT OR UPDATE OR DELETE ON "OwnerReplacement"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION changeboard_check_parent_change();

CREATE CONSTRAINT TRIGGER "SignOff_keeps_change_schedulable"
    AFTER INSERT ON "SignOff"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION changeboard_check_parent_change();

-- The signed content and the written freeze exceptions are evidence, like
-- sign-offs and the audit trail: append-only.
CREATE TRIGGER "ChangeRevision_append_only"
    BEFORE UPDATE OR DELETE ON "ChangeRevision"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "ChangeRevision_no_truncate"
    BEFORE TRUNCATE ON "ChangeRevision"
    FOR EACH STATEMENT EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "FreezeException_append_only"
    BEFORE UPDATE OR DELETE ON "FreezeException"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
CREATE TRIGGER "FreezeException_no_truncate"
    BEFORE TRUNCATE ON "FreezeException"
    FOR EACH STATEMENT EXECUTE FUNCTION changeboard_refuse_modification();
