-- Tenant reports made as jobs: the rows are read from Eclipse (or the audit log) a page at a time and kept
-- here, so the file can be written as CSV or Excel when it is downloaded and a job interrupted by a restart
-- goes on from its last page. Kept for a day.
CREATE TABLE report_jobs (
    job_id              TEXT PRIMARY KEY,
    tenant_id           BIGINT NOT NULL,
    actor               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    from_day            TEXT NOT NULL,
    to_day              TEXT NOT NULL,
    time_zone           TEXT NOT NULL,
    -- RUNNING, DONE, FAILED.
    status              TEXT NOT NULL,
    total_rows          BIGINT NOT NULL,
    done_rows           BIGINT NOT NULL DEFAULT 0,
    -- The most rows the report holds (the operator's cap when it was asked for).
    cap_rows            BIGINT NOT NULL,
    error               TEXT,
    runner_session      TEXT,
    runner_instance     TEXT,
    heartbeat_ms        BIGINT NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL
);
CREATE INDEX report_jobs_actor ON report_jobs (tenant_id, actor, created_at);

CREATE TABLE report_pages (
    job_id              TEXT NOT NULL,
    page                BIGINT NOT NULL,
    -- The page's rows, a JSON array of rows of typed cells.
    rows                TEXT NOT NULL,
    PRIMARY KEY (job_id, page)
);
