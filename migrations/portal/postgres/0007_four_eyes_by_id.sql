-- Four eyes by the admin user's id, not by the identity as it was typed at sign-in. Rows written before keep
-- admin_user_id 0 and are matched by identity.
ALTER TABLE kyc_contributions ADD COLUMN admin_user_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX kyc_contributions_admin ON kyc_contributions (tenant_id, admin_user_id, customer_id);
CREATE INDEX kyc_contributions_changes ON kyc_contributions (tenant_id, customer_id, at);
ALTER TABLE review_claims ADD COLUMN claimed_by_id BIGINT NOT NULL DEFAULT 0;
