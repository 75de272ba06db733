DROP TABLE meetings;
DROP TABLE working_group_followers;
DROP TABLE working_group_coordinators;
DROP TABLE working_groups;
DROP TABLE organization_managers;
DROP TABLE people;
DROP TABLE organizations;
