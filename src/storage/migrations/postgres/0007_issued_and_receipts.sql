-- Issue 14. The carriers handed out and the evaluators entitled and present,
-- frozen per poll when it closes, and a phone ballot's receipt digest kept in
-- its spend's row while the poll is open (see the SQLite migration of the
-- same number). A PostgreSQL heap lists rows in write order whatever the key,
-- so here spends and ballots still lie side by side in arrival order while a
-- poll is open (migration 0008 places the ballots at random instead).
ALTER TABLE polls ADD COLUMN issued_phone BIGINT;
ALTER TABLE polls ADD COLUMN issued_paper BIGINT;
ALTER TABLE polls ADD COLUMN entitled BIGINT;
ALTER TABLE polls ADD COLUMN present BIGINT;
ALTER TABLE spends ADD COLUMN receipt TEXT;
