DROP TRIGGER rsvps_seats_update ON rsvps;
DROP TRIGGER rsvps_seats_delete ON rsvps;
DROP TRIGGER rsvps_seats_insert ON rsvps;
DROP FUNCTION seats_changed();
DROP INDEX rsvps_seats;
DROP INDEX rsvps_line;
DROP TABLE meeting_seats;
