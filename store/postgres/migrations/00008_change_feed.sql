-- The change feed that keeps several servers' search indexes in step (see feed.go at the root
-- and docs/change-feed.md), and the position each server's index has reached.
--
-- index_changes is one log for the deployment, keyed by its position alone: a server's index
-- holds every organization and applies the log in one order. It has no foreign key to orgs,
-- so that what it says about an organization outlives the organization's rows. Positions are
-- taken under a transaction-scoped advisory lock held until commit, so that they increase in
-- commit order and a reader never skips a change committed late with a smaller number.

-- +goose Up
CREATE TABLE index_changes (
    seq        bigint PRIMARY KEY,
    org_id     text NOT NULL,
    guide_id   text NOT NULL,
    version_id text NOT NULL,
    state      text NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX index_changes_at ON index_changes (at);

CREATE TABLE index_replicas (
    id      text PRIMARY KEY,
    host    text NOT NULL,
    applied bigint NOT NULL,
    seen_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE index_replicas;
DROP TABLE index_changes;
