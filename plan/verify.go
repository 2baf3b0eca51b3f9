package plan

import (
	"fmt"
	"strings"

	"github.com/socle-project/socle"
)

// DefaultMinSupport is the share of a step's content words that its quotes must contain for the
// step to count as supported. Measured on the demo plans: extractive steps score 1 by
// construction; a model's faithful paraphrases score 0.5 to 0.9; actions that add what the
// doctrine does not say fall under 0.4.
const DefaultMinSupport = 0.5

// Terms reduces text to the content words support is measured on (the retrieval analyzer's
// stems: French stop words gone, accents folded, light stemming).
type Terms func(text string) []string

// verify turns a draft into plan steps. A citation counts only if its passage was in the
// context and its quote is found in that passage (after normalization); a step counts only if
// its valid quotes carry at least minSupport of its content words. The rest is set apart with
// the reason, as "not covered by your guides".
func verify(c *Context, d Draft, terms Terms, minSupport float64) (steps, notCovered []socle.Step) {
	seen := map[string]bool{}
	for _, ds := range d.Steps {
		action := strings.TrimSpace(ds.Action)
		if action == "" {
			continue
		}
		key := strings.Join(terms(action), " ")
		if seen[key] {
			continue // the same step twice
		}
		seen[key] = true
		step := socle.Step{Action: action, Rationale: strings.TrimSpace(ds.Rationale), Need: ds.Need}
		var reasons []string
		var quotes []string
		for _, dc := range ds.Citations {
			cit, err := cite(c, dc)
			if err != "" {
				reasons = append(reasons, err)
				continue
			}
			step.Citations = append(step.Citations, cit)
			quotes = append(quotes, cit.Quote)
		}
		if len(ds.Citations) == 0 {
			reasons = append(reasons, "no passage of the guides was cited")
		}
		step.Support = support(terms, action, strings.Join(quotes, " "))
		if len(step.Citations) > 0 && step.Support < minSupport {
			reasons = append(reasons, fmt.Sprintf("the quoted passages support %.0f%% of the step's words (under %.0f%%)", 100*step.Support, 100*minSupport))
		}
		if len(step.Citations) == 0 || step.Support < minSupport {
			step.Reason = strings.Join(reasons, "; ")
			step.Citations = nil
			notCovered = append(notCovered, step)
			continue
		}
		steps = append(steps, step)
	}
	return steps, notCovered
}

// cite checks one claimed quote and pins it to its section, or says why it cannot.
func cite(c *Context, dc DraftCitation) (socle.Citation, string) {
	p, ok := c.passage(strings.TrimSpace(dc.PassageID))
	if !ok {
		return socle.Citation{}, fmt.Sprintf("passage %q was not among the passages retrieved for this case", dc.PassageID)
	}
	s, e, ok := findQuote(p.Text(), dc.Quote)
	if !ok {
		return socle.Citation{}, fmt.Sprintf("the quote attributed to %s is not in that passage", p.ID)
	}
	start, end := p.Span.Start+s, p.Span.Start+e
	sec := &p.Section
	cit := socle.Citation{
		GuideID: p.GuideID, GuideSlug: p.GuideSlug, GuideTitle: p.GuideTitle, VersionID: p.VersionID, VersionN: p.VersionN,
		SectionID: sec.ID, Path: sec.Path, Span: socle.Span{Start: start, End: end}, Quote: sec.Text[start:end],
	}
	if sec.PageStart > 0 {
		cit.PageStart, cit.PageEnd = sec.PageAt(start), sec.PageAt(max(start, end-1))
	}
	return cit, ""
}

// support returns the share of the action's distinct content words found in the quotes.
func support(terms Terms, action, quotes string) float64 {
	want := distinct(terms(action))
	if len(want) == 0 {
		return 0
	}
	have := map[string]bool{}
	for _, t := range terms(quotes) {
		have[t] = true
	}
	found := 0
	for _, t := range want {
		if have[t] {
			found++
		}
	}
	return float64(found) / float64(len(want))
}

func distinct(ts []string) []string {
	seen := map[string]bool{}
	out := ts[:0:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
