-- A person may turn off meeting reminders (on by default).
ALTER TABLE people ADD COLUMN reminders BOOLEAN NOT NULL DEFAULT TRUE;
