-- Every bounded list of meetings reads an index range, in its own order:
-- (starts_at, id) is the order of lists and of their pages' cursors, so a
-- page stops after its rows instead of sorting every coming meeting; a
-- group's, a body's and a kind's lists read their own range (the December
-- sessions are a few among thousands of group sessions). The new indexes
-- begin with the columns of the three they replace.
CREATE INDEX meetings_starts_at_id ON meetings (starts_at, id);
CREATE INDEX meetings_working_group_starts_at ON meetings (working_group_id, starts_at, id);
CREATE INDEX meetings_host_organization_starts_at ON meetings (host_organization_id, starts_at, id);
CREATE INDEX meetings_kind_starts_at ON meetings (kind, starts_at, id);
DROP INDEX meetings_starts_at;
DROP INDEX meetings_working_group;
DROP INDEX meetings_host_organization;
