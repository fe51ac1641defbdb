-- Manual KYC requests: a reviewer asks to set a customer's KYC level by hand, with a reason and a supporting
-- document on file; a second reviewer approves (which sets it in Eclipse with their session) or declines.
-- The request's id is fixed when the form opens, so a repeated submit finds the same row.
CREATE TABLE kyc_requests (
    request_id          TEXT PRIMARY KEY,
    tenant_id           BIGINT NOT NULL,
    customer_id         BIGINT NOT NULL,
    -- The customer's name and the document as the queue shows them, read when the request was made.
    customer_name       TEXT NOT NULL,
    from_level          TEXT NOT NULL,
    kyc_level           TEXT NOT NULL,
    reason              TEXT NOT NULL,
    document_id         BIGINT NOT NULL,
    document_label      TEXT NOT NULL,
    requested_by_id     BIGINT NOT NULL,
    requested_by        TEXT NOT NULL,
    requested_at        TEXT NOT NULL,
    -- PENDING, APPROVED (being set), DONE, FAILED (Eclipse refused it at approval), DECLINED.
    status              TEXT NOT NULL,
    decided_by_id       BIGINT,
    decided_by          TEXT,
    decided_at          TEXT,
    decision_reason     TEXT,
    -- Eclipse's ratify result id once set, or its refusal (description and trace id).
    outcome             TEXT
);
CREATE INDEX kyc_requests_queue ON kyc_requests (tenant_id, status, requested_at);
CREATE INDEX kyc_requests_customer ON kyc_requests (tenant_id, customer_id, requested_at);
-- One live request per customer: a second is refused while the first waits or is being set.
CREATE UNIQUE INDEX kyc_requests_live ON kyc_requests (tenant_id, customer_id) WHERE status IN ('PENDING', 'APPROVED');
