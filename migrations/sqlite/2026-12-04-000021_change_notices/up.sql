-- Change notices are PostgreSQL's (see its migration of the same name). On
-- SQLite an instance learns of every commit from `PRAGMA data_version`
-- (src/db/watch.rs): nothing to create.
SELECT 1;
