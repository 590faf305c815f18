-- CreateIndex
CREATE INDEX "LoginThrottle_windowStart_idx" ON "LoginThrottle"("windowStart");

-- Hand-written: e-mail addresses are stored normalised (trimmed, lower-case),
-- so sign-in, SSO linking and user creation match them exactly with `=` and
-- the existing unique index is unique on the normalised address. Until now
-- lookups were case-insensitive (ILIKE, with `%` and `_` live), so two rows may
-- differ only in case; rather than pick one silently, stop and name them.
DO $$
DECLARE
    clashes TEXT;
BEGIN
    SELECT string_agg(normalised, ', ' ORDER BY normalised) INTO clashes
      FROM (SELECT lower(btrim("email")) AS normalised FROM "User" GROUP BY 1 HAVING count(*) > 1) AS duplicate;
    IF clashes IS NOT NULL THEN
        RAISE EXCEPTION 'Several users share an e-mail address once case and surrounding spaces are ignored: %. Change or deactivate and rename all but one of them, then migrate again.', clashes;
    END IF;
END;
$$;

UPDATE "User" SET "email" = lower(btrim("email")) WHERE "email" <> lower(btrim("email"));

ALTER TABLE "User" ADD CONSTRAINT "User_email_normalised" CHECK ("email" = lower(btrim("email")));

-- Throttle keys change form ("email:…" / "ip:…"); old counters are short-lived
-- and safe to forget.
DELETE FROM "LoginThrottle";
