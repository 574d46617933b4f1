-- Issue 14. The carriers handed out and the evaluators entitled and present,
-- frozen per poll when it closes: the void rule, the grade's base and the
-- signed result are computed against these, so what is recorded for the
-- meeting afterwards changes no result.
ALTER TABLE polls ADD COLUMN issued_phone INTEGER;
ALTER TABLE polls ADD COLUMN issued_paper INTEGER;
ALTER TABLE polls ADD COLUMN entitled INTEGER;
ALTER TABLE polls ADD COLUMN present INTEGER;

-- A phone ballot's receipt digest is kept in its spend's row while the poll
-- is open, and moved into `receipts` (sorted) at the close. Spends are
-- stored in the random order of their keys, so a copy taken mid-poll pairs
-- no receipt with the ballot written beside it: appended to `receipts` in
-- rowid order, a receipt sat at its ballot's position.
ALTER TABLE spends ADD COLUMN receipt TEXT;
