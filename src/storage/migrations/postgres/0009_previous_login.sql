-- Issue 18. The login before the last one: a user's home page says when
-- they last logged in, which is not the login that opened this session.
ALTER TABLE users ADD COLUMN previous_login_at BIGINT;
