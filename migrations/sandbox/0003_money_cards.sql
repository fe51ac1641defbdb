-- Transactions, reservations, withdrawals and cards. Amounts are integer cents.

CREATE TABLE transactions (
    transaction_id     TEXT PRIMARY KEY,
    wallet_id          INTEGER NOT NULL REFERENCES wallets (wallet_id),
    type               TEXT NOT NULL,
    date               TEXT NOT NULL,
    amount             INTEGER NOT NULL,
    balance            INTEGER NOT NULL,
    description        TEXT NOT NULL,
    external_unique_id TEXT,
    info               TEXT,              -- JSON array of {"att","val"}
    reversal           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX transactions_wallet_date ON transactions (wallet_id, date);

CREATE TABLE transfers (
    tenant_id          INTEGER NOT NULL,
    external_unique_id TEXT NOT NULL,
    created            TEXT NOT NULL,
    PRIMARY KEY (tenant_id, external_unique_id)
);

CREATE TABLE reservations (
    reservation_id INTEGER PRIMARY KEY,
    wallet_id      INTEGER NOT NULL REFERENCES wallets (wallet_id),
    session_id     TEXT NOT NULL,
    description    TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    created        TEXT NOT NULL,
    expires        TEXT NOT NULL
);
CREATE INDEX reservations_wallet ON reservations (wallet_id, expires);

CREATE TABLE withdrawals (
    withdrawal_id      INTEGER PRIMARY KEY,
    wallet_id          INTEGER NOT NULL REFERENCES wallets (wallet_id),
    type               TEXT NOT NULL,
    status             TEXT NOT NULL,
    amount             INTEGER NOT NULL,
    description        TEXT,
    external_unique_id TEXT,
    status_reason      TEXT,
    created            TEXT NOT NULL,
    last_modified      TEXT NOT NULL
);
CREATE INDEX withdrawals_wallet ON withdrawals (wallet_id);

CREATE TABLE cards (
    card_id            INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL,
    wallet_id          INTEGER NOT NULL REFERENCES wallets (wallet_id),
    customer_id        INTEGER NOT NULL REFERENCES customers (customer_id),
    card_type          TEXT NOT NULL,
    status             TEXT NOT NULL,
    status_reason      TEXT,
    name               TEXT,
    masked_pan         TEXT NOT NULL,     -- only ever the masked form
    operation_type     TEXT NOT NULL,
    external_unique_id TEXT,
    created            TEXT NOT NULL
);
CREATE INDEX cards_wallet ON cards (wallet_id);
CREATE INDEX cards_customer ON cards (customer_id);
CREATE UNIQUE INDEX cards_external_id ON cards (tenant_id, external_unique_id);
