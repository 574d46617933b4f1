-- Issue 16 §2. Whether a report's deputy is on its campaign's reporting
-- list (campaign_deputies), kept on the report by the campaign repository
-- (AddDeputy, RemoveDeputy) and by the report's insertion. A deputy taken
-- off the list keeps the report (it comes back with the deputy), but the
-- report no longer waits for anyone's review. With the flag, the
-- organizer's "reports waiting for review" reads one index (reports_listed)
-- instead of matching every submitted report against the list: 11,111 of
-- them on the 100,000-deputy bench took 16-19 ms in PostgreSQL.
ALTER TABLE reports ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;
UPDATE reports SET listed = 0 WHERE NOT EXISTS (
  SELECT 1 FROM campaign_deputies cd WHERE cd.campaign_id = reports.campaign_id AND cd.deputy_id = reports.deputy_id);
CREATE INDEX reports_listed ON reports(campaign_id, state) WHERE listed = 1;
