-- Issue 15 §4. Roster import jobs (storage/import_job_repo.h), so that the
-- servers of one database share them: any server shows, re-maps, applies or
-- downloads the skipped rows of a job another one received, and each user's
-- limit of jobs is one limit. A row older than an hour is deleted by the
-- next import request (an upload, or at most once a minute any request about
-- a job).
CREATE TABLE import_jobs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target_id INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  upload BLOB NOT NULL,
  mapping TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  phase TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  column_count INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX import_jobs_user ON import_jobs(user_id, seq);
CREATE INDEX import_jobs_created ON import_jobs(created_at);
