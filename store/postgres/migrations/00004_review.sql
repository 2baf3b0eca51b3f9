-- The leads' workspace: versions remember the version they were written from and what was hard
-- to read; organizations have settings; versions gather review comments; publications leave
-- change notices; saved plans index the sections they cite; uploads run as jobs. New tables keep
-- the organization first in their primary key, so that the schema can be sharded by it.

-- +goose Up
ALTER TABLE versions ADD COLUMN base_n integer NOT NULL DEFAULT 0 CHECK (base_n >= 0 AND base_n < n);
ALTER TABLE versions ADD COLUMN problems jsonb NOT NULL DEFAULT '[]';
ALTER TABLE versions ADD COLUMN job_id text NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION socle_version_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.org_id, NEW.guide_id, NEW.n, NEW.title, NEW.source_name, NEW.source_type,
        NEW.source_sha256, NEW.source_size, NEW.author, NEW.note, NEW.metadata, NEW.section_count,
        NEW.service_count, NEW.created_at, NEW.base_n, NEW.problems, NEW.job_id)
       IS DISTINCT FROM
       (OLD.id, OLD.org_id, OLD.guide_id, OLD.n, OLD.title, OLD.source_name, OLD.source_type,
        OLD.source_sha256, OLD.source_size, OLD.author, OLD.note, OLD.metadata, OLD.section_count,
        OLD.service_count, OLD.created_at, OLD.base_n, OLD.problems, OLD.job_id) THEN
        RAISE EXCEPTION 'socle: a version''s content is immutable; only its state may change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TABLE org_settings (
    org_id          text PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    review_required boolean NOT NULL DEFAULT true,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE version_comments (
    org_id     text NOT NULL,
    seq        bigserial,
    id         text NOT NULL UNIQUE,
    version_id text NOT NULL,
    section_id text NOT NULL,
    author     text NOT NULL,
    state      text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, seq),
    FOREIGN KEY (org_id, version_id) REFERENCES versions (org_id, id) ON DELETE CASCADE
);
CREATE INDEX version_comments_version ON version_comments (org_id, version_id, seq);

CREATE TABLE change_notices (
    org_id          text NOT NULL,
    guide_id        text NOT NULL,
    to_n            integer NOT NULL,
    section_id      text NOT NULL,
    id              text NOT NULL UNIQUE,
    path            text[] NOT NULL,
    change          text NOT NULL CHECK (change IN ('changed', 'removed')),
    from_version_id text NOT NULL,
    from_n          integer NOT NULL,
    to_version_id   text NOT NULL,
    at              timestamptz NOT NULL,
    PRIMARY KEY (org_id, guide_id, to_n, section_id),
    FOREIGN KEY (org_id, guide_id) REFERENCES guides (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, to_version_id) REFERENCES versions (org_id, id) ON DELETE CASCADE
);

CREATE TABLE plan_citations (
    org_id     text NOT NULL,
    guide_id   text NOT NULL,
    section_id text NOT NULL,
    plan_id    text NOT NULL,
    PRIMARY KEY (org_id, guide_id, section_id, plan_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_citations_plan ON plan_citations (org_id, plan_id);
INSERT INTO plan_citations (org_id, guide_id, section_id, plan_id)
SELECT DISTINCT p.org_id, c->>'GuideID', c->>'SectionID', p.id
FROM plans p,
     jsonb_array_elements(coalesce(nullif(p.steps, 'null'), '[]') || coalesce(nullif(p.not_covered, 'null'), '[]')) st,
     jsonb_array_elements(coalesce(nullif(st->'Citations', 'null'), '[]')) c
ON CONFLICT DO NOTHING;

CREATE TABLE jobs (
    org_id     text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    id         text NOT NULL,
    kind       text NOT NULL,
    actor      text NOT NULL,
    state      text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    stage      text NOT NULL,
    done       integer NOT NULL,
    total      integer NOT NULL,
    file_name  text NOT NULL,
    file_size  bigint NOT NULL,
    guide      text NOT NULL,
    guide_id   text NOT NULL,
    version_id text NOT NULL,
    version_n  integer NOT NULL,
    problems   jsonb NOT NULL,
    message    text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX jobs_unfinished ON jobs (updated_at) WHERE state IN ('queued', 'running');

-- +goose Down
DROP TABLE jobs, plan_citations, change_notices, version_comments, org_settings;
ALTER TABLE versions DROP COLUMN job_id, DROP COLUMN problems, DROP COLUMN base_n;
