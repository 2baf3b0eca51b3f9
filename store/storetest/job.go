package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

func testJobs(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "jobs")
	j := socle.Job{OrgID: org.ID, Kind: "upload", Actor: "lead-1", FileName: "guide.pdf", FileSize: 1234, Guide: "methodo", State: socle.JobDone}
	must(t, "CreateJob", s.CreateJob(bg, &j))
	if j.ID == "" || j.State != socle.JobQueued || j.CreatedAt.IsZero() || !sameTime(j.UpdatedAt, j.CreatedAt) {
		t.Fatalf("CreateJob: got %+v, want an id, queued, times set", j)
	}
	got, err := s.Job(bg, org.ID, j.ID)
	must(t, "Job", err)
	if !reflect.DeepEqual(got, j) {
		t.Fatalf("Job: got %+v\nwant %+v", got, j)
	}

	j.State, j.Stage, j.Done, j.Total = socle.JobRunning, "reading", 3, 10
	j.FileName = "changed.pdf" // what the job was asked to do never changes
	before := j.UpdatedAt
	time.Sleep(2 * time.Millisecond)
	must(t, "UpdateJob(running)", s.UpdateJob(bg, &j))
	if !j.UpdatedAt.After(before) || j.FileName != "guide.pdf" {
		t.Fatalf("UpdateJob: got %+v, want a later UpdatedAt and the file name kept", j)
	}
	j.State, j.Stage, j.Done, j.Total = socle.JobDone, "", 0, 0
	j.GuideID, j.VersionID, j.VersionN = "g", "v", 2
	j.Problems = []socle.ReadProblem{{Page: 4, Message: "page 4 has no text: it may be scanned"}}
	must(t, "UpdateJob(done)", s.UpdateJob(bg, &j))
	got, err = s.Job(bg, org.ID, j.ID)
	must(t, "Job after done", err)
	if !reflect.DeepEqual(got, j) {
		t.Fatalf("Job after done: got %+v\nwant %+v", got, j)
	}
	j.State = socle.JobFailed
	wantKind(t, "UpdateJob of a finished job", s.UpdateJob(bg, &j), socle.ECONFLICT)
	wantKind(t, "UpdateJob of an unknown job", s.UpdateJob(bg, &socle.Job{OrgID: org.ID, ID: "nope", State: socle.JobRunning}), socle.ENOTFOUND)

	// A version made by a job is recorded on it in the same transaction, and stays.
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	up := socle.Job{OrgID: org.ID, Kind: "upload", FileName: "v.md", Guide: "par-job"}
	must(t, "CreateJob(up)", s.CreateJob(bg, &up))
	v := socle.Version{OrgID: org.ID, GuideID: g.ID, JobID: up.ID}
	must(t, "CreateVersion by a job", s.CreateVersion(bg, &v, sampleContent("job", 1)))
	rec, err := s.Job(bg, org.ID, up.ID)
	must(t, "Job after its version", err)
	if rec.VersionID != v.ID || rec.VersionN != v.N || rec.GuideID != g.ID || rec.State != socle.JobQueued {
		t.Fatalf("job after CreateVersion: %+v, want version %s recorded, still unfinished", rec, v.ID)
	}
	if got, _ := s.Version(bg, org.ID, v.ID); got.JobID != up.ID {
		t.Fatalf("version made by a job: JobID %q, want %q", got.JobID, up.ID)
	}
	rec.State, rec.VersionID, rec.VersionN, rec.GuideID = socle.JobRunning, "", 0, ""
	must(t, "UpdateJob without the version", s.UpdateJob(bg, &rec))
	if rec.VersionID != v.ID {
		t.Fatalf("an update without the version wiped it: %+v", rec)
	}
	rec.State = socle.JobFailed
	must(t, "UpdateJob(failed)", s.UpdateJob(bg, &rec))
	late := socle.Version{OrgID: org.ID, GuideID: g.ID, JobID: up.ID}
	wantKind(t, "CreateVersion for a finished job", s.CreateVersion(bg, &late, sampleContent("late", 1)), socle.ECONFLICT)
	if vs, _ := s.Versions(bg, org.ID, g.ID); len(vs) != 1 {
		t.Fatalf("a version refused for its job was written: %d versions", len(vs))
	}
	lost := socle.Version{OrgID: org.ID, GuideID: g.ID, JobID: "nope"}
	wantKind(t, "CreateVersion for an unknown job", s.CreateVersion(bg, &lost, sampleContent("lost", 1)), socle.ENOTFOUND)

	k := socle.Job{OrgID: org.ID, Kind: "upload", Guide: "autre", FileName: "b.md"}
	must(t, "CreateJob(k)", s.CreateJob(bg, &k))
	list, err := s.Jobs(bg, org.ID, socle.JobFilter{})
	must(t, "Jobs", err)
	if len(list) != 3 || list[0].ID != k.ID || list[1].ID != up.ID || list[2].ID != j.ID {
		t.Fatalf("Jobs: got %d, want k, up then j (newest first)", len(list))
	}
	byGuide, err := s.Jobs(bg, org.ID, socle.JobFilter{Guide: "methodo"})
	must(t, "Jobs(guide)", err)
	if len(byGuide) != 1 || byGuide[0].ID != j.ID {
		t.Fatalf("Jobs(methodo): got %+v", byGuide)
	}
	if one, _ := s.Jobs(bg, org.ID, socle.JobFilter{Limit: 1}); len(one) != 1 {
		t.Fatalf("Jobs(limit 1): got %d", len(one))
	}
	_, err = s.Job(bg, org.ID, "nope")
	wantKind(t, "Job(unknown)", err, socle.ENOTFOUND)
	_, err = s.Jobs(bg, "nope", socle.JobFilter{})
	wantKind(t, "Jobs of an unknown organization", err, socle.ENOTFOUND)
	wantKind(t, "CreateJob in an unknown organization", s.CreateJob(bg, &socle.Job{OrgID: "nope"}), socle.ENOTFOUND)
}

// testStaleJobs checks that unfinished jobs with no recent sign of life end as failed, in
// every organization, and that finished jobs are purged by age.
func testStaleJobs(t *testing.T, s socle.Store) {
	a, b := mustOrg(t, s, "stale-a"), mustOrg(t, s, "stale-b")
	running := socle.Job{OrgID: a.ID, Kind: "upload", FileName: "a.pdf"}
	must(t, "CreateJob", s.CreateJob(bg, &running))
	running.State = socle.JobRunning
	must(t, "UpdateJob", s.UpdateJob(bg, &running))
	queued := socle.Job{OrgID: b.ID, Kind: "upload", FileName: "b.pdf"}
	must(t, "CreateJob", s.CreateJob(bg, &queued))
	g := mustGuide(t, s, b.ID, "methodo", socle.KindMethodology)
	saved := socle.Job{OrgID: b.ID, Kind: "upload", FileName: "saved.md"}
	must(t, "CreateJob", s.CreateJob(bg, &saved))
	v := socle.Version{OrgID: b.ID, GuideID: g.ID, JobID: saved.ID}
	must(t, "CreateVersion by the job", s.CreateVersion(bg, &v, sampleContent("saved", 1)))
	done := socle.Job{OrgID: b.ID, Kind: "upload", FileName: "c.pdf"}
	must(t, "CreateJob", s.CreateJob(bg, &done))
	done.State = socle.JobDone
	must(t, "UpdateJob", s.UpdateJob(bg, &done))

	n, err := s.FailStaleJobs(bg, running.CreatedAt.Add(-time.Minute), "interrupted")
	must(t, "FailStaleJobs(a minute before its creation)", err)
	if got, _ := s.Job(bg, a.ID, running.ID); got.State != socle.JobRunning {
		t.Fatalf("a job alive since the cutoff was failed: %+v (%d)", got, n)
	}
	_, err = s.FailStaleJobs(bg, socle.Now().Add(time.Second), "interrupted by a restart: upload the file again")
	must(t, "FailStaleJobs(now)", err)
	for _, j := range []socle.Job{running, queued} {
		got, err := s.Job(bg, j.OrgID, j.ID)
		must(t, "Job", err)
		if got.State != socle.JobFailed || got.Message != "interrupted by a restart: upload the file again" {
			t.Fatalf("stale job %s: got %s %q, want failed with the message", j.FileName, got.State, got.Message)
		}
	}
	if got, _ := s.Job(bg, b.ID, done.ID); got.State != socle.JobDone || got.Message != "" {
		t.Fatalf("a finished job was touched: %+v", got)
	}
	if got, _ := s.Job(bg, b.ID, saved.ID); got.State != socle.JobDone || got.VersionID != v.ID || got.Message != "" {
		t.Fatalf("a silent job whose version was saved: %+v, want done with its version", got)
	}
	n, err = s.DeleteFinishedJobs(bg, socle.Now().Add(time.Second))
	must(t, "DeleteFinishedJobs", err)
	if n != 4 {
		t.Fatalf("DeleteFinishedJobs: %d removed, want the 4 finished ones", n)
	}
	_, err = s.Job(bg, b.ID, done.ID)
	wantKind(t, "Job after DeleteFinishedJobs", err, socle.ENOTFOUND)
}
