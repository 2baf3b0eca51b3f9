-- A methodology lead's rules on the passages plans propose for a need (socle.PassageRule): keep
-- proposing a passage as a step for that need, or set it aside, whatever colleagues' choices
-- say. It holds need codes, guide ids and digests of the doctrine's words, where the lead saw the
-- passage (version, section, span) and who decided: nothing of a case. One rule per passage and
-- need; a rule goes with its guide and its organization.

-- +goose Up
CREATE TABLE passage_rules (
    org_id     text NOT NULL,
    need       text NOT NULL,
    guide_id   text NOT NULL,
    digest     text NOT NULL,
    rule       text NOT NULL CHECK (rule IN ('keep', 'set_aside')),
    version_n  integer NOT NULL CHECK (version_n >= 0),
    section_id text NOT NULL,
    span_start integer NOT NULL CHECK (span_start >= 0),
    span_end   integer NOT NULL CHECK (span_end >= span_start),
    user_id    text NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (org_id, need, guide_id, digest),
    FOREIGN KEY (org_id, guide_id) REFERENCES guides (org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE passage_rules;
