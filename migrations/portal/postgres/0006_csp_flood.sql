-- CSP reports come from anyone: each client address may add a few an hour, the rest are only counted, so a
-- flood cannot push real reports out.
ALTER TABLE csp_reports ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX csp_reports_address ON csp_reports (address, at);
CREATE TABLE csp_reports_dropped (
    day   TEXT PRIMARY KEY,
    count BIGINT NOT NULL
);
