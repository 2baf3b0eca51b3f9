-- Browser sessions and API tokens, stored by the SHA-256 of their token only.

-- +goose Up
CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id     text REFERENCES orgs (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id         text PRIMARY KEY,
    org_id     text NOT NULL,
    user_id    text NOT NULL,
    name       text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz,
    -- A token acts as a member: it goes when the membership goes.
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_org ON api_tokens (org_id, id);

-- +goose Down
DROP TABLE api_tokens, sessions;
