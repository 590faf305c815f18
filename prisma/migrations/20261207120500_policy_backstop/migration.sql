-- AlterEnum
ALTER TYPE "ApproverSource" ADD VALUE 'POLICY';

-- ---------------------------------------------------------------------------
-- Hand-written: approval policies take over from "every approver signs"
-- (issue 13; docs/decisions/0011-approval-policies.md).
-- ---------------------------------------------------------------------------

-- A snapshot rule asks for at least one approval and never for more than its
-- eligible people; ALL asks for every one of them, ANY for one.
ALTER TABLE "ChangeApprovalRule" ADD CONSTRAINT "ChangeApprovalRule_required_fits" CHECK (
    required >= 1 AND required <= cardinality("eligibleIds")
    AND (mode <> 'ALL' OR required = cardinality("eligibleIds"))
    AND (mode <> 'ANY' OR required = 1));

-- The default policies, version 1: one per risk level that reproduces the
-- behaviour before policies (every owner of an affected service signs), and
-- the emergency CAB (any one change manager, in writing). Admins edit them by
-- writing new versions; changes keep the version they were submitted under.
WITH policy AS (
    INSERT INTO "ApprovalPolicy" (id, name, "changeType", "riskLevel", active, "currentVersion", "updatedAt")
    VALUES (gen_random_uuid(), 'Low risk', NULL, 'LOW', true, 1, CURRENT_TIMESTAMP),
           (gen_random_uuid(), 'Medium risk', NULL, 'MEDIUM', true, 1, CURRENT_TIMESTAMP),
           (gen_random_uuid(), 'High risk', NULL, 'HIGH', true, 1, CURRENT_TIMESTAMP),
           (gen_random_uuid(), 'Emergency', 'EMERGENCY', NULL, true, 1, CURRENT_TIMESTAMP)
    RETURNING id, "changeType"
)
INSERT INTO "ApprovalPolicyVersion" (id, "policyId", version, rules)
SELECT gen_random_uuid(), policy.id, 1,
       CASE WHEN policy."changeType" = 'EMERGENCY'
            THEN '[{"stage":1,"eligible":{"kind":"CHANGE_MANAGERS"},"count":{"mode":"ANY"}}]'::jsonb
            ELSE '[{"stage":1,"eligible":{"kind":"SERVICE_OWNERS"},"count":{"mode":"ALL"}}]'::jsonb END
  FROM policy;

-- Existing submitted changes keep their meaning: their required approvers
-- become the snapshot (owners ALL, then nominees ALL), under no policy
-- version (policyVersionId NULL = approved before policies, owners implied).
INSERT INTO "ChangeApprovalRule" (id, "changeId", position, stage, description, mode, required, "eligibleIds")
SELECT gen_random_uuid(), s."changeId", row_number() OVER (PARTITION BY s."changeId" ORDER BY s.kind), 1, s.description, 'ALL', cardinality(s.ids), s.ids
  FROM (
    SELECT c.id AS "changeId", 1 AS kind, 'all owners of the affected services' AS description,
           array_agg(a."userId" ORDER BY a."userId") AS ids
      FROM "ChangeRequest" c JOIN "ChangeApprover" a ON a."changeId" = c.id
     WHERE c.fingerprint IS NOT NULL AND a.source = 'SERVICE_OWNER' AND a."userId" <> c."requesterId"
     GROUP BY c.id
    UNION ALL
    SELECT c.id, 2, 'all of ' || string_agg(u.name, ', ' ORDER BY a."createdAt", u.id) || ' (nominated)',
           array_agg(a."userId" ORDER BY a."createdAt", u.id)
      FROM "ChangeRequest" c JOIN "ChangeApprover" a ON a."changeId" = c.id JOIN "User" u ON u.id = a."userId"
     WHERE c.fingerprint IS NOT NULL AND a.source = 'NOMINATED' AND a."userId" <> c."requesterId"
     GROUP BY c.id
  ) s
 WHERE NOT EXISTS (SELECT 1 FROM "ChangeApprovalRule" r WHERE r."changeId" = s."changeId");

-- The latest decision of one seat on one fingerprint, counting a delegate's
-- sign-off only when a delegation from the seat's holder to the delegate ran
-- when it was signed (not revoked by then), and never the requester's.
CREATE FUNCTION changeboard_seat_decision(change_id UUID, seat UUID, fp TEXT, requester UUID) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT s.decision::text FROM "SignOff" s
     WHERE s."changeId" = change_id AND s."approverId" = seat AND s.fingerprint = fp
       AND (s."delegateId" IS NULL OR (
            s."delegateId" <> requester AND s."delegateId" <> seat
            AND EXISTS (SELECT 1 FROM "Delegation" d
                         WHERE d."delegatorId" = seat AND d."delegateId" = s."delegateId"
                           AND d."startsAt" <= s."signedAt" AND s."signedAt" < d."endsAt"
                           AND (d."revokedAt" IS NULL OR d."revokedAt" > s."signedAt"))))
     ORDER BY s."revisionNumber" DESC, s."signedAt" DESC
     LIMIT 1
$$;

-- The backstop, redefined: a SCHEDULED or IN_PROGRESS change needs a
-- fingerprint, a well-formed window, at least one snapshot rule, every rule
-- met (at least `required` distinct eligible seats whose latest decision on
-- the current fingerprint is APPROVED, with 1 <= required <= the eligible
-- count), no eligible seat whose latest current decision is REJECTED (veto),
-- never the requester among the eligible, and — when its policy asks the
-- owners (or it predates policies) — the owner of every affected service, or
-- the owner's recorded replacement, among the eligible. Plus the HARD-freeze
-- clause, unchanged.
CREATE OR REPLACE FUNCTION changeboard_assert_schedulable(change_id UUID) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
    label TEXT;
    unmet TEXT;
BEGIN
    SELECT id, status, fingerprint, number, type, "window", "requesterId", "policyVersionId" INTO c FROM "ChangeRequest" WHERE id = change_id;
    IF NOT FOUND OR c.status NOT IN ('SCHEDULED', 'IN_PROGRESS') THEN
        RETURN;
    END IF;
    label := 'CHG-' || lpad(c.number::text, 6, '0');
    IF c.fingerprint IS NULL OR NOT EXISTS (SELECT 1 FROM "ChangeApprovalRule" r WHERE r."changeId" = c.id) THEN
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
    IF (c."policyVersionId" IS NULL OR EXISTS (
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

-- The change row is re-checked also when its policy version changes.
DROP TRIGGER "ChangeRequest_schedulable" ON "ChangeRequest";
CREATE CONSTRAINT TRIGGER "ChangeRequest_schedulable"
    AFTER INSERT OR UPDATE OF status, fingerprint, "windowStart", "windowEnd", type, revision, "policyVersionId" ON "ChangeRequest"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (NEW.status IN ('SCHEDULED', 'IN_PROGRESS'))
    EXECUTE FUNCTION changeboard_check_change_row();

CREATE CONSTRAINT TRIGGER "ChangeApprovalRule_keeps_change_schedulable"
    AFTER INSERT OR UPDATE OR DELETE ON "ChangeApprovalRule"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION changeboard_check_parent_change();

-- Policy versions are immutable: a change keeps the version it was submitted under.
CREATE TRIGGER "ApprovalPolicyVersion_append_only"
    BEFORE UPDATE ON "ApprovalPolicyVersion"
    FOR EACH ROW EXECUTE FUNCTION changeboard_refuse_modification();
