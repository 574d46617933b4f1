-- Issue 15 §4. The throttles' failures (storage/throttle_repo.h), so that
-- several servers over one database enforce one limit; rows older than their
-- throttle's window are deleted as the servers exchange them.
CREATE TABLE throttle_failures (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX throttle_failures_at ON throttle_failures(at);
CREATE INDEX throttle_failures_key ON throttle_failures(kind, key);
