-- The version of what calendar feeds show, bumped by triggers in the
-- transaction of every change a feed shows, so that every instance on this
-- database answers a feed's conditional request, and keeps its rendered
-- bytes, by these numbers alone:
--   'club'          meetings, the names of their groups, their rooms;
--   'person:<id>'   the person's answers and the groups they follow;
--   'org:<id>'      the answers of the body's people.
-- A feed's version is the versions of the scopes it reads (a personal
-- feed: 'club' and its person's).
CREATE TABLE feed_versions (
    scope TEXT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO feed_versions (scope, version, changed_at)
VALUES ('club', 1, clock_timestamp() AT TIME ZONE 'UTC');

CREATE FUNCTION bump_feed_version(bumped TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO feed_versions (scope, version, changed_at)
    VALUES (bumped, 1, clock_timestamp() AT TIME ZONE 'UTC')
    ON CONFLICT (scope) DO UPDATE
    SET version = feed_versions.version + 1,
        -- never backwards: Last-Modified follows it
        changed_at = GREATEST(EXCLUDED.changed_at,
                              feed_versions.changed_at + INTERVAL '1 microsecond');
$$;

-- A person's feed and their body's.
CREATE FUNCTION bump_person_feeds(person TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_feed_version('person:' || person);
    PERFORM bump_feed_version('org:' || organization_id)
    FROM people WHERE id = person AND organization_id IS NOT NULL;
END $$;

CREATE FUNCTION feed_club_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bump_feed_version('club');
    RETURN NULL;
END $$;

-- what a feed shows of a meeting (not its answers' counters)
CREATE TRIGGER meetings_feed AFTER INSERT OR DELETE OR UPDATE OF
    kind, format, status, title, agenda, starts_at, ends_at, time_zone,
    venue_name, venue_address, venue_city, venue_directions,
    venue_latitude, venue_longitude, host_organization_id, working_group_id,
    sequence, created_at, updated_at
    ON meetings FOR EACH STATEMENT EXECUTE FUNCTION feed_club_changed();
CREATE TRIGGER meeting_rooms_feed AFTER INSERT OR DELETE OR UPDATE
    ON meeting_rooms FOR EACH STATEMENT EXECUTE FUNCTION feed_club_changed();
CREATE TRIGGER working_groups_feed AFTER DELETE OR UPDATE OF name
    ON working_groups FOR EACH STATEMENT EXECUTE FUNCTION feed_club_changed();

CREATE FUNCTION feed_answer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM bump_person_feeds(OLD.person_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM bump_person_feeds(NEW.person_id); END IF;
    RETURN NULL;
END $$;

-- feeds hold the meetings answered yes or maybe: the answer, not the seat
CREATE TRIGGER rsvps_feed AFTER INSERT OR DELETE
    ON rsvps FOR EACH ROW EXECUTE FUNCTION feed_answer_changed();
CREATE TRIGGER rsvps_feed_update AFTER UPDATE OF answer, person_id ON rsvps FOR EACH ROW
    WHEN (OLD.answer IS DISTINCT FROM NEW.answer OR OLD.person_id IS DISTINCT FROM NEW.person_id)
    EXECUTE FUNCTION feed_answer_changed();
CREATE TRIGGER working_group_followers_feed AFTER INSERT OR DELETE OR UPDATE
    ON working_group_followers FOR EACH ROW EXECUTE FUNCTION feed_answer_changed();

CREATE FUNCTION feed_member_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.organization_id IS NOT NULL THEN
        PERFORM bump_feed_version('org:' || OLD.organization_id);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.organization_id IS NOT NULL THEN
        PERFORM bump_feed_version('org:' || NEW.organization_id);
    END IF;
    RETURN NULL;
END $$;

-- a body's feed holds its people's answers: one who moves or leaves
CREATE TRIGGER people_feed_update AFTER UPDATE OF organization_id ON people FOR EACH ROW
    WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id)
    EXECUTE FUNCTION feed_member_moved();
CREATE TRIGGER people_feed_delete AFTER DELETE
    ON people FOR EACH ROW EXECUTE FUNCTION feed_member_moved();
