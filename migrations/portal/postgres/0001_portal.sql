-- PostgreSQL: the same tables as ../sqlite, version for version (store::tests checks both), with BIGINT for
-- SQLite's INTEGER and identity columns for AUTOINCREMENT. Times are ISO 8601 text in both.
-- The portal's own records. Sessions live in the table tower-sessions creates itself.

-- When the portal last changed an admin user: sessions of that user refresh their positions (or end)
-- at their next request, on every instance that shares this store.
CREATE TABLE admin_user_changes (
    tenant_id     BIGINT NOT NULL,
    admin_user_id BIGINT NOT NULL,
    changed_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, admin_user_id)
);

-- What the portal did, and who did it: no token and no document content ever goes in here.
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TEXT NOT NULL,
    tenant_id   BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT,
    result      TEXT NOT NULL,
    trace_id    TEXT,
    detail      TEXT
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
