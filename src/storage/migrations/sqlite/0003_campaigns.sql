-- 0003: evaluation campaigns. A campaign's plan (content items, scale, phases,
-- texts) is one JSON document (`spec`), read and written whole; the columns
-- beside it are what queries filter on.
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id),
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  template_code TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'draft',
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX campaigns_congress ON campaigns(congress_id, year);

-- The deputy groups a campaign covers.
CREATE TABLE campaign_groups (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  group_id INTEGER NOT NULL REFERENCES deputy_groups(id),
  PRIMARY KEY (campaign_id, group_id)
);

-- Who reports in the campaign: from the rotation plan or chosen by hand,
-- confirmed by the group leader.
CREATE TABLE campaign_deputies (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  group_id INTEGER REFERENCES deputy_groups(id),
  source TEXT NOT NULL,
  confirmed_by TEXT,
  confirmed_at INTEGER,
  PRIMARY KEY (campaign_id, deputy_id)
);
