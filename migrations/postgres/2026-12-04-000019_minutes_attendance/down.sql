DROP TABLE meeting_attendance;
DROP TABLE meeting_minutes;
