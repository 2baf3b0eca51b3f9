package socle

import (
	"strings"
	"time"
	"unicode/utf8"
)

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
	// DraftID names the unsaved draft the plan was saved from (web/drafts.go: a digest of the
	// sealed draft, which says nothing of the case), so that saving one draft twice stores one
	// plan: an organization has at most one plan per DraftID. Empty for a plan saved otherwise.
	DraftID string `json:",omitempty"`
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
	// What the caseworker adds when finishing the plan. Own marks a step they wrote
	// themselves: not from the doctrine, it carries no citation. Due is a day (YYYY-MM-DD); Who
	// is one of the Assignee values; Partner names the partner when Who is AssigneePartner, and
	// is stored pseudonymized like every free text about a case.
	Own     bool     `json:",omitempty"`
	Due     string   `json:",omitempty"`
	Who     Assignee `json:",omitempty"`
	Partner string   `json:",omitempty"`
	// Learned says that colleagues moved this passage before: PassageAdded, a passage they
	// often added from those offered, proposed as a step; PassageRemoved, a step they often
	// took out, offered beside the steps instead (plan/learned.go).
	Learned PassageVerdict `json:",omitempty"`
	// Ruled says that a methodology lead decided for this passage and need (PassageRule):
	// RuleKeep, proposed as a step whatever colleagues removed; RuleSetAside, offered beside
	// the steps instead.
	Ruled PassageRuleKind `json:",omitempty"`
}

// Assignee says who does a step of a plan.
type Assignee string

const (
	AssigneePerson     Assignee = "person" // the person helped
	AssigneeCaseworker Assignee = "caseworker"
	AssigneePartner    Assignee = "partner"
)

// Valid reports whether a is empty (nobody said) or a known assignee.
func (a Assignee) Valid() bool {
	return a == "" || a == AssigneePerson || a == AssigneeCaseworker || a == AssigneePartner
}

// Limits of what a caseworker adds to a plan.
const (
	MaxOwnStepRunes = 1000
	MaxPartnerRunes = 200
	MaxPlanSteps    = 60
)

// ValidateFinish checks what the caseworker added to a step: a due day, who does it, an own
// step without citation.
func (s Step) ValidateFinish() error {
	if s.Due != "" {
		if _, err := time.Parse("2006-01-02", s.Due); err != nil {
			return Errorf(EINVALID, "due date %q is not a day: write 2026-03-02", s.Due)
		}
	}
	if !s.Who.Valid() {
		return Errorf(EINVALID, "who %q is not known: use person, caseworker or partner", s.Who)
	}
	if s.Partner != "" && s.Who != AssigneePartner {
		return Errorf(EINVALID, "a partner's name is given but the step is not done by a partner: set who to partner")
	}
	if utf8.RuneCountInString(s.Partner) > MaxPartnerRunes {
		return Errorf(EINVALID, "the partner's name is over %d characters", MaxPartnerRunes)
	}
	if s.Own {
		if len(s.Citations) > 0 || len(s.Services) > 0 {
			return Errorf(EINVALID, "a step of your own carries no citation: it is not from the doctrine")
		}
		if strings.TrimSpace(s.Action) == "" {
			return Errorf(EINVALID, "a step of your own needs its text")
		}
		if utf8.RuneCountInString(s.Action) > MaxOwnStepRunes {
			return Errorf(EINVALID, "a step of your own is over %d characters", MaxOwnStepRunes)
		}
	}
	return nil
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
