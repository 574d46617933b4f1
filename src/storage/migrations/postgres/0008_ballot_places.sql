-- Issue 14. A PostgreSQL heap writes a new row where there is room, which for
-- appended rows is the order of writing: a copy taken while a poll is open
-- listed spends, their receipts and the ballots side by side in arrival
-- order. When a poll opens, one empty row per carrier handed out is written
-- with a random `place`; a ballot fills the first free row at or after a
-- random place (libsodium), in place. The new version of the row stays on its
-- page (70 % of each page is left free for it), so the ballots' physical
-- order is random from the first ballot on, and the spends' arrival order
-- pairs them with nothing.
ALTER TABLE ballots ALTER COLUMN choices DROP NOT NULL;
ALTER TABLE ballots ADD COLUMN place BIGINT;
ALTER TABLE ballots SET (fillfactor = 30);
CREATE INDEX ballots_free ON ballots(poll_id, place) WHERE choices IS NULL;
