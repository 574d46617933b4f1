-- Issue 13. Rectification measures (core/measure.h): a deputy's measure
-- against one evaluation (a poll they were in) and the opinions it answers,
-- its progress notes, and the evidence files attached to them. A file's
-- bytes are stored once per SHA-256 (evidence_blobs); evidence_files names
-- them. Nothing here refers to any ballot.
CREATE TABLE measures (
  id INTEGER PRIMARY KEY,
  poll_id INTEGER NOT NULL REFERENCES polls(id),
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  text TEXT NOT NULL,
  due_on TEXT NOT NULL,
  state TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  done_at INTEGER,
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at INTEGER,
  review_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measures_campaign ON measures(campaign_id);
CREATE INDEX measures_deputy ON measures(deputy_id);

CREATE TABLE measure_opinions (
  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
  opinion_id INTEGER NOT NULL REFERENCES opinions(id),
  PRIMARY KEY (measure_id, opinion_id)
);
CREATE INDEX measure_opinions_opinion ON measure_opinions(opinion_id);

CREATE TABLE measure_notes (
  id INTEGER PRIMARY KEY,
  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  written_by TEXT NOT NULL,
  written_at INTEGER NOT NULL
);
CREATE INDEX measure_notes_measure ON measure_notes(measure_id);

CREATE TABLE evidence_blobs (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
);

CREATE TABLE evidence_files (
  id INTEGER PRIMARY KEY,
  note_id INTEGER NOT NULL REFERENCES measure_notes(id) ON DELETE CASCADE,
  measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
  uploaded_by TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX evidence_files_measure ON evidence_files(measure_id);
