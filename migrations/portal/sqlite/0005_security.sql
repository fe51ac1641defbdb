-- Failed sign-ins, for the rate limit per client address and per identity (successful ones are not
-- recorded). Kept in the store so that every instance behind a load balancer counts the same failures.
CREATE TABLE sign_in_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms     INTEGER NOT NULL,
    address   TEXT NOT NULL,
    identity  TEXT NOT NULL
);
CREATE INDEX sign_in_failures_identity ON sign_in_failures (identity, at_ms);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at_ms);

-- Content-Security-Policy violations browsers report: a violation means a page broke or an injection was
-- stopped, so an operator (and the tests) must see them. Capped by the hourly purge.
CREATE TABLE csp_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    document_uri TEXT NOT NULL,
    directive    TEXT NOT NULL,
    blocked_uri  TEXT NOT NULL
);

CREATE INDEX audit_log_tenant_action ON audit_log (tenant_id, action, at);
