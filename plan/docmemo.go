package plan

import "sync"

// docMemo keeps, for one context, what the extractive generator reads of the doctrine's text
// alone, whatever the case: which needs a heading names, whether a sentence stands alone in its
// section, how much a sentence reads as an instruction. A plan's passages share their fiches'
// titles and chapters, and the plan's draw and its wide draw (offer) read the same sentences:
// each is read once (a fifth of a plan's time on the service-public corpus, docs/plans.md,
// forty-sixth round). Nothing is kept from one plan to the next.
type docMemo struct {
	mu      sync.Mutex
	named   map[namedKey][]string
	alone   map[aloneKey]bool
	actions map[string]float64
}

type namedKey struct {
	heading string // folded
	guide   bool
}

// aloneKey is a sentence by where it sits: its version, its section, its offsets in the
// section's text.
type aloneKey struct {
	version, section string
	start, end       int
}

// remember returns what m holds for key, or reads it and keeps it. The lock is not held while
// reading: two readers of one key read it alike.
func remember[K comparable, V any](mu *sync.Mutex, m *map[K]V, key K, read func() V) V {
	mu.Lock()
	v, ok := (*m)[key]
	mu.Unlock()
	if ok {
		return v
	}
	v = read()
	mu.Lock()
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[key] = v
	mu.Unlock()
	return v
}

// needsNamed returns the codes of the needs a folded heading names (sectionNeed); a nil memo
// reads it each time.
func (m *docMemo) needsNamed(all []Need, heading string, guide bool) []string {
	read := func() []string {
		var codes []string
		for _, n := range all {
			if guide && n.NamesChapter(heading) || !guide && n.MatchesStrongly(heading) {
				codes = append(codes, n.Code)
			}
		}
		return codes
	}
	if m == nil {
		return read()
	}
	return remember(&m.mu, &m.named, namedKey{heading, guide}, read)
}

// standsAlone is standsAlone for a passage's sentence at [start, end) of its section's text.
func (m *docMemo) standsAlone(p *Passage, start, end int) bool {
	return remember(&m.mu, &m.alone, aloneKey{p.VersionID, p.Section.ID, start, end}, func() bool {
		return standsAlone(p.Section.Text, start, end)
	})
}

// actionability is actionability(sentence), read once.
func (m *docMemo) actionability(sentence string) float64 {
	return remember(&m.mu, &m.actions, sentence, func() float64 { return actionability(sentence) })
}
