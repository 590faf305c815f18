-- Hand-written: Prisma cannot express a partial GiST index.
-- The gate's conflict and crowding checks, the calendar and the ICS feed ask
-- "which SCHEDULED / IN_PROGRESS changes overlap this window". On the full
-- GiST index over every window, PostgreSQL ANDs a bitmap of all in-flight rows
-- with the overlap bitmap (6 ms at a million changes); this index holds only
-- the few percent of changes that are on the calendar (0.3 ms).
CREATE INDEX "ChangeRequest_scheduled_window_gist" ON "ChangeRequest" USING GIST ("window")
    WHERE status IN ('SCHEDULED', 'IN_PROGRESS');
