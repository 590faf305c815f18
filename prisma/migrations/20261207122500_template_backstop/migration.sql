-- ---------------------------------------------------------------------------
-- Hand-written (issue 13, standard templates; docs/decisions/0013): the
-- database backstop accepts a change filed from a standard template with no
-- sign-offs, on the template's basis, and nothing else without them.
--
-- This redefines the function of 20261125160000_backstop_and_exception_lapse
-- (the last definition on this branch) with one added clause, from_template.
-- The policy core (branch h13-policy) rewrites the function for per-change
-- rule snapshots; when both land, the template clause must be carried into
-- that body (see the report of branch h13-templates).
-- ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION changeboard_assert_schedulable(change_id UUID) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
    label TEXT;
    from_template BOOLEAN;
BEGIN
    SELECT id, status, fingerprint, number, type, "window", "requesterId", "templateVersionId" INTO c FROM "ChangeRequest" WHERE id = change_id;
    IF NOT FOUND OR c.status NOT IN ('SCHEDULED', 'IN_PROGRESS') THEN
        RETURN;
    END IF;
    label := 'CHG-' || lpad(c.number::text, 6, '0');
    -- A change filed from a standard template is approved on the template's
    -- basis instead of sign-offs: its version was approved (and may since be
    -- superseded) and the template is ACTIVE now. Anything else falls through
    -- to the sign-off floor below (a forged or suspended basis has no approvers).
    from_template := c."templateVersionId" IS NOT NULL AND EXISTS (
        SELECT 1 FROM "StandardTemplateVersion" v JOIN "StandardTemplate" t ON t.id = v."templateId"
         WHERE v.id = c."templateVersionId" AND v.status IN ('APPROVED', 'SUPERSEDED') AND t.status = 'ACTIVE');
    IF c.fingerprint IS NULL OR (NOT from_template AND (
       NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id)
       OR EXISTS (
            SELECT 1 FROM "ChangeApprover" a
             WHERE a."changeId" = c.id
               AND COALESCE((
                    SELECT s.decision::text FROM "SignOff" s
                     WHERE s."changeId" = c.id AND s."approverId" = a."userId" AND s.fingerprint = c.fingerprint
                     ORDER BY s."revisionNumber" DESC, s."signedAt" DESC
                     LIMIT 1), 'NONE') <> 'APPROVED')))
    THEN
        RAISE EXCEPTION '% cannot be % without an approved written sign-off from every required approver for its current revision',
            label, c.status USING ERRCODE = 'check_violation';
    END IF;
    -- The owner of every affected service signs, unless the owner raised the
    -- change or was replaced on it (OwnerReplacement) — then the replacement does.
    IF NOT from_template AND (EXISTS (
        SELECT 1 FROM "ChangeService" cs JOIN "Service" sv ON sv.id = cs."serviceId"
         WHERE cs."changeId" = c.id
           AND sv."ownerId" <> c."requesterId"
           AND NOT EXISTS (SELECT 1 FROM "OwnerReplacement" r WHERE r."changeId" = c.id AND r."ownerId" = sv."ownerId")
           AND NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id AND a."userId" = sv."ownerId"))
       OR EXISTS (
        SELECT 1 FROM "OwnerReplacement" r
         WHERE r."changeId" = c.id
           AND NOT EXISTS (SELECT 1 FROM "ChangeApprover" a WHERE a."changeId" = c.id AND a."userId" = r."replacementId")))
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

-- Re-check when the change's template link is written, like its other gate inputs.
DROP TRIGGER "ChangeRequest_schedulable" ON "ChangeRequest";
CREATE CONSTRAINT TRIGGER "ChangeRequest_schedulable"
    AFTER INSERT OR UPDATE OF status, fingerprint, "windowStart", "windowEnd", type, revision, "templateVersionId" ON "ChangeRequest"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (NEW.status IN ('SCHEDULED', 'IN_PROGRESS'))
    EXECUTE FUNCTION changeboard_check_change_row();
