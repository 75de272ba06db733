-- Action items raised at a meeting ("pour action Entr'ouvert"): an owner
-- (a person, a member body, or the club's members as a whole), an optional
-- due date, a state. `reminded_at` is set in the transaction that queues
-- the owner's reminder, so a second pass never mails again.
CREATE TABLE action_items (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('person', 'organization', 'club')),
    owner_person_id TEXT REFERENCES people (id) ON DELETE SET NULL,
    owner_organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    due_on DATE,
    state TEXT NOT NULL CHECK (state IN ('open', 'done', 'dropped')),
    reminded_at TIMESTAMP,
    created_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX action_items_meeting ON action_items (meeting_id, created_at);
-- the open items, by due date: the reminders' pass and the list by owner
CREATE INDEX action_items_open ON action_items (state, due_on);

-- An item changes its meeting's page: other instances drop the public pages
-- they keep (see 000021_change_notices).
CREATE TRIGGER action_items_notice AFTER INSERT OR DELETE OR UPDATE
    ON action_items FOR EACH STATEMENT EXECUTE FUNCTION feed_lookup_changed();
