-- Administration: member state (last sign-in, deactivation), API tokens' last use, one-time
-- links (invitations, password resets), single sign-on identities, and the counts of failed
-- sign-ins that every server of a deployment shares.

-- +goose Up
ALTER TABLE memberships ADD COLUMN last_sign_in_at timestamptz, ADD COLUMN deactivated_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;

CREATE TABLE one_time_links (
    id         text PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    org_id     text NOT NULL,
    user_id    text NOT NULL,
    purpose    text NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);
CREATE INDEX one_time_links_org ON one_time_links (org_id, id);

CREATE TABLE identities (
    issuer     text NOT NULL,
    subject    text NOT NULL,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE TABLE failures (
    key      text PRIMARY KEY,
    count    integer NOT NULL,
    first_at timestamptz NOT NULL,
    last_at  timestamptz NOT NULL
);
CREATE INDEX failures_last ON failures (last_at);

CREATE INDEX audit_org_actor ON audit_events (org_id, actor, seq DESC);

-- +goose Down
DROP INDEX audit_org_actor;
DROP TABLE failures, identities, one_time_links;
ALTER TABLE api_tokens DROP COLUMN last_used_at;
ALTER TABLE memberships DROP COLUMN last_sign_in_at, DROP COLUMN deactivated_at;
