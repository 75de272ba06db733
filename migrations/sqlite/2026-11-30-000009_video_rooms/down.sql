DROP TABLE meeting_joins;
DROP TABLE meeting_rooms;
