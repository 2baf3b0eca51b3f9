-- Socle's authoring store. Ids are opaque text (UUIDv7 made by the application), so that both
-- stores share them. Every row of organization data carries org_id, and composite foreign keys
-- (org_id, parent id) make the database itself refuse a child whose organization differs from
-- its parent's.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE orgs (
    id         text PRIMARY KEY,
    slug       text NOT NULL UNIQUE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE users (
    id            text PRIMARY KEY,
    email         text NOT NULL UNIQUE,
    name          text NOT NULL DEFAULT '',
    password_hash text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL
);

CREATE TABLE memberships (
    org_id     text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('admin', 'lead', 'caseworker', 'trainer')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE guides (
    id         text PRIMARY KEY,
    org_id     text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    slug       text NOT NULL,
    title      text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('methodology', 'catalog', 'reference')),
    created_at timestamptz NOT NULL,
    UNIQUE (org_id, slug),
    UNIQUE (org_id, id)
);

CREATE TABLE versions (
    id            text PRIMARY KEY,
    org_id        text NOT NULL,
    guide_id      text NOT NULL,
    n             integer NOT NULL CHECK (n > 0),
    state         text NOT NULL CHECK (state IN ('draft', 'review', 'published', 'archived')),
    title         text NOT NULL,
    source_name   text NOT NULL,
    source_type   text NOT NULL,
    source_sha256 text NOT NULL,
    source_size   bigint NOT NULL,
    author        text NOT NULL,
    note          text NOT NULL,
    metadata      jsonb NOT NULL,
    section_count integer NOT NULL,
    service_count integer NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz,
    UNIQUE (guide_id, n),
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, guide_id) REFERENCES guides (org_id, id) ON DELETE CASCADE
);
-- At most one published version per guide, whatever the application does.
CREATE UNIQUE INDEX versions_one_published ON versions (guide_id) WHERE state = 'published';
CREATE INDEX versions_org_state ON versions (org_id, state);

CREATE TABLE version_sources (
    version_id text PRIMARY KEY,
    org_id     text NOT NULL,
    data       bytea NOT NULL,
    FOREIGN KEY (org_id, version_id) REFERENCES versions (org_id, id) ON DELETE CASCADE
);

CREATE TABLE sections (
    version_id  text NOT NULL,
    section_id  text NOT NULL,
    org_id      text NOT NULL,
    guide_id    text NOT NULL,
    ordinal     integer NOT NULL,
    path        text[] NOT NULL,
    level       integer NOT NULL,
    body        text NOT NULL,
    passages    integer[] NOT NULL, -- start, end, start, end…
    page_start  integer NOT NULL,
    page_end    integer NOT NULL,
    page_breaks integer[],
    line_start  integer NOT NULL,
    line_end    integer NOT NULL,
    PRIMARY KEY (version_id, section_id),
    UNIQUE (version_id, ordinal),
    FOREIGN KEY (org_id, version_id) REFERENCES versions (org_id, id) ON DELETE CASCADE
);

CREATE TABLE services (
    version_id  text NOT NULL,
    service_id  text NOT NULL,
    org_id      text NOT NULL,
    guide_id    text NOT NULL,
    ordinal     integer NOT NULL,
    name        text NOT NULL,
    description text NOT NULL,
    provider    text NOT NULL,
    audience    text[],
    eligibility text NOT NULL,
    age_min     integer NOT NULL,
    age_max     integer NOT NULL,
    territories text[],
    contact     text NOT NULL,
    link        text NOT NULL,
    themes      text[],
    extra       jsonb,
    PRIMARY KEY (version_id, service_id),
    UNIQUE (version_id, ordinal),
    FOREIGN KEY (org_id, version_id) REFERENCES versions (org_id, id) ON DELETE CASCADE
);

CREATE TABLE glossary (
    org_id     text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    key        text NOT NULL,
    term       text NOT NULL,
    expansions text[] NOT NULL,
    note       text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, key)
);

CREATE TABLE plans (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    author_id   text NOT NULL,
    title       text NOT NULL,
    case_digest text NOT NULL,
    steps       jsonb NOT NULL,
    not_covered jsonb NOT NULL,
    generator   text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    UNIQUE (org_id, id)
);
CREATE INDEX plans_expiry ON plans (expires_at);

CREATE TABLE feedback (
    seq        bigserial PRIMARY KEY,
    id         text NOT NULL UNIQUE,
    org_id     text NOT NULL,
    plan_id    text NOT NULL,
    step       integer NOT NULL,
    user_id    text NOT NULL,
    verdict    text NOT NULL CHECK (verdict IN ('useful', 'wrong', 'unsupported')),
    comment    text NOT NULL,
    created_at timestamptz NOT NULL,
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_plan ON feedback (plan_id, seq);

CREATE TABLE audit_events (
    seq         bigserial PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    org_id      text REFERENCES orgs (id) ON DELETE CASCADE,
    actor       text NOT NULL,
    action      text NOT NULL,
    object_kind text NOT NULL,
    object_id   text NOT NULL,
    detail      text NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX audit_org ON audit_events (org_id, seq DESC);

-- Versions are immutable: content rows never change, and a version row may change only its
-- state and publication time. The application never tries; these triggers make sure that no
-- script or later bug does either.
-- +goose StatementBegin
CREATE FUNCTION socle_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'socle: rows of % are immutable', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION socle_version_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.org_id, NEW.guide_id, NEW.n, NEW.title, NEW.source_name, NEW.source_type,
        NEW.source_sha256, NEW.source_size, NEW.author, NEW.note, NEW.metadata, NEW.section_count,
        NEW.service_count, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.org_id, OLD.guide_id, OLD.n, OLD.title, OLD.source_name, OLD.source_type,
        OLD.source_sha256, OLD.source_size, OLD.author, OLD.note, OLD.metadata, OLD.section_count,
        OLD.service_count, OLD.created_at) THEN
        RAISE EXCEPTION 'socle: a version''s content is immutable; only its state may change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER sections_immutable BEFORE UPDATE ON sections FOR EACH ROW EXECUTE FUNCTION socle_refuse_update();
CREATE TRIGGER services_immutable BEFORE UPDATE ON services FOR EACH ROW EXECUTE FUNCTION socle_refuse_update();
CREATE TRIGGER sources_immutable BEFORE UPDATE ON version_sources FOR EACH ROW EXECUTE FUNCTION socle_refuse_update();
CREATE TRIGGER versions_immutable BEFORE UPDATE ON versions FOR EACH ROW EXECUTE FUNCTION socle_version_update();

-- +goose Down
DROP TABLE audit_events, feedback, plans, glossary, services, sections, version_sources, versions,
    guides, memberships, users, orgs;
DROP FUNCTION socle_refuse_update, socle_version_update;
