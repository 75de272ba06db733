DROP TRIGGER rsvps_seats_update;
DROP TRIGGER rsvps_seats_delete;
DROP TRIGGER rsvps_seats_insert;
DROP INDEX rsvps_seats;
DROP INDEX rsvps_line;
DROP TABLE meeting_seats;
