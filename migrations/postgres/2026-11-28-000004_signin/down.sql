DROP TABLE api_tokens;
DROP TABLE signin_tokens;
ALTER TABLE people DROP COLUMN notify_group_sessions;
ALTER TABLE people DROP COLUMN notify_meetings;
