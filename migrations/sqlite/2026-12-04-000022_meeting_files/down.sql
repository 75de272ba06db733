DROP TABLE meeting_files;
