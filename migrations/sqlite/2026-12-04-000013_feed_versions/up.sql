-- The version of what calendar feeds show, bumped by triggers in the
-- transaction of every change a feed shows, so that a feed's conditional
-- request is answered, and its rendered bytes kept, by these numbers alone:
--   'club'          meetings, the names of their groups, their rooms;
--   'person:<id>'   the person's answers and the groups they follow;
--   'org:<id>'      the answers of the body's people.
-- A feed's version is the versions of the scopes it reads (a personal
-- feed: 'club' and its person's); `changed_at` never goes backwards. The
-- same as PostgreSQL's, written out trigger by trigger (SQLite has no
-- functions).
CREATE TABLE feed_versions (
    scope TEXT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'));

-- what a feed shows of a meeting (not its answers' counters)
CREATE TRIGGER meetings_feed_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER meetings_feed_delete AFTER DELETE ON meetings BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER meetings_feed_update AFTER UPDATE OF
    kind, format, status, title, agenda, starts_at, ends_at, time_zone, venue_name, venue_address, venue_city, venue_directions, venue_latitude, venue_longitude, host_organization_id, working_group_id, sequence, created_at, updated_at
    ON meetings BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER meeting_rooms_feed_insert AFTER INSERT ON meeting_rooms BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER meeting_rooms_feed_update AFTER UPDATE ON meeting_rooms BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER meeting_rooms_feed_delete AFTER DELETE ON meeting_rooms BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER working_groups_feed_update AFTER UPDATE OF name ON working_groups BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER working_groups_feed_delete AFTER DELETE ON working_groups BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('club', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;

-- feeds hold the meetings answered yes or maybe: the answer, not the seat
CREATE TRIGGER rsvps_feed_insert AFTER INSERT ON rsvps BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('person:' || NEW.person_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM people WHERE id = NEW.person_id AND organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER rsvps_feed_delete AFTER DELETE ON rsvps BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('person:' || OLD.person_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM people WHERE id = OLD.person_id AND organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER rsvps_feed_update AFTER UPDATE OF answer, person_id ON rsvps
    WHEN OLD.answer IS NOT NEW.answer OR OLD.person_id IS NOT NEW.person_id BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('person:' || OLD.person_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM people WHERE id = OLD.person_id AND organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('person:' || NEW.person_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM people WHERE id = NEW.person_id AND organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER working_group_followers_feed_insert AFTER INSERT ON working_group_followers BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('person:' || NEW.person_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM people WHERE id = NEW.person_id AND organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER working_group_followers_feed_delete AFTER DELETE ON working_group_followers BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) VALUES ('person:' || OLD.person_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM people WHERE id = OLD.person_id AND organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;

-- a body's feed holds its people's answers: one who moves or leaves
CREATE TRIGGER people_feed_update AFTER UPDATE OF organization_id ON people
    WHEN OLD.organization_id IS NOT NEW.organization_id BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || OLD.organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE OLD.organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || NEW.organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE NEW.organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
CREATE TRIGGER people_feed_delete AFTER DELETE ON people BEGIN
    INSERT INTO feed_versions (scope, version, changed_at) SELECT 'org:' || OLD.organization_id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE OLD.organization_id IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = version + 1, changed_at = max(excluded.changed_at, changed_at);
END;
