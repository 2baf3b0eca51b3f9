package socle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// UsageKind says what a usage event records.
type UsageKind string

const (
	UsagePlan     UsageKind = "plan"     // a plan made, saved or not
	UsageSearch   UsageKind = "search"   // a search of the doctrine
	UsageOpen     UsageKind = "open"     // a section opened
	UsageFeedback UsageKind = "feedback" // a verdict on a plan's step
	// UsageDraft is what a caseworker kept of a plan's draft when saving it: the steps kept and
	// removed, the passages offered beside it and added.
	UsageDraft UsageKind = "draft"
)

// UsageEvent is what Socle keeps of a plan, a search, a section opened or a verdict, for the
// insights on the doctrine: which needs it answers, which sections are used or disputed. It
// never holds a situation, a digest or an identifier of a person helped: a search's text is
// kept only pseudonymized, a feedback comment only as stored with its plan (pseudonymized).
type UsageEvent struct {
	ID       string
	OrgID    string
	UserID   string // the member
	Kind     UsageKind
	At       time.Time
	Needs    []NeedUse      // plans: the needs detected, and whether the doctrine answered each
	Cited    []CitedSection // plans: the sections cited; opens: the section; feedback: the step's
	Services []string       // plans: the services proposed, as "versionID/serviceID"
	Query    string         // searches: the text searched, pseudonymized
	Found    bool           // searches: some result was good enough
	Verdict  Verdict        // feedback
	Comment  string         // feedback: the comment, pseudonymized
	Passages []PassageUse   // drafts: what became of each passage the plan proposed
}

// PassageUse is what a caseworker did with one passage of the doctrine a plan proposed for a
// need: a step kept or removed, or a passage offered beside the steps and added. It names the
// passage by its guide and a digest of its words, which outlive versions that leave them as they
// are, and says nothing of the case.
type PassageUse struct {
	Need    string
	GuideID string
	Digest  string // PassageDigest of the quoted words
	Use     PassageVerdict
	// Where the passage was, for the insights to show it: the version, section and span cited.
	VersionN  int    `json:",omitempty"`
	SectionID string `json:",omitempty"`
	Span      Span
}

// PassageVerdict says what became of a passage a plan proposed.
type PassageVerdict string

const (
	PassageKept    PassageVerdict = "kept"    // a step saved with the plan
	PassageRemoved PassageVerdict = "removed" // a step taken out before saving
	PassageAdded   PassageVerdict = "added"   // a passage offered beside the steps, added to them
)

// Key names the passage, for the need, in usage counts: kind "passage" counts the times it was a
// step of a saved draft (N) and removed (M), kind "taken" the times it was added from those
// offered; kinds "remover" and "adder", keyed by Key, "|" and the member's id, count each member's.
func (u PassageUse) Key() string { return u.Need + "|" + u.GuideID + "|" + u.Digest }

// PassageDigest names a quote by its words: spacing and case aside, the same words in another
// version of the guide give the same digest.
func PassageDigest(quote string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join(strings.Fields(quote), " "))))
	return hex.EncodeToString(sum[:12])
}

// NeedUse is a need detected in a plan.
type NeedUse struct {
	Code    string
	Covered bool // some step answers it
	// Stated: the caseworker added it (or took it among those suggested), Socle had not read it
	// in the text. Needs often added by hand show the phrasings the lexicon misses, which the
	// organization's glossary can teach it.
	Stated bool `json:",omitempty"`
}

// CitedSection is a section of a guide version used by an event.
type CitedSection struct {
	GuideID   string
	VersionN  int
	SectionID string
	Score     float64 // how well it supported the step, when cited
}

// Key names the section in usage counts.
func (c CitedSection) Key() string {
	return fmt.Sprintf("%s|%d|%s", c.GuideID, c.VersionN, c.SectionID)
}

// ParseSectionKey reads a key made by CitedSection.Key.
func ParseSectionKey(k string) (CitedSection, bool) {
	parts := strings.SplitN(k, "|", 3)
	if len(parts) != 3 {
		return CitedSection{}, false
	}
	var n int
	if _, err := fmt.Sscan(parts[1], &n); err != nil {
		return CitedSection{}, false
	}
	return CitedSection{GuideID: parts[0], VersionN: n, SectionID: parts[2]}, true
}

// UsageCount is a day's tally of one thing in an organization: the unit insights read, so that a
// period of a hundred thousand events reads a few thousand counts. N counts events; M counts
// those of them that went wrong (a need not covered, a search without a good result, a negative
// verdict).
type UsageCount struct {
	OrgID string
	Day   time.Time // midnight UTC
	Kind  string    // "plan", "search", "need", "stated", "cite", "open", "miss", "feedback", "service", "passage", "taken", "remover", "adder"
	Key   string    // a need code, a section key, a query, a service…; "" for totals
	N     int
	M     int
}

// Day returns the UTC day of t.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// maxQueryKey bounds a search's text kept as a count's key.
const maxQueryKey = 200

// Counts returns the tallies an event adds to its day.
func (e UsageEvent) Counts() []UsageCount {
	day := Day(e.At)
	c := func(kind, key string, m bool) UsageCount {
		u := UsageCount{OrgID: e.OrgID, Day: day, Kind: kind, Key: key, N: 1}
		if m {
			u.M = 1
		}
		return u
	}
	var out []UsageCount
	switch e.Kind {
	case UsagePlan:
		out = append(out, c("plan", "", false))
		for _, n := range e.Needs {
			out = append(out, c("need", n.Code, !n.Covered))
			if n.Stated {
				out = append(out, c("stated", n.Code, false))
			}
		}
		seen := map[string]bool{}
		for _, s := range e.Cited {
			if k := s.Key(); !seen[k] {
				seen[k] = true
				out = append(out, c("cite", k, false))
			}
		}
		for _, s := range e.Services {
			out = append(out, c("service", s, false))
		}
	case UsageSearch:
		out = append(out, c("search", "", !e.Found))
		if !e.Found {
			out = append(out, c("miss", QueryKey(e.Query), true))
		}
	case UsageOpen:
		for _, s := range e.Cited {
			out = append(out, c("open", s.Key(), false))
		}
	case UsageFeedback:
		negative := e.Verdict == VerdictWrong || e.Verdict == VerdictUnsupported
		for _, s := range e.Cited {
			out = append(out, c("feedback", s.Key(), negative))
		}
	case UsageDraft:
		// "remover" and "adder" are keyed by the passage and the member: how many members
		// removed or added a passage, so that one member's habit does not move it for everyone.
		for _, u := range e.Passages {
			switch u.Use {
			case PassageAdded:
				out = append(out, c("taken", u.Key(), false), c("adder", u.Key()+"|"+e.UserID, false))
			case PassageRemoved:
				out = append(out, c("passage", u.Key(), true), c("remover", u.Key()+"|"+e.UserID, false))
			default:
				out = append(out, c("passage", u.Key(), false))
			}
		}
	}
	return out
}

// QueryKey is a search's text as counted: lower case, spaces collapsed, bounded.
func QueryKey(q string) string {
	q = strings.Join(strings.Fields(strings.ToLower(q)), " ")
	if len(q) > maxQueryKey {
		q = strings.ToValidUTF8(q[:maxQueryKey], "")
	}
	return q
}

// UsageFilter narrows a list of usage events; zero fields match everything.
type UsageFilter struct {
	From, To time.Time // At in [From, To)
	Kind     UsageKind
	// Commented keeps only the events with a comment (verdicts commented on): the insights
	// read those among thousands of verdicts.
	Commented bool
	Limit     int // newest first; 0 means 1000
}

// Validate checks an event's kind and organization.
func (e *UsageEvent) Validate() error {
	switch e.Kind {
	case UsagePlan, UsageSearch, UsageOpen, UsageFeedback, UsageDraft:
	default:
		return Errorf(EINVALID, "usage event kind %q is not valid", e.Kind)
	}
	for _, u := range e.Passages {
		if u.Use != PassageKept && u.Use != PassageRemoved && u.Use != PassageAdded {
			return Errorf(EINVALID, "passage use %q is not valid: kept, removed or added", u.Use)
		}
	}
	if e.OrgID == "" {
		return Errorf(EINVALID, "usage event has no organization")
	}
	return nil
}

// SumUsage sums daily tallies per kind and key (Day zero), sorted by kind then key.
func SumUsage(counts []UsageCount) []UsageCount {
	at := map[[2]string]int{}
	var out []UsageCount
	for _, c := range counts {
		k := [2]string{c.Kind, c.Key}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, UsageCount{OrgID: c.OrgID, Kind: c.Kind, Key: c.Key})
		}
		out[i].N += c.N
		out[i].M += c.M
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Key < out[j].Key
	})
	return out
}
