DROP TABLE host_proposal_dates;
DROP TABLE host_proposals;
DROP TABLE hosting_calls;
