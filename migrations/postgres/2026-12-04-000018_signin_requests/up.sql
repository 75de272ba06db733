-- Sign-in requests wait here for the mail worker, which mails a link when
-- the address is a person's. Answering a request does the same work (this
-- insert) whatever the address, so the answer's time tells no one who is
-- registered; and a request answered just before a crash is still sent.
CREATE TABLE signin_requests (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX signin_requests_created_at ON signin_requests (created_at);
