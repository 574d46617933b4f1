-- Issue 13. Campaign archives (core/archive.h): one numbered ZIP per
-- campaign and deputy group (group_id NULL: the whole campaign), built in the
-- background; the row carries the build's progress so that every server of
-- a PostgreSQL installation shows it, and a finished ZIP's bytes are kept in
-- archive_bytes, never changed.
CREATE TABLE archives (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  group_id INTEGER REFERENCES deputy_groups(id),
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER,
  files_done INTEGER NOT NULL DEFAULT 0,
  files_total INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX archives_number ON archives(campaign_id, COALESCE(group_id, 0), number);

CREATE TABLE archive_bytes (
  archive_id INTEGER PRIMARY KEY REFERENCES archives(id),
  bytes BLOB NOT NULL
);
