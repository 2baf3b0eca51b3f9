-- What caseworkers keep of plans' drafts (socle.UsageDraft): for each passage a draft proposed,
-- whether its step was kept or removed, or the passage offered beside the steps added. It holds
-- need codes, guide ids and digests of the doctrine's words, nothing of a case. The planner reads
-- the counts to set aside what colleagues keep removing and to take what they keep adding, unless
-- the organization turns that off (learn_from_plans).

-- +goose Up
ALTER TABLE usage_events DROP CONSTRAINT usage_events_kind_check,
    ADD CONSTRAINT usage_events_kind_check CHECK (kind IN ('plan', 'search', 'open', 'feedback', 'draft'));
ALTER TABLE org_settings ADD COLUMN learn_from_plans boolean NOT NULL DEFAULT true;

-- +goose Down
ALTER TABLE org_settings DROP COLUMN learn_from_plans;
DELETE FROM usage_events WHERE kind = 'draft';
DELETE FROM usage_days WHERE kind IN ('passage', 'taken');
ALTER TABLE usage_events DROP CONSTRAINT usage_events_kind_check,
    ADD CONSTRAINT usage_events_kind_check CHECK (kind IN ('plan', 'search', 'open', 'feedback'));
