package authoring_test

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
)

func startUploads(t *testing.T, svc *authoring.Service) (*authoring.Uploads, *stageLog) {
	t.Helper()
	log := &stageLog{JobStore: svc.Store, stages: map[string][]string{}}
	u := &authoring.Uploads{Service: svc, Store: log, Log: slog.New(slog.DiscardHandler), Heartbeat: 50 * time.Millisecond}
	if err := u.Start(ctx, true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.Stop)
	return u, log
}

// stageLog is the real job store the uploads write to, noting every stage each job reports on
// its way: a small PDF can pass its stages faster than any polling of the store sees them.
type stageLog struct {
	socle.JobStore
	mu     sync.Mutex
	stages map[string][]string
}

func (l *stageLog) UpdateJob(ctx context.Context, j *socle.Job) error {
	l.mu.Lock()
	if seen := l.stages[j.ID]; j.Stage != "" && (len(seen) == 0 || seen[len(seen)-1] != j.Stage) {
		l.stages[j.ID] = append(seen, j.Stage)
	}
	l.mu.Unlock()
	return l.JobStore.UpdateJob(ctx, j)
}

// of returns the stages a job reported, in order.
func (l *stageLog) of(id string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.stages[id])
}

// waitJob polls a job until it is finished and returns it.
func waitJob(t *testing.T, s socle.JobStore, orgID, id string) socle.Job {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		j, err := s.Job(ctx, orgID, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State.Final() {
			return j
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish", id)
	return socle.Job{}
}

func TestUploadJobs(t *testing.T) {
	svc, _, org := setup(t)
	u, log := startUploads(t, svc)

	job, err := u.Submit(ctx, authoring.Upload{OrgID: org.ID, FileName: "Guide RSA.md", Data: []byte(guideV1), Author: "lead"})
	if err != nil {
		t.Fatal(err)
	}
	if job.ID == "" || job.Guide != "guide-rsa" || job.Actor != "lead" {
		t.Fatalf("submitted job: %+v", job)
	}
	done := waitJob(t, svc.Store, org.ID, job.ID)
	if done.State != socle.JobDone || done.VersionN != 1 || done.VersionID == "" || done.Message != "" {
		t.Fatalf("finished job: %+v", done)
	}
	v, err := svc.Store.Version(ctx, org.ID, done.VersionID)
	if err != nil || v.State != socle.StateDraft || v.Author != "lead" {
		t.Fatalf("version made: %+v, %v", v, err)
	}

	// A PDF reports its pages as it reads them.
	pdfData, err := os.ReadFile("../ingest/pdf/testdata/running.pdf")
	if err != nil {
		t.Fatal(err)
	}
	job, err = u.Submit(ctx, authoring.Upload{OrgID: org.ID, FileName: "notice.pdf", Data: pdfData, Author: "lead"})
	if err != nil {
		t.Fatal(err)
	}
	done = waitJob(t, svc.Store, org.ID, job.ID)
	if stages := log.of(job.ID); done.State != socle.JobDone || len(stages) == 0 || stages[0] != "reading" {
		t.Fatalf("PDF job: %+v, stages seen %v", done, stages)
	}

	// Refused at once, with no job recorded.
	before, _ := svc.Store.Jobs(ctx, org.ID, socle.JobFilter{})
	for name, up := range map[string]authoring.Upload{
		"empty":       {OrgID: org.ID, FileName: "vide.md", Data: []byte("  \n")},
		"unsupported": {OrgID: org.ID, FileName: "notes.docx", Data: []byte("PK\x03\x04....")},
		"no guide":    {OrgID: org.ID, Guide: "inconnu", Existing: true, FileName: "g.md", Data: []byte(guideV1)},
		"too large":   {OrgID: org.ID, FileName: "g.md", Data: make([]byte, 65<<20)},
	} {
		if _, err := u.Submit(ctx, up); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	after, _ := svc.Store.Jobs(ctx, org.ID, socle.JobFilter{})
	if len(after) != len(before) {
		t.Fatalf("refused uploads recorded %d jobs", len(after)-len(before))
	}

	// What only reading finds ends the job as failed, with the reason and nothing stored.
	for _, tc := range []struct{ file, says string }{
		{"../ingest/pdf/testdata/encrypted.pdf", "password-protected"},
		{"../ingest/pdf/testdata/scan.pdf", "scan"},
	} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		job, err := u.Submit(ctx, authoring.Upload{OrgID: org.ID, Guide: "refus", FileName: "refus.pdf", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		failed := waitJob(t, svc.Store, org.ID, job.ID)
		if failed.State != socle.JobFailed || !strings.Contains(failed.Message, tc.says) {
			t.Fatalf("%s: job %+v, want failed saying %q", tc.file, failed, tc.says)
		}
	}
	if _, err := svc.Store.GuideBySlug(ctx, org.ID, "refus"); socle.KindOf(err) != socle.ENOTFOUND {
		t.Fatalf("failed uploads left a guide: %v", err)
	}
}

// TestInterruptedJobs checks that jobs left unfinished by a stop end as failed at the next
// start.
func TestInterruptedJobs(t *testing.T) {
	svc, _, org := setup(t)
	j := socle.Job{OrgID: org.ID, Kind: "upload", FileName: "gros.pdf", Guide: "gros"}
	if err := svc.Store.CreateJob(ctx, &j); err != nil {
		t.Fatal(err)
	}
	j.State, j.Stage, j.Done, j.Total = socle.JobRunning, "reading", 12, 200
	if err := svc.Store.UpdateJob(ctx, &j); err != nil {
		t.Fatal(err)
	}
	startUploads(t, svc)
	got, err := svc.Store.Job(ctx, org.ID, j.ID)
	if err != nil || got.State != socle.JobFailed || got.Message != authoring.Interrupted {
		t.Fatalf("interrupted job after a start: %+v, %v", got, err)
	}
}

// slowIndexer holds each draft's indexing until released, as a long read would hold a worker.
type slowIndexer struct {
	recorder
	release chan struct{}
}

func (s *slowIndexer) IndexDraft(ctx context.Context, v socle.Version, progress func(done, total int)) error {
	<-s.release
	return nil
}

// TestWaitingJobsStayAlive checks that, with several servers on one store, a job waiting in
// one server's queue behind a long read is not ended as interrupted by another server's start
// or sweep: waiting jobs give signs of life too.
func TestWaitingJobsStayAlive(t *testing.T) {
	svc, _, org := setup(t)
	slow := &slowIndexer{release: make(chan struct{})}
	svc.Indexer = slow
	one := &authoring.Uploads{Service: svc, Store: svc.Store, Log: slog.New(slog.DiscardHandler), Workers: 1,
		Heartbeat: 50 * time.Millisecond, StaleAfter: 400 * time.Millisecond}
	if err := one.Start(ctx, false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(one.Stop)
	var once sync.Once
	release := func() { once.Do(func() { close(slow.release) }) }
	t.Cleanup(release) // before Stop, which waits for the worker
	var jobs []socle.Job
	for _, name := range []string{"premier.md", "second.md"} {
		j, err := one.Submit(ctx, authoring.Upload{OrgID: org.ID, FileName: name, Data: []byte(guideV1), Author: "lead"})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	time.Sleep(1200 * time.Millisecond) // three times StaleAfter: the second job waits all along
	other := &authoring.Uploads{Service: svc, Store: svc.Store, Log: slog.New(slog.DiscardHandler), StaleAfter: 400 * time.Millisecond}
	if err := other.Start(ctx, false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Stop)
	for _, j := range jobs {
		got, err := svc.Store.Job(ctx, org.ID, j.ID)
		if err != nil || got.State.Final() {
			t.Fatalf("job %s after another server started: %+v, %v; want it still alive", j.FileName, got, err)
		}
	}
	release()
	for _, j := range jobs {
		if done := waitJob(t, svc.Store, org.ID, j.ID); done.State != socle.JobDone {
			t.Fatalf("job %s: %+v, want done", j.FileName, done)
		}
	}
}
