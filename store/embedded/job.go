package embedded

import (
	"context"
	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// CreateJob records a new job, queued.
func (s *Store) CreateJob(ctx context.Context, j *socle.Job) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, j.OrgID)
		if err != nil {
			return err
		}
		j.ID, j.State = newID(), socle.JobQueued
		j.CreatedAt = socle.Now()
		j.UpdatedAt = j.CreatedAt
		return putJSON(t.Bucket(bucketJobs), []byte(j.ID), j)
	})
}

func getJob(t *bolt.Bucket, id string) (socle.Job, error) {
	var j socle.Job
	ok, err := getJSON(t.Bucket(bucketJobs), []byte(id), &j)
	if err == nil && !ok {
		err = socle.Errorf(socle.ENOTFOUND, "job %q not found", id)
	}
	return j, err
}

// Job returns one of the organization's jobs.
func (s *Store) Job(ctx context.Context, orgID, id string) (socle.Job, error) {
	var j socle.Job
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err == nil {
			j, err = getJob(t, id)
		}
		return err
	})
	return j, err
}

// Jobs lists the organization's jobs, newest first (job ids are ordered by creation).
func (s *Store) Jobs(ctx context.Context, orgID string, f socle.JobFilter) ([]socle.Job, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var out []socle.Job
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		c := t.Bucket(bucketJobs).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var j socle.Job
			if err := jsonUnmarshal(v, &j); err != nil {
				return err
			}
			if f.Guide == "" || j.Guide == f.Guide {
				out = append(out, j)
			}
		}
		return nil
	})
	return out, err
}

// UpdateJob writes a job's state, progress and result; a finished job is ECONFLICT.
func (s *Store) UpdateJob(ctx context.Context, j *socle.Job) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, j.OrgID)
		if err != nil {
			return err
		}
		old, err := getJob(t, j.ID)
		if err != nil {
			return err
		}
		if old.State.Final() {
			return socle.Errorf(socle.ECONFLICT, "job %s is %s already and cannot change", j.ID, old.State)
		}
		n := *j
		// What a job was asked to do never changes, nor the version it made.
		n.Kind, n.Actor, n.FileName, n.FileSize, n.Guide, n.CreatedAt = old.Kind, old.Actor, old.FileName, old.FileSize, old.Guide, old.CreatedAt
		if n.VersionID == "" {
			n.GuideID, n.VersionID, n.VersionN = old.GuideID, old.VersionID, old.VersionN
		}
		n.UpdatedAt = socle.Now()
		if err := putJSON(t.Bucket(bucketJobs), []byte(n.ID), &n); err != nil {
			return err
		}
		*j = n
		return nil
	})
}

// recordOnJob records a new version on the unfinished upload job that made it.
func recordOnJob(t *bolt.Bucket, v *socle.Version) error {
	j, err := getJob(t, v.JobID)
	if err != nil {
		return err
	}
	if j.State.Final() {
		return socle.ErrJobOver(j)
	}
	j.GuideID, j.VersionID, j.VersionN = v.GuideID, v.ID, v.N
	j.Stage, j.Done, j.Total, j.UpdatedAt = "indexing", 0, 0, socle.Now()
	return putJSON(t.Bucket(bucketJobs), []byte(j.ID), &j)
}

// forEachJob calls fn with each job of every organization and lets it replace (keep true) or
// delete (keep false, replace nil) the job.
func forEachJob(tx *bolt.Tx, fn func(j *socle.Job) (replace *socle.Job, keep bool)) (int, error) {
	n := 0
	err := tx.Bucket(bucketTenants).ForEachBucket(func(org []byte) error {
		b := tx.Bucket(bucketTenants).Bucket(org).Bucket(bucketJobs)
		type change struct {
			key []byte
			job *socle.Job
		}
		var changes []change
		err := b.ForEach(func(k, v []byte) error {
			var j socle.Job
			if err := jsonUnmarshal(v, &j); err != nil {
				return err
			}
			if rep, keep := fn(&j); rep != nil || !keep {
				changes = append(changes, change{append([]byte(nil), k...), rep})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, c := range changes {
			if c.job == nil {
				err = b.Delete(c.key)
			} else {
				err = putJSON(b, c.key, c.job)
			}
			if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// FailStaleJobs ends the unfinished jobs with no sign of life since before.
func (s *Store) FailStaleJobs(ctx context.Context, before time.Time, message string) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		now := socle.Now()
		var err error
		n, err = forEachJob(tx, func(j *socle.Job) (*socle.Job, bool) {
			if j.State.Final() || !j.UpdatedAt.Before(before) {
				return nil, true
			}
			j.State, j.Stage, j.UpdatedAt = socle.JobFailed, "", now
			if j.VersionID != "" {
				j.State = socle.JobDone // the version is saved; only derived work was lost
			} else {
				j.Message = message
			}
			return j, true
		})
		return err
	})
	return n, err
}

// DeleteFinishedJobs removes the finished jobs last updated before the time given.
func (s *Store) DeleteFinishedJobs(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		n, err = forEachJob(tx, func(j *socle.Job) (*socle.Job, bool) {
			return nil, !(j.State.Final() && j.UpdatedAt.Before(before))
		})
		return err
	})
	return n, err
}
