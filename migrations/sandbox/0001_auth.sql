-- The Eclipse sandbox: tenants, admin users and the signing key of its tokens.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE tenants (
    tenant_id     INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    description   TEXT,
    status        TEXT NOT NULL DEFAULT 'ACTIVE',
    created       TEXT NOT NULL,
    last_modified TEXT NOT NULL
);

CREATE TABLE admin_users (
    admin_user_id INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (tenant_id),
    first_name    TEXT,
    last_name     TEXT,
    email         TEXT,
    phone1        TEXT,
    identity      TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    public_key    TEXT,
    status        TEXT NOT NULL,
    positions     TEXT NOT NULL,
    created       TEXT NOT NULL,
    last_modified TEXT NOT NULL
);
CREATE INDEX admin_users_tenant ON admin_users (tenant_id);

-- Tokens invalidated by logout before their expiry.
CREATE TABLE revoked_tokens (
    jti            TEXT PRIMARY KEY,
    expires_epoch  INTEGER NOT NULL
);
