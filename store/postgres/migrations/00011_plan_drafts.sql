-- The draft a saved plan was made from (web/drafts.go), so that saving one draft twice — a
-- double click, a browser's or an API client's retry, two servers at once — stores one plan.
-- draft_id is a digest of the sealed draft: it says nothing of the case. At most one plan per
-- organization and draft, held by a unique index (with the organization, as a distributed
-- table requires), so that a concurrent second save conflicts instead of racing a check.
-- Plans saved otherwise, and those saved before, have none.

-- +goose Up
ALTER TABLE plans ADD COLUMN draft_id text;
CREATE UNIQUE INDEX plans_draft ON plans (org_id, draft_id) WHERE draft_id IS NOT NULL;

-- +goose Down
DROP INDEX plans_draft;
ALTER TABLE plans DROP COLUMN draft_id;
