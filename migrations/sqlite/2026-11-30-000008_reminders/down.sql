ALTER TABLE people DROP COLUMN reminders;
