-- KYC: documents (bytes kept for GET), customer identities, ratify results.

CREATE TABLE documents (
    document_id        INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL,
    customer_id        INTEGER NOT NULL REFERENCES customers (customer_id),
    document_type      TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    content_type       TEXT NOT NULL,
    size               INTEGER NOT NULL,
    content            BLOB NOT NULL,
    ocr_data           TEXT,              -- JSON OcrData
    external_unique_id TEXT,
    created            TEXT NOT NULL
);
CREATE INDEX documents_customer ON documents (customer_id);
CREATE UNIQUE INDEX documents_external_id ON documents (tenant_id, external_unique_id);

CREATE TABLE identities (
    identity_id   INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL,
    customer_id   INTEGER NOT NULL REFERENCES customers (customer_id),
    identity      TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created       TEXT NOT NULL
);
CREATE UNIQUE INDEX identities_identity ON identities (tenant_id, identity);

CREATE TABLE ratify_results (
    ratify_result_id INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL,
    customer_id      INTEGER NOT NULL REFERENCES customers (customer_id),
    kyc_status       TEXT NOT NULL,       -- PASSED | FAILED, the EclipseKycResult's status
    failed_checks    TEXT NOT NULL,       -- ",name,name," for the failedCheck filter
    verified_status  TEXT NOT NULL,
    result_data      TEXT NOT NULL,
    verified_by      TEXT,
    verified_at      TEXT,
    reason           TEXT,
    comment          TEXT,
    created          TEXT NOT NULL,
    last_modified    TEXT NOT NULL
);
CREATE INDEX ratify_results_customer ON ratify_results (customer_id, created);
CREATE INDEX ratify_results_queue ON ratify_results (tenant_id, verified_status, created);
