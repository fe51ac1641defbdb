-- Compliance review. A claim keeps two reviewers off the same ratify result for 15 minutes.
CREATE TABLE review_claims (
    tenant_id        INTEGER NOT NULL,
    ratify_result_id INTEGER NOT NULL,
    claimed_by       TEXT NOT NULL,
    claimed_at       TEXT NOT NULL,
    expires_at_ms    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, ratify_result_id)
);

-- Every decision a reviewer sent to Eclipse through the portal, refused ones included (they carry
-- Eclipse's trace id): the audit trail of compliance review.
CREATE TABLE review_decisions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id        INTEGER NOT NULL,
    ratify_result_id INTEGER NOT NULL,
    customer_id      INTEGER NOT NULL,
    reviewer         TEXT NOT NULL,
    decision         TEXT NOT NULL,
    reason           TEXT,
    comment          TEXT,
    decided_at       TEXT NOT NULL,
    result           TEXT NOT NULL,
    trace_id         TEXT
);
CREATE INDEX review_decisions_customer ON review_decisions (tenant_id, customer_id, decided_at);
CREATE INDEX review_decisions_at ON review_decisions (tenant_id, decided_at);

-- Who gathered a customer's KYC evidence through the portal (created the customer, uploaded or replaced a
-- document, ran ratify): four eyes keeps them from deciding that customer's result.
CREATE TABLE kyc_contributions (
    tenant_id   INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX kyc_contributions_actor ON kyc_contributions (tenant_id, actor, customer_id);
