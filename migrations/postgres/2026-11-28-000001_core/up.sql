-- The core of the domain model: member bodies, people, their roles,
-- working groups and meetings. Ids are UUIDs in TEXT, instants are UTC
-- TIMESTAMP, enumerations are TEXT with a CHECK (types both backends share).

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('commune', 'intercommunalite', 'metropole', 'departement', 'region', 'syndicat', 'company', 'other')),
    club_status TEXT NOT NULL CHECK (club_status IN ('member', 'observer', 'partner')),
    territory TEXT,
    website TEXT,
    project_highlight TEXT NOT NULL DEFAULT '',
    wished_developments TEXT NOT NULL DEFAULT '',
    competences TEXT NOT NULL DEFAULT '',
    roadmap TEXT NOT NULL DEFAULT '',
    ordered_developments TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    -- the address in lower case: one person per address, whatever its case
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX people_organization ON people (organization_id);

CREATE TABLE organization_managers (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, organization_id)
);

CREATE TABLE working_groups (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE working_group_coordinators (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    working_group_id TEXT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, working_group_id)
);

CREATE TABLE working_group_followers (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    working_group_id TEXT NOT NULL REFERENCES working_groups (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, working_group_id)
);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('december_session', 'spring_plenary', 'working_group_session')),
    format TEXT NOT NULL CHECK (format IN ('in_person', 'remote', 'hybrid')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'cancelled')),
    title TEXT NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    venue_name TEXT,
    venue_address TEXT,
    venue_city TEXT,
    venue_directions TEXT,
    venue_latitude DOUBLE PRECISION,
    venue_longitude DOUBLE PRECISION,
    host_organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    working_group_id TEXT REFERENCES working_groups (id) ON DELETE SET NULL,
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    rsvp_deadline TIMESTAMP,
    -- bumped with updated_at on every change a calendar must see
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_starts_at ON meetings (starts_at);
CREATE INDEX meetings_working_group ON meetings (working_group_id, starts_at);
CREATE INDEX meetings_host_organization ON meetings (host_organization_id, starts_at);
