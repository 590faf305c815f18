-- ---------------------------------------------------------------------------
-- Hand-written (issue 13, standard templates; docs/decisions/0013): the
-- database backstop accepts a change filed from a standard template with no
-- snapshot rules and no sign-offs, on the template's basis (an approved
-- version of an ACTIVE template), and nothing else without rules.
--
-- This is the body of 20261207120500_policy_backstop (branch h13-policy) with
-- one added clause, from_template: it relaxes only "at least one snapshot
-- rule" and the owners clause. Carry the clause into any later redefinition.
-- ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION changeboard_assert_schedulable(change_id UUID) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
    label TEXT;
    unmet TEXT;
    from_template BOOLEAN;
BEGIN
    SELECT id, status, fingerprint, number, type, "window", "requesterId", "policyVersionId", "templateVersionId" INTO c FROM "ChangeRequest" WHERE id = change_id;
    IF NOT FOUND OR c.status NOT IN ('SCHEDULED', 'IN_PROGRESS') THEN
        RETURN;
    END IF;
    label := 'CHG-' || lpad(c.number::text, 6, '0');
    -- Standard templates (issue 13): a change filed from one is approved on
    -- the template's basis and has no rules of its own. The basis holds while
    -- its version was approved (and may since be superseded) and the template
    -- is ACTIVE. Without a holding basis a change needs rules, as before.
    from_template := c."templateVersionId" IS NOT NULL AND EXISTS (
        SELECT 1 FROM "StandardTemplateVersion" v JOIN "StandardTemplate" t ON t.id = v."templateId"
         WHERE v.id = c."templateVersionId" AND v.status IN ('APPROVED', 'SUPERSEDED') AND t.status = 'ACTIVE');
    IF c.fingerprint IS NULL OR (NOT from_template AND NOT EXISTS (SELECT 1 FROM "ChangeApprovalRule" r WHERE r."changeId" = c.id)) THEN
        RAISE EXCEPTION '% cannot be % without an approved written sign-off: it has no submitted revision or no approval rules',
            label, c.status USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM "ChangeApprovalRule" r WHERE r."changeId" = c.id AND c."requesterId" = ANY (r."eligibleIds")) THEN
        RAISE EXCEPTION '% cannot be % while its requester is among its approvers', label, c.status USING ERRCODE = 'check_violation';
    END IF;
    SELECT r.description INTO unmet FROM "ChangeApprovalRule" r
     WHERE r."changeId" = c.id
       AND (r.required < 1
            OR r.required > (SELECT count(DISTINCT e) FROM unnest(r."eligibleIds") AS e)
            OR (SELECT count(DISTINCT e) FROM unnest(r."eligibleIds") AS e
                 WHERE changeboard_seat_decision(c.id, e, c.fingerprint, c."requesterId") = 'APPROVED') < r.required)
     ORDER BY r.position
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% cannot be % without an approved written sign-off for its current revision from %',
            label, c.status, unmet USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM "ChangeApprovalRule" r CROSS JOIN LATERAL unnest(r."eligibleIds") AS e
         WHERE r."changeId" = c.id AND changeboard_seat_decision(c.id, e, c.fingerprint, c."requesterId") = 'REJECTED')
    THEN
        RAISE EXCEPTION '% cannot be % while an approver rejects its current revision', label, c.status USING ERRCODE = 'check_violation';
    END IF;
    -- The template's owners signed the template, not each change from it.
    IF NOT from_template AND (c."policyVersionId" IS NULL OR EXISTS (
            SELECT 1 FROM "ApprovalPolicyVersion" v
             WHERE v.id = c."policyVersionId" AND v.rules @> '[{"eligible":{"kind":"SERVICE_OWNERS"}}]'::jsonb))
       AND EXISTS (
        SELECT 1 FROM "ChangeService" cs JOIN "Service" sv ON sv.id = cs."serviceId"
          LEFT JOIN "OwnerReplacement" rep ON rep."changeId" = c.id AND rep."ownerId" = sv."ownerId"
         WHERE cs."changeId" = c.id
           AND COALESCE(rep."replacementId", sv."ownerId") <> c."requesterId"
           AND NOT EXISTS (SELECT 1 FROM "ChangeApprovalRule" r
                            WHERE r."changeId" = c.id AND COALESCE(rep."replacementId", sv."ownerId") = ANY (r."eligibleIds")))
    THEN
        RAISE EXCEPTION '% cannot be % while the owner of an affected service (or their replacement) is not among its approvers',
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

-- The change row is re-checked also when its template link changes.
DROP TRIGGER "ChangeRequest_schedulable" ON "ChangeRequest";
CREATE CONSTRAINT TRIGGER "ChangeRequest_schedulable"
    AFTER INSERT OR UPDATE OF status, fingerprint, "windowStart", "windowEnd", type, revision, "policyVersionId", "templateVersionId" ON "ChangeRequest"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (NEW.status IN ('SCHEDULED', 'IN_PROGRESS'))
    EXECUTE FUNCTION changeboard_check_change_row();
