-- 0004: duty reports. The working text and every submitted version are kept
-- as JSON documents ({"sections":[{"key","title","text"}]}); reviews record
-- who returned or accepted a report and why.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  state TEXT NOT NULL DEFAULT 'draft',
  period_start TEXT NOT NULL DEFAULT '',
  period_end TEXT NOT NULL DEFAULT '',
  draft TEXT NOT NULL,
  words INTEGER NOT NULL DEFAULT 0,
  chars INTEGER NOT NULL DEFAULT 0,
  submitted_at INTEGER,
  late INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, deputy_id)
);

CREATE TABLE report_versions (
  report_id INTEGER NOT NULL REFERENCES reports(id),
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  words INTEGER NOT NULL,
  chars INTEGER NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at INTEGER NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (report_id, version)
);

CREATE TABLE report_reviews (
  report_id INTEGER NOT NULL REFERENCES reports(id),
  seq INTEGER NOT NULL,
  action TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (report_id, seq)
);
