-- Recurring working-group sessions: a rule, and one meeting per occurrence.

CREATE TABLE meeting_series (
    id TEXT PRIMARY KEY NOT NULL,
    working_group_id TEXT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    -- 'monthly': the `ordinal` `weekday` of each month (ordinal -1: the last);
    -- 'weekly': every `interval_weeks` weeks on `weekday`
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'weekly')),
    weekday INTEGER NOT NULL CHECK (weekday >= 0 AND weekday <= 6),
    ordinal INTEGER NOT NULL DEFAULT 1 CHECK (ordinal IN (-1, 1, 2, 3, 4)),
    interval_weeks INTEGER NOT NULL DEFAULT 1 CHECK (interval_weeks >= 1 AND interval_weeks <= 8),
    -- wall-clock times in the zone, e.g. '10:00'
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    starts_on DATE NOT NULL,
    until DATE NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('in_person', 'remote', 'hybrid')),
    agenda TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (until >= starts_on)
);

ALTER TABLE meetings ADD COLUMN series_id TEXT REFERENCES meeting_series (id) ON DELETE SET NULL;
-- the local date the rule planned this occurrence on
ALTER TABLE meetings ADD COLUMN series_date DATE;
-- moved or cancelled by hand: re-planning the series leaves it alone
ALTER TABLE meetings ADD COLUMN series_detached BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX meetings_series_date ON meetings (series_id, series_date);
