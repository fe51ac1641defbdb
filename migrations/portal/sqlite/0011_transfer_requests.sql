-- Transfers above the tenant's threshold wait here for a second admin (four eyes on money). The request's id is
-- the transfer's externalUniqueId, fixed when the form opened: a repeated submit finds the same row, and the
-- approval sends it to Eclipse under that id, so it moves money once.
CREATE TABLE transfer_requests (
    request_id          TEXT PRIMARY KEY,
    tenant_id           INTEGER NOT NULL,
    from_wallet_id      INTEGER NOT NULL,
    -- The wallets as the queue names them (friendly id and owner), read when the request was made.
    from_label          TEXT NOT NULL,
    to_wallet_id        INTEGER NOT NULL,
    to_label            TEXT NOT NULL,
    -- In minor units of the currency (cents).
    amount_minor        INTEGER NOT NULL,
    currency            TEXT NOT NULL,
    description         TEXT NOT NULL,
    reason              TEXT NOT NULL,
    requested_by_id     INTEGER NOT NULL,
    requested_by        TEXT NOT NULL,
    requested_at        TEXT NOT NULL,
    expires_at          TEXT NOT NULL,
    -- PENDING, APPROVED (being sent), SENT, FAILED (Eclipse refused it at approval), DECLINED; EXPIRED is PENDING
    -- past expires_at.
    status              TEXT NOT NULL,
    decided_by_id       INTEGER,
    decided_by          TEXT,
    decided_at          TEXT,
    decision_reason     TEXT,
    -- Eclipse's debit transaction id once sent, or its refusal (description and trace id).
    outcome             TEXT
);
CREATE INDEX transfer_requests_queue ON transfer_requests (tenant_id, status, requested_at);
