-- Bulk disbursements: a CSV of transfers from one source wallet, checked whole before anything moves, then
-- sent row by row by a job any instance can take over. Each row is sent under its own externalUniqueId, so a
-- resumed job never pays a row twice.
CREATE TABLE disbursements (
    batch_id            TEXT PRIMARY KEY,
    tenant_id           BIGINT NOT NULL,
    file_name           TEXT NOT NULL,
    source_wallet_id    BIGINT NOT NULL,
    -- The source as pages name it (friendly id and owner), read when the file was checked.
    source_label        TEXT NOT NULL,
    currency            TEXT NOT NULL,
    row_count           BIGINT NOT NULL,
    -- In minor units of the currency (cents).
    total_minor         BIGINT NOT NULL,
    -- CHECKED (a draft), PENDING (waiting for a second admin), RUNNING, WAITING (stopped: resume), DONE,
    -- DECLINED; EXPIRED is PENDING past expires_at.
    status              TEXT NOT NULL,
    reason              TEXT NOT NULL,
    created_by_id       BIGINT NOT NULL,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    expires_at          TEXT,
    decided_by          TEXT,
    decided_at          TEXT,
    decision_reason     TEXT,
    -- Who runs it: the rows are sent with that admin's Eclipse session, on that instance, which beats.
    runner              TEXT,
    runner_session      TEXT,
    runner_instance     TEXT,
    heartbeat_ms        BIGINT NOT NULL DEFAULT 0,
    updated_at          TEXT NOT NULL,
    error               TEXT
);
CREATE INDEX disbursements_list ON disbursements (tenant_id, created_at);

CREATE TABLE disbursement_rows (
    batch_id            TEXT NOT NULL,
    line                BIGINT NOT NULL,
    tenant_id           BIGINT NOT NULL,
    amount_minor        BIGINT NOT NULL,
    description         TEXT NOT NULL,
    to_wallet_id        BIGINT NOT NULL,
    external_unique_id  TEXT NOT NULL,
    -- TODO, SENT, FAILED (Eclipse refused it: its description and trace id in outcome).
    status              TEXT NOT NULL,
    -- Eclipse's debit transaction id once sent, or its refusal.
    outcome             TEXT,
    PRIMARY KEY (batch_id, line)
);
-- "Not used before": a file is checked against every row of the tenant's earlier disbursements.
CREATE INDEX disbursement_rows_external ON disbursement_rows (tenant_id, external_unique_id);
