package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const jobColumns = `org_id, id, kind, actor, state, stage, done, total, file_name, file_size, guide, guide_id, version_id,
	version_n, problems, message, created_at, updated_at`

func scanJob(row pgx.Row) (socle.Job, error) {
	var j socle.Job
	err := row.Scan(&j.OrgID, &j.ID, &j.Kind, &j.Actor, &j.State, &j.Stage, &j.Done, &j.Total, &j.FileName, &j.FileSize,
		&j.Guide, &j.GuideID, &j.VersionID, &j.VersionN, &j.Problems, &j.Message, &j.CreatedAt, &j.UpdatedAt)
	if len(j.Problems) == 0 {
		j.Problems = nil
	}
	return j, err
}

// CreateJob records a new job, queued.
func (s *Store) CreateJob(ctx context.Context, j *socle.Job) error {
	n := *j
	n.ID, n.State, n.CreatedAt = newID(), socle.JobQueued, socle.Now()
	n.UpdatedAt = n.CreatedAt
	_, err := s.pool.Exec(ctx, `INSERT INTO jobs (`+jobColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		n.OrgID, n.ID, n.Kind, n.Actor, n.State, n.Stage, n.Done, n.Total, n.FileName, n.FileSize, n.Guide, n.GuideID,
		n.VersionID, n.VersionN, nonNilProblems(n.Problems), n.Message, n.CreatedAt, n.UpdatedAt)
	if err != nil {
		return wrap(err)
	}
	*j = n
	return nil
}

// Job returns one of the organization's jobs.
func (s *Store) Job(ctx context.Context, orgID, id string) (socle.Job, error) {
	j, err := scanJob(s.pool.QueryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE org_id = $1 AND id = $2`, orgID, id))
	return j, notFound(err, "job %q not found", id)
}

// Jobs lists the organization's jobs, newest first (job ids are ordered by creation).
func (s *Store) Jobs(ctx context.Context, orgID string, f socle.JobFilter) ([]socle.Job, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.pool.Query(ctx, `SELECT `+jobColumns+` FROM jobs WHERE org_id = $1 AND ($2 = '' OR guide = $2)
		ORDER BY id DESC LIMIT $3`, orgID, f.Guide, limit)
	if err != nil {
		return nil, wrap(err)
	}
	js, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Job, error) { return scanJob(r) })
	if err == nil && len(js) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return js, wrap(err)
}

// UpdateJob writes a job's state, progress and result; a finished job is ECONFLICT.
func (s *Store) UpdateJob(ctx context.Context, j *socle.Job) error {
	n := *j
	n.UpdatedAt = socle.Now()
	// The version recorded on a job stays: an update without one keeps it.
	row := s.pool.QueryRow(ctx, `UPDATE jobs SET state = $3, stage = $4, done = $5, total = $6,
		guide_id = CASE WHEN $8 = '' THEN guide_id ELSE $7 END, version_id = CASE WHEN $8 = '' THEN version_id ELSE $8 END,
		version_n = CASE WHEN $8 = '' THEN version_n ELSE $9 END, problems = $10, message = $11, updated_at = $12
		WHERE org_id = $1 AND id = $2 AND state IN ('queued', 'running') RETURNING `+jobColumns,
		n.OrgID, n.ID, n.State, n.Stage, n.Done, n.Total, n.GuideID, n.VersionID, n.VersionN, nonNilProblems(n.Problems), n.Message, n.UpdatedAt)
	got, err := scanJob(row)
	if err == pgx.ErrNoRows {
		old, err := s.Job(ctx, n.OrgID, n.ID)
		if err != nil {
			return err
		}
		return socle.Errorf(socle.ECONFLICT, "job %s is %s already and cannot change", n.ID, old.State)
	}
	if err != nil {
		return wrap(err)
	}
	*j = got
	return nil
}

// FailStaleJobs ends the unfinished jobs with no sign of life since before: failed, or done
// when their version was saved.
func (s *Store) FailStaleJobs(ctx context.Context, before time.Time, message string) (int, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE jobs SET stage = '', updated_at = $3,
		state = CASE WHEN version_id <> '' THEN 'done' ELSE 'failed' END,
		message = CASE WHEN version_id <> '' THEN message ELSE $2 END
		WHERE state IN ('queued', 'running') AND updated_at < $1`, before, message, socle.Now())
	return int(tag.RowsAffected()), wrap(err)
}

// recordOnJob records a new version on the unfinished upload job that made it, in the
// version's transaction.
func recordOnJob(ctx context.Context, tx pgx.Tx, v *socle.Version) error {
	tag, err := tx.Exec(ctx, `UPDATE jobs SET guide_id = $3, version_id = $4, version_n = $5, stage = 'indexing', done = 0, total = 0, updated_at = $6
		WHERE org_id = $1 AND id = $2 AND state IN ('queued', 'running')`, v.OrgID, v.JobID, v.GuideID, v.ID, v.N, socle.Now())
	if err != nil || tag.RowsAffected() == 1 {
		return err
	}
	j, err := scanJob(tx.QueryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE org_id = $1 AND id = $2`, v.OrgID, v.JobID))
	if err != nil {
		return notFound(err, "job %q not found", v.JobID)
	}
	return socle.ErrJobOver(j)
}

// DeleteFinishedJobs removes the finished jobs last updated before the time given.
func (s *Store) DeleteFinishedJobs(ctx context.Context, before time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated_at < $1`, before)
	return int(tag.RowsAffected()), wrap(err)
}
