package socle

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// PassageRule is a methodology lead's decision about one passage of the doctrine that plans
// propose for a need. What colleagues keep and remove moves passages in and out of plans
// (plan/learned.go) once two members agree, whoever they are; a rule is the organization's own
// answer, and prevails: keep proposing the passage as a step for that need, or stop. It names
// the passage as PassageUse does, by guide and a digest of its words, so a version that rewrites
// the passage leaves the rule behind with the old words.
type PassageRule struct {
	OrgID   string
	Need    string // the need code
	GuideID string
	Digest  string // PassageDigest of the passage's words
	Rule    PassageRuleKind
	// Where the lead saw the passage, for pages to show it: the version, section and span.
	VersionN  int
	SectionID string
	Span      Span
	UserID    string    // who decided
	At        time.Time // set by the store
}

// PassageRuleKind is what a rule decides.
type PassageRuleKind string

const (
	// RuleKeep: proposed as a step for the need whenever a plan finds it, however often
	// colleagues took it out.
	RuleKeep PassageRuleKind = "keep"
	// RuleSetAside: never proposed as a step for the need; plans offer it beside the steps.
	RuleSetAside PassageRuleKind = "set_aside"
)

// Key names the passage for the need, as PassageUse.Key does.
func (r PassageRule) Key() string { return r.Need + "|" + r.GuideID + "|" + r.Digest }

var (
	needCodePattern = regexp.MustCompile(`^[a-z][a-z-]{0,39}$`)
	digestPattern   = regexp.MustCompile(`^[0-9a-f]{24}$`)
)

// AuditDetail says, for the audit log, what setting the rule did; both stores write these words.
func (r PassageRule) AuditDetail() string {
	if r.Rule == RuleKeep {
		return fmt.Sprintf("need %s: keep proposing passage %s", r.Need, r.Digest)
	}
	return fmt.Sprintf("need %s: set aside passage %s", r.Need, r.Digest)
}

// WithdrawnDetail says, for the audit log, that the rule was withdrawn.
func (r PassageRule) WithdrawnDetail() string {
	return fmt.Sprintf("need %s: rule on passage %s withdrawn (was %s)", r.Need, r.Digest, r.Rule)
}

// Validate checks a rule before it is stored.
func (r *PassageRule) Validate() error {
	switch {
	case !needCodePattern.MatchString(r.Need):
		return Errorf(EINVALID, "need %q is not a need code: use one of the codes plans show, such as logement or ressources", r.Need)
	case r.GuideID == "":
		return Errorf(EINVALID, "a passage rule needs the guide of the passage")
	case !digestPattern.MatchString(r.Digest):
		return Errorf(EINVALID, "digest %q is not a passage digest: give the 24 hexadecimal characters the insights list with the passage", r.Digest)
	case r.Rule != RuleKeep && r.Rule != RuleSetAside:
		return Errorf(EINVALID, "rule %q is not one of keep, set_aside", r.Rule)
	case r.VersionN < 0 || r.Span.Start < 0 || r.Span.End < r.Span.Start:
		return Errorf(EINVALID, "the passage's place (version %d, span %d–%d) is not valid", r.VersionN, r.Span.Start, r.Span.End)
	}
	return nil
}

// PassageRuleStore keeps the leads' rules on passages.
type PassageRuleStore interface {
	// SetPassageRule records the rule for its passage and need, replacing an earlier one, and
	// audits it with the context's actor. It assigns At; ENOTFOUND if the guide is not the
	// organization's.
	SetPassageRule(ctx context.Context, r *PassageRule) error
	// DeletePassageRule withdraws the rule of a passage and need (key as PassageRule.Key):
	// colleagues' choices decide again. ENOTFOUND if there is none. Audited.
	DeletePassageRule(ctx context.Context, orgID, key string) error
	// PassageRules lists the organization's rules, by key.
	PassageRules(ctx context.Context, orgID string) ([]PassageRule, error)
}
