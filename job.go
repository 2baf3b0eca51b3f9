package socle

import "time"

// JobState is where a background job stands. Done and failed are final.
type JobState string

const (
	JobQueued  JobState = "queued"
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// Final reports whether a job in state s is over.
func (s JobState) Final() bool { return s == JobDone || s == JobFailed }

// Job is work that takes longer than a request, such as reading a large PDF into a new version.
// Jobs live in the store, so that any server of the organization can tell how one is going; the
// file itself stays with the server that reads it, and a job whose server stops ends as failed.
type Job struct {
	ID       string
	OrgID    string
	Kind     string // "upload"
	Actor    string // user id of whoever started it
	State    JobState
	Stage    string // what the job is doing: "reading", "indexing"
	Done     int    // units of the stage done: pages read, passages indexed
	Total    int    // units of the stage in all, 0 while unknown
	FileName string
	FileSize int64
	Guide    string // slug of the guide the upload goes to
	// When done: the version made.
	GuideID   string
	VersionID string
	VersionN  int
	Problems  []ReadProblem // what was read with difficulty
	Message   string        // when failed: why, in words safe to show
	CreatedAt time.Time
	UpdatedAt time.Time // the last sign of life: a running job whose server stopped falls behind
}

// ReadProblem is a difficulty met while reading a file, kept to show to whoever uploaded it or
// reviews the version: a scanned page, a heading guessed from the font size.
type ReadProblem struct {
	Page    int // 0 when not paginated
	Line    int // 0 when not known
	Message string
}

// JobFilter narrows a list of jobs; zero fields match everything.
type JobFilter struct {
	Guide string // jobs uploading to this guide slug
	Limit int    // newest first; 0 means 50
}

// ErrJobOver is the conflict of work done for a job that ended meanwhile (a sweep failed it
// after its server went silent): its result is refused, so that nothing outlives a failed job.
func ErrJobOver(j Job) error {
	return Errorf(ECONFLICT, "the upload of %s ended (%s) before it could be saved: nothing was saved; upload it again", j.FileName, j.State)
}
