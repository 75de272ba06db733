ALTER TABLE people DROP COLUMN reminder_minutes;
