-- (ours) The second factor of admin users: the confirmed TOTP secret (base32), one being enrolled, and the last
-- 30-second step a code was used in, so that a code works once.
ALTER TABLE admin_users ADD COLUMN totp_secret TEXT;
ALTER TABLE admin_users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE admin_users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
