-- The portal's own records. Sessions live in the table tower-sessions creates itself.

-- When the portal last changed an admin user: sessions of that user refresh their positions (or end)
-- at their next request, on every instance that shares this store.
CREATE TABLE admin_user_changes (
    tenant_id     INTEGER NOT NULL,
    admin_user_id INTEGER NOT NULL,
    changed_at    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, admin_user_id)
);

-- What the portal did, and who did it: no token and no document content ever goes in here.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    tenant_id   INTEGER,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT,
    result      TEXT NOT NULL,
    trace_id    TEXT,
    detail      TEXT
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
