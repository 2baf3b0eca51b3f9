package plan

import (
	"context"
	"fmt"
	"sync"

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
	Need       string     // code of the need it bears on most, "" if none in particular
	Rank       int        // 1-based, in the context's order: most relevant to the case first
	QueryRank  int        // 1-based rank in the search of its need (or of the whole situation)
	// Score is how much it bears on the case, NeedScore on its need, NeedScores on each need
	// whose search found it (relevance.go); zero for a passage the planner did not score.
	Score      float64
	NeedScore  float64
	NeedScores map[string]float64
}

// needScore is how much the passage bears on a need: its score for it when the planner scored
// it, its place in the context when it is the need's passage and nothing was scored.
func (p *Passage) needScore(need string) float64 {
	if p.Score > 0 {
		return p.NeedScores[need]
	}
	if p.Need == need {
		return p.weight()
	}
	return 0
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
	// rel is how the planner weighed the case's words (relevance.go), for the extractive
	// generator to tell a sentence about the case from one that only sits beside it; nil
	// when the context was made otherwise.
	rel *relevance

	// wide keeps the extractive generator's wide draw by its size: a Selector shows it to the
	// model and the plan offers what was not taken from it (offer), the same draw (drawWide).
	wideMu sync.Mutex
	wide   map[int]Draft
	// memo keeps what the extractive generator reads of the passages' text alone.
	memo docMemo
}

// drawWide is the extractive generator's wide draw of at most limit candidates, drawn once per
// context and size: the steps a reader chooses among. Drafts are read, never changed, by those
// who share it.
func (c *Context) drawWide(ctx context.Context, limit int) (Draft, error) {
	c.wideMu.Lock()
	defer c.wideMu.Unlock()
	if d, ok := c.wide[limit]; ok {
		return d, nil
	}
	d, err := (&Extractive{Terms: c.terms(), MaxSteps: limit, wide: true}).Generate(ctx, c)
	if err != nil {
		return d, err
	}
	if c.wide == nil {
		c.wide = map[int]Draft{}
	}
	c.wide[limit] = d
	return d, nil
}

// terms cuts text into terms as the planner did for this context.
func (c *Context) terms() Terms {
	if c.rel != nil {
		return c.rel.terms
	}
	return analyzerTerms()
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
