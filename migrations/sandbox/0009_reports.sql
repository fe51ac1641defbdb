-- (ours) What the tenant reports read, kept as the records change so a report never walks every row: each
-- wallet's transactions summed per UTC day and currency, written by the ledger in the transaction's own
-- transaction. Amounts are cents; `credits` are the positive amounts, `debits` the negative ones as a
-- positive sum.
CREATE TABLE transaction_days (
    tenant_id INTEGER NOT NULL,
    day       TEXT NOT NULL,          -- YYYY-MM-DD, UTC
    currency  TEXT NOT NULL,
    count     INTEGER NOT NULL,
    credits   INTEGER NOT NULL,
    debits    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, day, currency)
);

INSERT INTO transaction_days (tenant_id, day, currency, count, credits, debits)
SELECT w.tenant_id, substr(t.date, 1, 10), w.currency, COUNT(*),
       SUM(CASE WHEN t.amount > 0 THEN t.amount ELSE 0 END),
       SUM(CASE WHEN t.amount < 0 THEN -t.amount ELSE 0 END)
FROM transactions t JOIN wallets w ON w.wallet_id = t.wallet_id
GROUP BY w.tenant_id, substr(t.date, 1, 10), w.currency;

-- The summaries group a tenant's customers and wallets from an index alone (the queue has one already).
CREATE INDEX customers_kyc_status ON customers (tenant_id, kyc_level, status);
CREATE INDEX wallets_tenant_currency ON wallets (tenant_id, currency, current_balance);
CREATE INDEX withdrawals_status ON withdrawals (status, created);
