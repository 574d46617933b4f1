-- Issue 14. The carriers handed out and the evaluators entitled and present,
-- frozen per poll when it closes: the void rule, the grade's base and the
-- signed result are computed against these, so what is recorded for the
-- meeting afterwards changes no result.
ALTER TABLE polls ADD COLUMN issued_phone INTEGER;
ALTER TABLE polls ADD COLUMN issued_paper INTEGER;
ALTER TABLE polls ADD COLUMN entitled INTEGER;
ALTER TABLE polls ADD COLUMN present INTEGER;

-- Receipts keyed by their digest (random), so that their stored order says
-- nothing about arrival, not even while a poll is open: appended in rowid
-- order, a copy taken mid-poll paired each receipt with the ballot at the
-- same position.
CREATE TABLE receipts_keyed (
  poll_id INTEGER NOT NULL,
  receipt TEXT NOT NULL,
  PRIMARY KEY (poll_id, receipt)
) WITHOUT ROWID;
INSERT OR IGNORE INTO receipts_keyed (poll_id, receipt) SELECT poll_id, receipt FROM receipts;
DROP TABLE receipts;
ALTER TABLE receipts_keyed RENAME TO receipts;
