-- Tenant configuration, wallet types, customers and their addresses, and wallets.

CREATE TABLE tenant_config (
    tenant_id     INTEGER NOT NULL REFERENCES tenants (tenant_id),
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,      -- sealed (encrypted) when `encrypted` = 1
    encrypted     INTEGER NOT NULL DEFAULT 0,
    description   TEXT,
    last_modified TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE TABLE wallet_types (
    wallet_type_id INTEGER PRIMARY KEY,
    tenant_id      INTEGER NOT NULL REFERENCES tenants (tenant_id),
    name           TEXT NOT NULL,
    mode           TEXT NOT NULL,
    configuration  TEXT NOT NULL,     -- JSON array of {"att","val"}
    version        INTEGER NOT NULL,
    created        TEXT NOT NULL
);
CREATE INDEX wallet_types_tenant ON wallet_types (tenant_id);

CREATE TABLE customers (
    customer_id               INTEGER PRIMARY KEY,
    tenant_id                 INTEGER NOT NULL REFERENCES tenants (tenant_id),
    title                     TEXT,
    gender                    TEXT,
    first_name                TEXT NOT NULL,
    last_name                 TEXT NOT NULL,
    -- Lower-cased copies: prefix searches are index range scans on these.
    first_name_lc             TEXT NOT NULL,
    last_name_lc              TEXT NOT NULL,
    email_lc                  TEXT,
    date_of_birth             TEXT,
    phone1                    TEXT,             -- international form, e.g. 27821234567
    email                     TEXT,
    national_identity_number  TEXT,
    passport_number           TEXT,
    country_of_residence      TEXT,
    status                    TEXT NOT NULL,
    status_reason             TEXT,
    external_unique_id        TEXT,
    profile_completion_status INTEGER NOT NULL DEFAULT 0,
    kyc_level                 TEXT NOT NULL DEFAULT 'NONE',
    version                   INTEGER NOT NULL DEFAULT 1,
    created                   TEXT NOT NULL,
    last_modified             TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_external_id ON customers (tenant_id, external_unique_id);
CREATE INDEX customers_last_name ON customers (tenant_id, last_name_lc);
CREATE INDEX customers_first_name ON customers (tenant_id, first_name_lc);
CREATE INDEX customers_email ON customers (tenant_id, email_lc);
CREATE INDEX customers_national_id ON customers (tenant_id, national_identity_number);
CREATE INDEX customers_passport ON customers (tenant_id, passport_number);
CREATE INDEX customers_phone ON customers (tenant_id, phone1);

CREATE TABLE addresses (
    address_id         INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants (tenant_id),
    customer_id        INTEGER NOT NULL REFERENCES customers (customer_id),
    line1              TEXT,
    line2              TEXT,
    city               TEXT,
    state              TEXT,
    postal_code        TEXT,
    country            TEXT,
    address_type       TEXT,
    external_unique_id TEXT,
    created            TEXT NOT NULL
);
CREATE INDEX addresses_customer ON addresses (customer_id);
CREATE UNIQUE INDEX addresses_external_id ON addresses (tenant_id, external_unique_id);

CREATE TABLE wallets (
    wallet_id           INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenants (tenant_id),
    customer_id         INTEGER NOT NULL REFERENCES customers (customer_id),
    wallet_type_id      INTEGER NOT NULL REFERENCES wallet_types (wallet_type_id),
    name                TEXT,
    description         TEXT,
    currency            TEXT NOT NULL,
    status              TEXT NOT NULL,
    status_reason       TEXT,
    current_balance     INTEGER NOT NULL DEFAULT 0,   -- cents
    friendly_id         TEXT NOT NULL,
    external_unique_id  TEXT,
    created             TEXT NOT NULL
);
CREATE INDEX wallets_customer ON wallets (customer_id);
CREATE INDEX wallets_type ON wallets (wallet_type_id);
CREATE UNIQUE INDEX wallets_external_id ON wallets (tenant_id, external_unique_id);
