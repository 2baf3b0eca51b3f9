package plan

import "sync"

// docMemo keeps, for one context, what the extractive generator reads of the doctrine's text
// alone, whatever the case: which needs a heading names, whether a sentence stands alone in its
// section, how much a sentence reads as an instruction. A plan's passages share their fiches'
// titles and chapters, and the plan's draw and its wide draw (offer) read the same sentences:
// each is read once (a fifth of a plan's time on the service-public corpus, docs/plans.md).
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

// needsNamed returns the codes of the needs a folded heading names (sectionNeed).
func (m *docMemo) needsNamed(all []Need, heading string, guide bool) []string {
	key := namedKey{heading, guide}
	if m != nil {
		m.mu.Lock()
		codes, ok := m.named[key]
		m.mu.Unlock()
		if ok {
			return codes
		}
	}
	var codes []string
	for _, n := range all {
		if guide && n.NamesChapter(heading) || !guide && n.MatchesStrongly(heading) {
			codes = append(codes, n.Code)
		}
	}
	if m != nil {
		m.mu.Lock()
		if m.named == nil {
			m.named = map[namedKey][]string{}
		}
		m.named[key] = codes
		m.mu.Unlock()
	}
	return codes
}

// standsAlone is standsAlone for a passage's sentence at [start, end) of its section's text.
func (m *docMemo) standsAlone(p *Passage, start, end int) bool {
	key := aloneKey{p.VersionID, p.Section.ID, start, end}
	m.mu.Lock()
	v, ok := m.alone[key]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = standsAlone(p.Section.Text, start, end)
	m.mu.Lock()
	if m.alone == nil {
		m.alone = map[aloneKey]bool{}
	}
	m.alone[key] = v
	m.mu.Unlock()
	return v
}

// actionability is actionability(sentence), read once.
func (m *docMemo) actionability(sentence string) float64 {
	m.mu.Lock()
	v, ok := m.actions[sentence]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = actionability(sentence)
	m.mu.Lock()
	if m.actions == nil {
		m.actions = map[string]float64{}
	}
	m.actions[sentence] = v
	m.mu.Unlock()
	return v
}
