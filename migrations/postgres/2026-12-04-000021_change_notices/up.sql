-- Change notices: every instance listens on the channel `quorum_changes`
-- (src/db/watch.rs) and keeps what it read for a feed while no notice
-- came. PostgreSQL delivers a notice when its transaction commits (one per
-- transaction, however many statements notify), never for a rollback.
--
-- What notifies: every bump of a feed's version, and the changes to what a
-- feed is found by (a person's token and language, a body's or a group's
-- address and name).
CREATE FUNCTION notify_change() RETURNS void LANGUAGE sql AS $$
    SELECT pg_notify('quorum_changes', '');
$$;

CREATE OR REPLACE FUNCTION bump_feed_version(bumped TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feed_versions (scope, version, changed_at)
    VALUES (bumped, 1, clock_timestamp() AT TIME ZONE 'UTC')
    ON CONFLICT (scope) DO UPDATE
    SET version = feed_versions.version + 1,
        -- never backwards: Last-Modified follows it
        changed_at = GREATEST(EXCLUDED.changed_at,
                              feed_versions.changed_at + INTERVAL '1 microsecond');
    PERFORM notify_change();
END $$;

CREATE FUNCTION feed_lookup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_change();
    RETURN NULL;
END $$;

CREATE TRIGGER feed_tokens_notice AFTER INSERT OR DELETE OR UPDATE
    ON feed_tokens FOR EACH STATEMENT EXECUTE FUNCTION feed_lookup_changed();
CREATE TRIGGER people_notice AFTER DELETE OR UPDATE OF language
    ON people FOR EACH STATEMENT EXECUTE FUNCTION feed_lookup_changed();
CREATE TRIGGER organizations_notice AFTER DELETE OR UPDATE OF slug, name
    ON organizations FOR EACH STATEMENT EXECUTE FUNCTION feed_lookup_changed();
CREATE TRIGGER working_groups_notice AFTER DELETE OR UPDATE OF slug, name
    ON working_groups FOR EACH STATEMENT EXECUTE FUNCTION feed_lookup_changed();
