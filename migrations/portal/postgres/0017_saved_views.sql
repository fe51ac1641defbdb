-- Each admin's saved views of a list: a name and the list's address query (filters, sort, columns), one of
-- them the view the list opens on from the navigation.
CREATE TABLE saved_views (
    view_id             BIGSERIAL PRIMARY KEY,
    tenant_id           BIGINT NOT NULL,
    admin_user_id       BIGINT NOT NULL,
    -- "customers", "review", "activity".
    list                TEXT NOT NULL,
    name                TEXT NOT NULL,
    -- "k=v&k=v", percent-encoded, without the page.
    query               TEXT NOT NULL,
    is_default          BIGINT NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX saved_views_name ON saved_views (tenant_id, admin_user_id, list, name);
