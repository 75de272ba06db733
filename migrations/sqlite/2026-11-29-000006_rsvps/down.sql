DROP TABLE rsvps;
ALTER TABLE meetings DROP COLUMN waitlist_counter;
ALTER TABLE meetings DROP COLUMN rsvp_version;
ALTER TABLE meetings DROP COLUMN approval_required;
ALTER TABLE meetings DROP COLUMN organization_quota;
ALTER TABLE meetings DROP COLUMN remote_capacity;
