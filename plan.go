package socle

import "time"

// Plan is an action plan made for a case. Its case digest is pseudonymized text; the plan is
// stored only when the user saves it, and deleted when ExpiresAt passes.
type Plan struct {
	ID         string
	OrgID      string
	AuthorID   string
	Title      string
	CaseDigest string // pseudonymized: never holds a name, number or address
	Steps      []Step
	NotCovered []Step // steps proposed but not supported by the organization's guides
	Generator  string // "extractive", or the model that wrote the text
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// Step is one action of a plan and the doctrine that supports it.
type Step struct {
	Action    string
	Rationale string
	Need      string // code of the need the step answers, if known
	Citations []Citation
	Services  []ServiceRef
	Support   float64 // how well the citations support the action, 0 to 1
	Reason    string  // for a step not covered by the guides: why it was set apart
}

// Citation pins a quote to the exact version and span it came from, so that it shows the same
// text however the guide changes afterwards.
type Citation struct {
	GuideID    string
	GuideSlug  string
	GuideTitle string
	VersionID  string
	VersionN   int
	SectionID  string
	Path       []string
	PageStart  int
	PageEnd    int
	Span       Span // byte offsets into the section's Text
	Quote      string
}

// ServiceRef names a service of a catalog version.
type ServiceRef struct {
	VersionID string
	ServiceID string
	Name      string
}

// Verdict is a caseworker's judgement of a plan step.
type Verdict string

const (
	VerdictUseful      Verdict = "useful"
	VerdictWrong       Verdict = "wrong"
	VerdictUnsupported Verdict = "unsupported" // the citation does not support the step
)

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool {
	return v == VerdictUseful || v == VerdictWrong || v == VerdictUnsupported
}

// Feedback is a caseworker's verdict on one step of a saved plan.
type Feedback struct {
	ID        string
	OrgID     string
	PlanID    string
	Step      int
	UserID    string
	Verdict   Verdict
	Comment   string
	CreatedAt time.Time
}
