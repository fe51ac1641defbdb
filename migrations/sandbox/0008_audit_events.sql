-- (ours) The customer audit trail, the vendor's "Get the Customer Audit detail": one row for each change to a
-- customer's records, written in the same transaction as the change. `actor` is the caller's identity; `created`
-- is an instant in Eclipse's format. `wallet_id` has no foreign key: a deleted wallet's history stays.
CREATE TABLE audit_events (
    audit_event_id INTEGER PRIMARY KEY,
    tenant_id      INTEGER NOT NULL REFERENCES tenants (tenant_id),
    customer_id    INTEGER NOT NULL REFERENCES customers (customer_id),
    wallet_id      INTEGER,
    category       TEXT NOT NULL,
    action         TEXT NOT NULL,
    description    TEXT NOT NULL,
    actor          TEXT NOT NULL,
    created        TEXT NOT NULL
);
CREATE INDEX audit_events_customer ON audit_events (customer_id, created);
