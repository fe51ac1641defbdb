-- Half-finished onboardings, kept by the portal so that a reload, a sign-out or an expired session never
-- loses one. `data` holds what was typed and the ids and retry keys of what was created; never document bytes.
CREATE TABLE onboarding_drafts (
    draft_id    TEXT PRIMARY KEY,
    tenant_id   BIGINT NOT NULL,
    started_by  TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    finished_at TEXT,
    step        TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX onboarding_drafts_open ON onboarding_drafts (tenant_id, finished_at, updated_at);
