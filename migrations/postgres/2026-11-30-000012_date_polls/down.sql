DROP TABLE date_poll_answers;
DROP TABLE date_poll_slots;
DROP TABLE date_polls;
