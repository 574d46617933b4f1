-- 0006: reporting meetings, their attendees, credential carriers, polls and
-- the secret ballot (DESIGN.md §4–5).
--
-- Secrecy by construction:
-- * attendees record only whether they checked in, never which carrier (or
--   which kind) they drew; the count of carriers handed out is kept apart,
--   per meeting, round and channel (carrier_issues);
-- * credentials hold a keyed hash of the secret and a state, keyed by that
--   hash, so their order says nothing about printing;
-- * a spend is stored under a keyed hash of (poll, secret), so one carrier's
--   spends in different polls cannot be linked; `check_hash` (a hash keyed by
--   the secret itself, to recognise an identical re-sent ballot) is erased
--   when the poll closes;
-- * a ballot row holds the poll and the choices only. Ballots and receipts
--   are appended while the poll is open (cheap) and rewritten in a random
--   order when it closes, so no insertion order survives the close; the
--   connection uses secure_delete so that the old rows' bytes are zeroed.
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  secret BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  group_id INTEGER REFERENCES deputy_groups(id),
  title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  venue TEXT NOT NULL DEFAULT '',
  poll_mode TEXT NOT NULL,
  state TEXT NOT NULL,
  projector_token TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL,
  live TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  carrier_round INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX meetings_campaign ON meetings(campaign_id);

CREATE TABLE meeting_attendees (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  affiliation TEXT NOT NULL DEFAULT '',
  committee_member_id INTEGER,
  voter_rep_id INTEGER,
  checked_in INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);

CREATE TABLE carrier_issues (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  round INTEGER NOT NULL,
  channel TEXT NOT NULL,
  issued INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, round, channel)
);

CREATE TABLE credentials (
  secret_hash BLOB PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  round INTEGER NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX credentials_meeting ON credentials(meeting_id);

CREATE TABLE polls (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  round INTEGER NOT NULL,
  deputy_ids TEXT NOT NULL,
  state TEXT NOT NULL,
  voted INTEGER NOT NULL DEFAULT 0,
  paper_counted INTEGER,
  paper_valid INTEGER NOT NULL DEFAULT 0,
  invalid_sheets INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  signature BLOB,
  released TEXT NOT NULL DEFAULT '',
  opened_at INTEGER,
  closed_at INTEGER
);
CREATE INDEX polls_meeting ON polls(meeting_id);

CREATE TABLE spends (
  poll_id INTEGER NOT NULL,
  spend_key BLOB NOT NULL,
  check_hash BLOB,
  PRIMARY KEY (poll_id, spend_key)
) WITHOUT ROWID;

CREATE TABLE ballots (
  poll_id INTEGER NOT NULL,
  choices TEXT NOT NULL
);
CREATE INDEX ballots_poll ON ballots(poll_id);

CREATE TABLE receipts (
  poll_id INTEGER NOT NULL,
  receipt TEXT NOT NULL
);
CREATE INDEX receipts_poll ON receipts(poll_id);

CREATE TABLE paper_entries (
  id INTEGER PRIMARY KEY,
  poll_id INTEGER NOT NULL,
  spend_key BLOB NOT NULL,
  code_hint TEXT NOT NULL,
  teller TEXT NOT NULL,
  choices TEXT NOT NULL,
  UNIQUE (poll_id, spend_key, teller)
);
