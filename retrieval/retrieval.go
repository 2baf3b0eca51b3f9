// Package retrieval finds the passages of an organization's guides that answer a question: a
// French full-text index (bleve, BM25), a vector index behind a small contract, embedders,
// reciprocal rank fusion of the two, the upkeep of both indexes from the store, and the
// evaluation that measures them. Every search is scoped to one organization inside each index.
package retrieval

import (
	"strconv"
	"strings"

	"github.com/socle-project/socle"
)

// Passage is the unit both indexes hold: one passage of one section of one guide version.
type Passage struct {
	OrgID     string
	GuideID   string
	Kind      socle.GuideKind
	VersionID string
	VersionN  int
	State     socle.VersionState
	SectionID string
	Ordinal   int        // the section's position in its version
	Index     int        // the passage's position in its section
	Span      socle.Span // byte offsets of the passage in the section's text
	Path      []string   // heading breadcrumb of the section
	// Title is the document's title. Both indexes read it with the headings: the fiche "Apa à
	// domicile" names its subject in its title and nowhere in its sections' headings.
	Title     string
	PageStart int // pages the passage lies on, 0 for unpaginated sources
	PageEnd   int
	Text      string
}

// Key identifies a passage in both indexes. It names the organization too, so that two
// organizations can never share an entry whatever ids their store hands out.
func (p *Passage) Key() string {
	return PassageKey(p.OrgID, p.VersionID, p.SectionID, p.Index)
}

// PassageKey is the key of passage i of a section of a version.
func PassageKey(orgID, versionID, sectionID string, i int) string {
	return orgID + "\x1f" + versionID + "\x1f" + sectionID + "\x1f" + strconv.Itoa(i)
}

// Heading returns the passage's heading path as one line, outermost first.
func (p *Passage) Heading() string { return strings.Join(p.Path, " › ") }

// indexedHeading is what the indexes read as the passage's heading: the document's title,
// unless the path already starts with it, then the path.
func (p *Passage) indexedHeading() string {
	h := p.Heading()
	t := strings.TrimSpace(p.Title)
	if t == "" || len(p.Path) > 0 && strings.EqualFold(strings.TrimSpace(p.Path[0]), t) {
		return h
	}
	if h == "" {
		return t
	}
	return t + " › " + h
}

// Passages cuts the sections of a version into the passages the indexes hold. A section
// without passages is read as one passage covering its text; blank passages are skipped.
func Passages(g socle.Guide, v socle.Version, sections []socle.Section) ([]Passage, error) {
	title := v.Title
	if strings.TrimSpace(title) == "" {
		title = g.Title
	}
	var out []Passage
	for i := range sections {
		s := &sections[i]
		spans := s.Passages
		if len(spans) == 0 {
			spans = []socle.Span{{Start: 0, End: len(s.Text)}}
		}
		for j, sp := range spans {
			if sp.Start < 0 || sp.End > len(s.Text) || sp.Start > sp.End {
				return nil, socle.Errorf(socle.EINVALID, "section %q of version %s: passage %d spans %d..%d outside its %d bytes of text", s.ID, v.ID, j, sp.Start, sp.End, len(s.Text))
			}
			text := s.Text[sp.Start:sp.End]
			if strings.TrimSpace(text) == "" {
				// Nothing to cite; a heading alone is searchable through its children's
				// paths, which start with it.
				continue
			}
			p := Passage{
				OrgID: v.OrgID, GuideID: v.GuideID, Kind: g.Kind,
				VersionID: v.ID, VersionN: v.N, State: v.State,
				SectionID: s.ID, Ordinal: s.Ordinal, Index: j, Span: sp,
				Path: s.Path, Title: title, Text: text,
			}
			if s.PageStart > 0 {
				p.PageStart = s.PageAt(sp.Start)
				p.PageEnd = s.PageAt(max(sp.Start, sp.End-1))
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// Filter narrows a search within one organization. OrgID is required: every index applies it
// inside its engine, before ranking, and refuses a search without it.
type Filter struct {
	OrgID     string
	GuideIDs  []string // any of these guides; empty means every guide
	Kinds     []string // any of these guide kinds; empty means every kind
	VersionID string   // this version only, whatever its state; empty means published versions only
}

// validate reports a missing organization, the one filter no search may lack.
func (f *Filter) validate() error {
	if strings.TrimSpace(f.OrgID) == "" {
		return socle.Errorf(socle.EINVALID, "search has no organization: every search is scoped to the caller's organization")
	}
	return nil
}

// Mode says which ranking a search uses.
type Mode string

const (
	ModeBM25   Mode = "bm25"   // French full text only
	ModeVector Mode = "vector" // embeddings only
	ModeHybrid Mode = "hybrid" // both, fused by reciprocal rank
)

// Modes lists the modes in the order reports show them.
var Modes = []Mode{ModeBM25, ModeVector, ModeHybrid, ModeSituation}

// ParseMode reads a mode name; the empty string is hybrid.
func ParseMode(s string) (Mode, error) {
	switch Mode(strings.ToLower(strings.TrimSpace(s))) {
	case "", ModeHybrid:
		return ModeHybrid, nil
	case ModeBM25:
		return ModeBM25, nil
	case ModeVector:
		return ModeVector, nil
	case ModeSituation:
		return ModeSituation, nil
	}
	return "", socle.Errorf(socle.EINVALID, "search mode %q is not known: use bm25, vector, hybrid or situation", s)
}

// Query is what a caller asks. The organization is not part of it: Search takes it apart,
// from the caller's identity.
type Query struct {
	Text      string
	Mode      Mode // empty means hybrid
	GuideIDs  []string
	Kinds     []socle.GuideKind
	VersionID string // one version; empty means published versions only
	Limit     int    // hits to return; 0 means 10, at most MaxLimit
	// Needs and WithoutNeeds are for the situation mode: needs the caseworker adds (codes or
	// labels) and needs they struck out (codes), whatever the text shows.
	Needs        []string
	WithoutNeeds []string
	// NoFragments leaves the hits' Fragments empty, for a caller that shows no excerpts (the
	// planner): marking the query's words means scoring the passages again with every
	// word's positions and running the highlighter, a tenth of a plan's time.
	NoFragments bool
}

// MaxLimit bounds the hits of one search.
const MaxLimit = 200

// MaxQueryBytes bounds the text of one query.
const MaxQueryBytes = 4096

// Hit is a passage found by a search, with what each ranking made of it.
type Hit struct {
	Passage
	Score       float64 // the mode's score: BM25, cosine, or fused
	BM25Rank    int     // 1-based rank in the full-text ranking, 0 if not in it
	VectorRank  int     // 1-based rank in the vector ranking, 0 if not in it
	BM25Score   float64
	VectorScore float64
	// Need is, in the situation mode, the code of the need whose query ranked the passage
	// best ("" when the whole situation's query did), and NeedRank its 1-based rank there.
	Need     string
	NeedRank int
	// Fragments are excerpts of the passage with the query's words marked: HTML-escaped text
	// with <mark>…</mark> around each match, safe to insert in a page as is.
	Fragments []string
}

// Result is the answer to a search.
type Result struct {
	Mode     Mode
	Hits     []Hit
	Expanded []string // glossary expansions added to the query, "ASE → aide sociale à l'enfance"
	// Situation is what the situation mode read in the query: needs, facts, searches.
	Situation *SituationReading
}

func (q *Query) normalize() error {
	if len(q.Text) > MaxQueryBytes {
		return socle.Errorf(socle.ETOOLARGE, "query is %d bytes: keep it under %d", len(q.Text), MaxQueryBytes)
	}
	if strings.TrimSpace(q.Text) == "" {
		return socle.Errorf(socle.EINVALID, "query is empty: type a few words")
	}
	m, err := ParseMode(string(q.Mode))
	if err != nil {
		return err
	}
	q.Mode = m
	switch {
	case q.Limit < 0:
		return socle.Errorf(socle.EINVALID, "limit %d is negative", q.Limit)
	case q.Limit == 0:
		q.Limit = 10
	case q.Limit > MaxLimit:
		return socle.Errorf(socle.EINVALID, "limit %d is over %d", q.Limit, MaxLimit)
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return socle.Errorf(socle.EINVALID, "guide kind %q is not valid: use methodology, catalog or reference", k)
		}
	}
	return nil
}

func (q *Query) filter(orgID string) Filter {
	f := Filter{OrgID: orgID, GuideIDs: q.GuideIDs, VersionID: q.VersionID}
	for _, k := range q.Kinds {
		f.Kinds = append(f.Kinds, string(k))
	}
	return f
}
