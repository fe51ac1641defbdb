-- The customer a line of the audit log is about, when it is about one: the customer's timeline merges these
-- lines (what the portal alone knows: requests, declines, jobs) with Eclipse's own audit events.
ALTER TABLE audit_log ADD COLUMN customer_id BIGINT;
CREATE INDEX audit_log_customer ON audit_log (tenant_id, customer_id, at);
