-- Issue 11 item 10. A deputy's role names the person, who may hold
-- mandates in several congresses and report in a campaign of any of them; the
-- congress such a grant carried said nothing and is dropped. A grant that
-- names no person (it allowed nothing) keeps its congress so that the
-- organizer still sees the account and can fix it.
UPDATE role_grants SET congress_id = NULL WHERE role = 'deputy' AND deputy_id IS NOT NULL;
