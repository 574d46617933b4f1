-- 0002: the registry — congresses, terms, constituencies, deputy groups,
-- deputies (persons) and their mandates, evaluator pools, rotation entries.
-- Dates are 'YYYY-MM-DD' text; years are integers.
CREATE TABLE congresses (
  id INTEGER PRIMARY KEY,
  level TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES congresses(id)
);

CREATE TABLE terms (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id),
  number INTEGER NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  UNIQUE (congress_id, number)
);

CREATE TABLE constituencies (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  villages TEXT NOT NULL DEFAULT '',
  UNIQUE (congress_id, name)
);

CREATE TABLE deputy_groups (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id),
  name TEXT NOT NULL,
  leader_name TEXT NOT NULL DEFAULT '',
  constituency_id INTEGER REFERENCES constituencies(id),
  rotation_start_year INTEGER NOT NULL,
  rotation_years INTEGER NOT NULL DEFAULT 3,
  rotation_seed INTEGER NOT NULL,
  panel_min INTEGER NOT NULL DEFAULT 25,
  panel_max INTEGER NOT NULL DEFAULT 35,
  panel_targets TEXT NOT NULL DEFAULT '{}',
  UNIQUE (congress_id, name)
);

CREATE TABLE deputies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  gender TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  ethnicity TEXT NOT NULL DEFAULT '',
  occupation TEXT NOT NULL,
  employer TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deputies_person ON deputies(name, birth_date);

CREATE TABLE mandates (
  id INTEGER PRIMARY KEY,
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  term_id INTEGER NOT NULL REFERENCES terms(id),
  constituency_id INTEGER REFERENCES constituencies(id),
  group_id INTEGER REFERENCES deputy_groups(id),
  status TEXT NOT NULL DEFAULT 'active',
  status_date TEXT,
  by_election INTEGER NOT NULL DEFAULT 0,
  elected_date TEXT,
  UNIQUE (deputy_id, term_id)
);
CREATE INDEX mandates_term ON mandates(term_id);
CREATE INDEX mandates_group ON mandates(group_id);

CREATE TABLE committee_members (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id),
  name TEXT NOT NULL,
  gender TEXT NOT NULL,
  birth_year INTEGER,
  occupation TEXT NOT NULL,
  position TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX committee_members_congress ON committee_members(congress_id);

CREATE TABLE voter_reps (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES deputy_groups(id),
  name TEXT NOT NULL,
  gender TEXT NOT NULL,
  birth_year INTEGER,
  occupation TEXT NOT NULL,
  village TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX voter_reps_group ON voter_reps(group_id);

CREATE TABLE rotation_entries (
  group_id INTEGER NOT NULL REFERENCES deputy_groups(id),
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  pinned_year INTEGER,
  reported_year INTEGER,
  PRIMARY KEY (group_id, deputy_id)
);
