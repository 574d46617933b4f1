-- 0005: constituents' opinions on a deputy (visits, forums, meeting
-- questions, online through the deputy's public link), the deputy's answers,
-- and the per-deputy public form tokens (代表码). Online opinions wait for
-- staff moderation before the deputy sees them.
CREATE TABLE opinions (
  id INTEGER PRIMARY KEY,
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  campaign_id INTEGER REFERENCES campaigns(id),
  source TEXT NOT NULL,
  received_on TEXT NOT NULL,
  content TEXT NOT NULL,
  constituent TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  collector_voter_rep_id INTEGER REFERENCES voter_reps(id),
  recorded_by TEXT NOT NULL,
  status TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  answered_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX opinions_deputy ON opinions(deputy_id);

CREATE TABLE opinion_links (
  deputy_id INTEGER PRIMARY KEY REFERENCES deputies(id),
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
