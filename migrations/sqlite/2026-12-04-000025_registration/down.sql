ALTER TABLE rsvps DROP COLUMN accessibility_needs;
ALTER TABLE rsvps DROP COLUMN dietary_needs;
ALTER TABLE rsvps DROP COLUMN lunch;
ALTER TABLE meetings DROP COLUMN asks_lunch;
