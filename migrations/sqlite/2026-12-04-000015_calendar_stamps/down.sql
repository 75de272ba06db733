DROP TABLE calendar_stamps;
