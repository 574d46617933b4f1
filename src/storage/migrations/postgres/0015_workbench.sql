-- Issue 16 §2. The home page's workbench (storage/workbench_repo.h) counts
-- what waits for each user in the database; these let each count read only
-- the rows it counts, with a 100,000-deputy roster (bench/workbench).
--
-- poll_deputies indexes polls by deputy: which polls are about whom, as
-- polls.deputy_ids already says (a list the database cannot look into). It
-- is written with the poll and never changes, since a poll's deputies do
-- not. It says nothing of any ballot.
CREATE TABLE poll_deputies (
  deputy_id BIGINT NOT NULL,
  poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  PRIMARY KEY (deputy_id, poll_id)
);
CREATE INDEX poll_deputies_poll ON poll_deputies(poll_id);
-- The polls already held: "11,12,13" split into rows.
INSERT INTO poll_deputies (deputy_id, poll_id)
SELECT DISTINCT CAST(x AS BIGINT), p.id FROM polls p, unnest(string_to_array(p.deputy_ids, ',')) AS x WHERE x <> '';
CREATE INDEX campaign_deputies_deputy ON campaign_deputies(deputy_id);
CREATE INDEX campaign_deputies_group ON campaign_deputies(group_id, campaign_id);
CREATE INDEX campaign_groups_group ON campaign_groups(group_id);
CREATE INDEX reports_state ON reports(campaign_id, state, deputy_id);
CREATE INDEX opinions_status ON opinions(status, deputy_id);
CREATE INDEX polls_state ON polls(state, meeting_id);
CREATE INDEX meetings_starts ON meetings(starts_at);
