-- The runs that tie a PDF section's text to the PDF engine's characters of its pages, so that
-- the cited page is drawn with the quote's boxes without searching the text again: four
-- integers per run (start and end bytes of the text, page, first character), flattened.
-- Sections written before have none; their pages are shown without a highlight.

-- +goose Up
ALTER TABLE sections ADD COLUMN char_runs integer[];

-- +goose Down
ALTER TABLE sections DROP COLUMN char_runs;
