DROP TRIGGER working_groups_notice ON working_groups;
DROP TRIGGER organizations_notice ON organizations;
DROP TRIGGER people_notice ON people;
DROP TRIGGER feed_tokens_notice ON feed_tokens;
DROP FUNCTION feed_lookup_changed();

CREATE OR REPLACE FUNCTION bump_feed_version(bumped TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO feed_versions (scope, version, changed_at)
    VALUES (bumped, 1, clock_timestamp() AT TIME ZONE 'UTC')
    ON CONFLICT (scope) DO UPDATE
    SET version = feed_versions.version + 1,
        changed_at = GREATEST(EXCLUDED.changed_at,
                              feed_versions.changed_at + INTERVAL '1 microsecond');
$$;

DROP FUNCTION notify_change();
