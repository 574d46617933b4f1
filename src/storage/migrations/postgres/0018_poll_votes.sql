-- Issue 17. A poll's count of phone ballots cast in grouped writes, kept in
-- a row per committer (shard) instead of on the poll's own row, which every
-- batch of ballots had to lock until its commit: batches of one poll now
-- commit side by side (docs/design/scaling.md). A poll's count is
-- polls.voted (ballots counted one by one: paper) plus the sum of its rows
-- here. A row holds a number and nothing else: no time, no order.
CREATE TABLE poll_votes (
  poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  shard BIGINT NOT NULL,
  voted BIGINT NOT NULL,
  PRIMARY KEY (poll_id, shard)
);
