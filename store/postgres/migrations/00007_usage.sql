-- Usage events for the insights on the doctrine, and their daily tallies, which are what the
-- insights read: a period of a hundred thousand events is a few thousand tallies. Neither holds
-- a situation, a digest or an identifier of a person helped.

-- +goose Up
ALTER TABLE org_settings ADD COLUMN usage_retention_days integer NOT NULL DEFAULT 180
    CHECK (usage_retention_days BETWEEN 1 AND 3650);

CREATE TABLE usage_events (
    org_id  text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    at      timestamptz NOT NULL,
    id      text NOT NULL,
    kind    text NOT NULL CHECK (kind IN ('plan', 'search', 'open', 'feedback')),
    user_id text NOT NULL,
    data    jsonb NOT NULL, -- needs, cited sections, services, query, verdict, comment
    PRIMARY KEY (org_id, at, id)
);

CREATE TABLE usage_days (
    org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    day    date NOT NULL,
    kind   text NOT NULL,
    key    text NOT NULL,
    n      integer NOT NULL,
    m      integer NOT NULL,
    PRIMARY KEY (org_id, day, kind, key)
);
-- The insights read one kind day by day (needs, for their trend) and the comments of verdicts.
CREATE INDEX usage_days_kind ON usage_days (org_id, kind, day);
CREATE INDEX usage_events_kind ON usage_events (org_id, kind, at);

-- +goose Down
DROP TABLE usage_days, usage_events;
ALTER TABLE org_settings DROP COLUMN usage_retention_days;
