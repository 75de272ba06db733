CREATE INDEX meetings_starts_at ON meetings (starts_at);
CREATE INDEX meetings_working_group ON meetings (working_group_id, starts_at);
CREATE INDEX meetings_host_organization ON meetings (host_organization_id, starts_at);
DROP INDEX meetings_kind_starts_at;
DROP INDEX meetings_host_organization_starts_at;
DROP INDEX meetings_working_group_starts_at;
DROP INDEX meetings_starts_at_id;
