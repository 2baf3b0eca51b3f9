-- Each organization's key for sealing unsaved plan drafts: a draft travels with the page,
-- sealed, so that any server behind a load balancer can save it and nothing about a case is
-- stored before the user saves. The key is made at first use.

-- +goose Up
CREATE TABLE draft_keys (
    org_id     text PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    key        bytea NOT NULL CHECK (octet_length(key) = 32),
    created_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE draft_keys;
