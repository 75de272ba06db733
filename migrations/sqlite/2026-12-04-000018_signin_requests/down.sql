DROP TABLE signin_requests;
