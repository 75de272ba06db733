DROP TABLE development_pledges;
DROP TABLE developments;
