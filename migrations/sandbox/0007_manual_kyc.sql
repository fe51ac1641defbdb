-- (ours) Manual KYC: a result a reviewer sets by hand (`ratifyType` MANUAL), with the level it sets and the
-- supporting document on file. Results before this are all NORMAL.
ALTER TABLE ratify_results ADD COLUMN ratify_type TEXT NOT NULL DEFAULT 'NORMAL';
ALTER TABLE ratify_results ADD COLUMN kyc_level TEXT;
ALTER TABLE ratify_results ADD COLUMN document_id INTEGER;
-- A manual result's externalUniqueId: asked again under it, the sandbox answers the first result.
ALTER TABLE ratify_results ADD COLUMN external_unique_id TEXT;
