-- The reminders a person wants, as minutes before the start among the
-- club's (`reminder_minutes` setting), separated by commas: NULL for all
-- of the club's, '' for none.
ALTER TABLE people ADD COLUMN reminder_minutes TEXT;
