-- Pooled investments: developments of the shared platform the members
-- wish for, and the bodies willing to co-fund them (one pledge per body
-- and development; stating again updates it).
CREATE TABLE developments (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    -- Markdown, rendered through infra::markdown
    description TEXT NOT NULL,
    -- the meeting where it was raised
    meeting_id TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    -- the body that proposed it
    organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    created_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE development_pledges (
    development_id TEXT NOT NULL REFERENCES developments (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- whole euros; either may be absent
    amount_min BIGINT CHECK (amount_min >= 0),
    amount_max BIGINT CHECK (amount_max >= 0),
    note TEXT NOT NULL,
    pledged_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (development_id, organization_id),
    CHECK (amount_min IS NULL OR amount_max IS NULL OR amount_min <= amount_max)
);
CREATE INDEX development_pledges_organization ON development_pledges (organization_id);
