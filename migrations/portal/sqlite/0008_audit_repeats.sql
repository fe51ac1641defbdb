-- The same refusal again within a few minutes (same tenant, actor, action, target and result) is counted on its
-- first line rather than written again: `repeats` times in all, the last at `last_at`.
ALTER TABLE audit_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at TEXT;
CREATE INDEX audit_log_at ON audit_log (at);
