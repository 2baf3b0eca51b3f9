package plan

import (
	"fmt"

	"github.com/socle-project/socle"
)

// Passage is a piece of doctrine a plan may cite: one passage of one section of a published
// version, as retrieval found it, with the section's whole text at hand so that a quote's span
// can be told in the section's own offsets.
type Passage struct {
	ID         string // "P1", "P2"…: how generators refer to it
	GuideID    string
	GuideSlug  string
	GuideTitle string
	VersionID  string
	VersionN   int
	Section    socle.Section
	Span       socle.Span // the passage within Section.Text
	Need       string     // code of the need whose query found it first
	Rank       int        // 1-based, in the merged order of all the case's queries
	QueryRank  int        // 1-based rank in the query that found it first
}

// Text returns the passage's text.
func (p *Passage) Text() string { return p.Section.Text[p.Span.Start:p.Span.End] }

// Context is what a generator works from. Everything in it is pseudonymized.
type Context struct {
	Situation string // pseudonymized
	Facts     Facts
	Needs     []Detected
	Passages  []Passage
	Services  []socle.Service // eligible services of the published catalogs
}

// passage returns the passage with the given id.
func (c *Context) passage(id string) (*Passage, bool) {
	for i := range c.Passages {
		if c.Passages[i].ID == id {
			return &c.Passages[i], true
		}
	}
	return nil, false
}

func passageID(i int) string { return fmt.Sprintf("P%d", i+1) }

// Draft is what a generator proposes, before verification.
type Draft struct {
	Steps []DraftStep
}

// DraftStep is a proposed step and the passages it claims support it.
type DraftStep struct {
	Action     string
	Rationale  string
	Need       string // need code, if the generator knows it
	Citations  []DraftCitation
	ServiceIDs []string // "versionID/serviceID" of services it suggests
}

// DraftCitation is a claimed quote of a passage.
type DraftCitation struct {
	PassageID string
	Quote     string
}
