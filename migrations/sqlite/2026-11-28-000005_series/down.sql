DROP INDEX meetings_series_date;
ALTER TABLE meetings DROP COLUMN series_detached;
ALTER TABLE meetings DROP COLUMN series_date;
ALTER TABLE meetings DROP COLUMN series_id;
DROP TABLE meeting_series;
