-- Barring and unbarring a customer: one job per customer, its steps and their progress, so that any admin
-- sees it, a failed step waits to be resumed, and nothing is applied twice.
CREATE TABLE barring_jobs (
    tenant_id    INTEGER NOT NULL,
    customer_id  INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    started_by   TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    -- Who started or last resumed it: the steps run with that admin's Eclipse session.
    runner       TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    -- Written as each step ends: a RUNNING job whose heartbeat stopped (a restart) can be resumed.
    heartbeat_ms INTEGER NOT NULL,
    steps        TEXT NOT NULL,
    error        TEXT,
    PRIMARY KEY (tenant_id, customer_id)
);
