-- Each admin's own choices, kept across sessions and browsers: the colour theme ("system", "light", "dark").
CREATE TABLE admin_preferences (
    tenant_id           BIGINT NOT NULL,
    admin_user_id       BIGINT NOT NULL,
    theme               TEXT NOT NULL,
    PRIMARY KEY (tenant_id, admin_user_id)
);
