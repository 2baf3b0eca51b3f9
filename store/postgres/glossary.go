package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const glossaryColumns = `org_id, term, expansions, note, updated_at`

func scanGlossary(row pgx.Row) (socle.GlossaryEntry, error) {
	var e socle.GlossaryEntry
	err := row.Scan(&e.OrgID, &e.Term, &e.Expansions, &e.Note, &e.UpdatedAt)
	return e, err
}

// PutGlossaryEntry creates or replaces the entry for e.Term.
func (s *Store) PutGlossaryEntry(ctx context.Context, e *socle.GlossaryEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	at := socle.Now()
	key := socle.GlossaryKey(e.Term)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO glossary (org_id, key, term, expansions, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id, key) DO UPDATE SET term = EXCLUDED.term, expansions = EXCLUDED.expansions,
				note = EXCLUDED.note, updated_at = EXCLUDED.updated_at`,
			e.OrgID, key, e.Term, e.Expansions, e.Note, at); err != nil {
			return err
		}
		return audit(ctx, tx, e.OrgID, "glossary.put", "glossary", key, "")
	})
	if err == nil {
		e.UpdatedAt = at
	}
	return err
}

// GlossaryEntry returns the entry for term, compared by GlossaryKey.
func (s *Store) GlossaryEntry(ctx context.Context, orgID, term string) (socle.GlossaryEntry, error) {
	e, err := scanGlossary(s.pool.QueryRow(ctx, `SELECT `+glossaryColumns+` FROM glossary WHERE org_id = $1 AND key = $2`, orgID, socle.GlossaryKey(term)))
	return e, notFound(err, "glossary term %q not found", term)
}

// Glossary lists the organization's entries by key.
func (s *Store) Glossary(ctx context.Context, orgID string) ([]socle.GlossaryEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+glossaryColumns+` FROM glossary WHERE org_id = $1 ORDER BY key COLLATE "C"`, orgID)
	if err != nil {
		return nil, wrap(err)
	}
	es, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.GlossaryEntry, error) { return scanGlossary(r) })
	if err == nil && len(es) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return es, wrap(err)
}

// DeleteGlossaryEntry removes the entry for term.
func (s *Store) DeleteGlossaryEntry(ctx context.Context, orgID, term string) error {
	key := socle.GlossaryKey(term)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM glossary WHERE org_id = $1 AND key = $2`, orgID, key)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return socle.Errorf(socle.ENOTFOUND, "glossary term %q not found", term)
		}
		return audit(ctx, tx, orgID, "glossary.delete", "glossary", key, "")
	})
}
