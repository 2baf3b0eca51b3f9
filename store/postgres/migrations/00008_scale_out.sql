-- Several servers on one database. First, the change feed that keeps their search indexes in
-- step (see feed.go at the root and docs/change-feed.md), and the position each server's index
-- has reached. Then the organization in the primary key of every table of one organization's
-- data, so that a distributed PostgreSQL (Citus) can shard by it (schema_test.go holds this).
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

-- The organization first in the primary keys that lacked it. Lookups by id alone (a version
-- moved by id under its guide's lock) keep an index on the id.
ALTER TABLE guides DROP CONSTRAINT guides_pkey, ADD PRIMARY KEY (org_id, id);
CREATE INDEX guides_id ON guides (id);
ALTER TABLE versions DROP CONSTRAINT versions_pkey, ADD PRIMARY KEY (org_id, id);
CREATE INDEX versions_id ON versions (id);
ALTER TABLE version_sources DROP CONSTRAINT version_sources_pkey, ADD PRIMARY KEY (org_id, version_id);
ALTER TABLE sections DROP CONSTRAINT sections_pkey, ADD PRIMARY KEY (org_id, version_id, section_id);
ALTER TABLE services DROP CONSTRAINT services_pkey, ADD PRIMARY KEY (org_id, version_id, service_id);
ALTER TABLE plans DROP CONSTRAINT plans_pkey, ADD PRIMARY KEY (org_id, id);
CREATE INDEX plans_id ON plans (id);
ALTER TABLE feedback DROP CONSTRAINT feedback_pkey, ADD PRIMARY KEY (org_id, seq);
ALTER TABLE passage_vectors DROP CONSTRAINT passage_vectors_pkey, ADD PRIMARY KEY (org_id, key);

-- Unique constraints too hold the organization, as a distributed table requires.
ALTER TABLE versions DROP CONSTRAINT versions_guide_id_n_key, ADD UNIQUE (org_id, guide_id, n);
DROP INDEX versions_one_published;
CREATE UNIQUE INDEX versions_one_published ON versions (org_id, guide_id) WHERE state = 'published';
ALTER TABLE sections DROP CONSTRAINT sections_version_id_ordinal_key, ADD UNIQUE (org_id, version_id, ordinal);
ALTER TABLE services DROP CONSTRAINT services_version_id_ordinal_key, ADD UNIQUE (org_id, version_id, ordinal);
ALTER TABLE feedback DROP CONSTRAINT feedback_id_key, ADD UNIQUE (org_id, id);
ALTER TABLE change_notices DROP CONSTRAINT change_notices_id_key, ADD UNIQUE (org_id, id);
ALTER TABLE version_comments DROP CONSTRAINT version_comments_id_key, ADD UNIQUE (org_id, id);

-- +goose Down
ALTER TABLE version_comments DROP CONSTRAINT version_comments_org_id_id_key, ADD UNIQUE (id);
ALTER TABLE change_notices DROP CONSTRAINT change_notices_org_id_id_key, ADD UNIQUE (id);
ALTER TABLE feedback DROP CONSTRAINT feedback_org_id_id_key, ADD UNIQUE (id);
ALTER TABLE services DROP CONSTRAINT services_org_id_version_id_ordinal_key, ADD UNIQUE (version_id, ordinal);
ALTER TABLE sections DROP CONSTRAINT sections_org_id_version_id_ordinal_key, ADD UNIQUE (version_id, ordinal);
DROP INDEX versions_one_published;
CREATE UNIQUE INDEX versions_one_published ON versions (guide_id) WHERE state = 'published';
ALTER TABLE versions DROP CONSTRAINT versions_org_id_guide_id_n_key, ADD UNIQUE (guide_id, n);
ALTER TABLE passage_vectors DROP CONSTRAINT passage_vectors_pkey, ADD PRIMARY KEY (key);
ALTER TABLE feedback DROP CONSTRAINT feedback_pkey, ADD PRIMARY KEY (seq);
DROP INDEX plans_id;
ALTER TABLE plans DROP CONSTRAINT plans_pkey, ADD PRIMARY KEY (id);
ALTER TABLE services DROP CONSTRAINT services_pkey, ADD PRIMARY KEY (version_id, service_id);
ALTER TABLE sections DROP CONSTRAINT sections_pkey, ADD PRIMARY KEY (version_id, section_id);
ALTER TABLE version_sources DROP CONSTRAINT version_sources_pkey, ADD PRIMARY KEY (version_id);
DROP INDEX versions_id;
ALTER TABLE versions DROP CONSTRAINT versions_pkey, ADD PRIMARY KEY (id);
DROP INDEX guides_id;
ALTER TABLE guides DROP CONSTRAINT guides_pkey, ADD PRIMARY KEY (id);
DROP TABLE index_replicas;
DROP TABLE index_changes;
