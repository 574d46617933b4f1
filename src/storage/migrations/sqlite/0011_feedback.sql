-- Issue 13. The feedback talk after a private result (core/feedback.h): one
-- record per poll and deputy, written by the deputy's group leader (or an
-- organizer) and confirmed by the deputy. It holds nothing of any ballot.
CREATE TABLE feedback (
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  deputy_id INTEGER NOT NULL REFERENCES deputies(id),
  given_at INTEGER NOT NULL,
  method TEXT NOT NULL,
  given_by TEXT NOT NULL,
  notes TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  PRIMARY KEY (poll_id, deputy_id)
);
CREATE INDEX feedback_deputy ON feedback(deputy_id);
