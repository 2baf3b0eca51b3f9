package retrieval

import (
	"context"

	"github.com/socle-project/socle"
)

// Glossary gives an organization's glossary; socle.GlossaryStore satisfies it.
type Glossary interface {
	Glossary(ctx context.Context, orgID string) ([]socle.GlossaryEntry, error)
}

// Expansion is a glossary rewrite applied to a query: From was found in it, To was added.
type Expansion struct {
	From string
	To   string
}

// maxExpansions bounds what a query can grow into, whatever the glossary holds.
const maxExpansions = 16

// expand finds the glossary entries a query mentions and returns what to add: an entry's
// expansions when the query uses its term ("ASE" → "aide sociale à l'enfance"), and its term
// when the query spells out one of its expansions, so that passages written with the
// acronym are found too. Matching is on analyzed terms, so case, accents, elision and
// inflection do not matter.
func expand(a *Analyzer, text string, entries []socle.GlossaryEntry) []Expansion {
	q := a.Terms(text)
	if len(q) == 0 || len(entries) == 0 {
		return nil
	}
	var out []Expansion
	seen := map[string]bool{}
	add := func(from, to string) {
		if len(out) < maxExpansions && !seen[to] {
			seen[to] = true
			out = append(out, Expansion{From: from, To: to})
		}
	}
	for _, e := range entries {
		if contains(q, a.Terms(e.Term)) {
			for _, x := range e.Expansions {
				if !contains(q, a.Terms(x)) {
					add(e.Term, x)
				}
			}
			continue
		}
		for _, x := range e.Expansions {
			if contains(q, a.Terms(x)) {
				add(x, e.Term)
				break
			}
		}
	}
	return out
}

// contains reports whether the terms of phrase occur in q consecutively (stop words aside).
func contains(q, phrase []Term) bool {
	if len(phrase) == 0 || len(phrase) > len(q) {
		return false
	}
outer:
	for i := 0; i+len(phrase) <= len(q); i++ {
		for j := range phrase {
			if q[i+j].Text != phrase[j].Text {
				continue outer
			}
		}
		return true
	}
	return false
}
