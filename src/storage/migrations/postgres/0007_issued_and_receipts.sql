-- Issue 14. The carriers handed out and the evaluators entitled and
-- present, frozen per poll when it closes (see
-- the SQLite migration of the same number). PostgreSQL's receipts stay a
-- heap table: its rows lie in write order whatever the key, which
-- docs/design/ballots.md states as a known limit while a poll is open.
ALTER TABLE polls ADD COLUMN issued_phone BIGINT;
ALTER TABLE polls ADD COLUMN issued_paper BIGINT;
ALTER TABLE polls ADD COLUMN entitled BIGINT;
ALTER TABLE polls ADD COLUMN present BIGINT;
