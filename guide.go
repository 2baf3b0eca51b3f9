package socle

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"time"
	"unicode/utf8"
)

// GuideKind says what a guide holds and how it is used.
type GuideKind string

const (
	KindMethodology GuideKind = "methodology" // the organization's doctrine: what plans cite
	KindCatalog     GuideKind = "catalog"     // a catalog of services matched to situations
	KindReference   GuideKind = "reference"   // outside texts (law, fiches) consulted but not doctrine
)

// Valid reports whether k is a known kind.
func (k GuideKind) Valid() bool {
	return k == KindMethodology || k == KindCatalog || k == KindReference
}

// Guide is a document an organization maintains over time: a methodology guide, a procedure, a
// service catalog. Its content lives in versions.
type Guide struct {
	ID        string
	OrgID     string
	Slug      string // unique within the organization
	Title     string
	Kind      GuideKind
	CreatedAt time.Time
}

// Validate checks the fields a caller must set.
func (g *Guide) Validate() error {
	if err := ValidateSlug("guide slug", g.Slug); err != nil {
		return err
	}
	if g.Title == "" {
		return Errorf(EINVALID, "guide title is empty: give the guide a title")
	}
	if !g.Kind.Valid() {
		return Errorf(EINVALID, "guide kind %q is not valid: use methodology, catalog or reference", g.Kind)
	}
	return nil
}

// VersionState is where a version stands in review. Only published versions are retrieved.
type VersionState string

const (
	StateDraft     VersionState = "draft"
	StateReview    VersionState = "review"
	StatePublished VersionState = "published"
	StateArchived  VersionState = "archived"
)

// CanMoveTo reports whether a version in state s may move to state t. A guide has at most one
// published version: publishing archives the one before it, and an archived version may be
// published again to roll back.
func (s VersionState) CanMoveTo(t VersionState) bool {
	switch s {
	case StateDraft:
		return t == StateReview || t == StatePublished || t == StateArchived
	case StateReview:
		return t == StateDraft || t == StatePublished || t == StateArchived
	case StatePublished:
		return t == StateArchived
	case StateArchived:
		return t == StatePublished
	}
	return false
}

// Valid reports whether s is a known state.
func (s VersionState) Valid() bool {
	switch s {
	case StateDraft, StateReview, StatePublished, StateArchived:
		return true
	}
	return false
}

// Version is one immutable state of a guide's content. Its sections, services and source bytes
// never change once created; only its review state moves.
type Version struct {
	ID           string
	OrgID        string
	GuideID      string
	N            int // 1, 2, 3… within the guide, assigned by the store
	State        VersionState
	Title        string // the document's title at this version
	SourceName   string // file name as uploaded, or "editor"
	SourceType   string // media type: application/pdf, text/markdown…
	SourceSHA256 string // hex digest of the source bytes
	SourceSize   int64
	Author       string // user id of whoever created it
	Note         string // what changed, in the author's words
	// BaseN is the version this one was written from (the one opened in the editor, or the
	// guide's latest when a file was uploaded); 0 for none. Publishing a version whose base is
	// older than the published version would undo the changes published since: see
	// authoring's review rules.
	BaseN    int
	Problems []ReadProblem // what was read with difficulty when the version was made
	// JobID is the upload job that made the version, if any. The store records the version on
	// the job in the same transaction that writes the version, so that a server stopping just
	// after cannot leave a version whose job says nothing was saved.
	JobID       string
	Metadata    map[string]string
	Sections    int // number of sections, filled by the store
	Services    int // number of services, filled by the store
	CreatedAt   time.Time
	PublishedAt time.Time // zero until first published
}

// VersionContent is what a new version holds. It is written at once with the version and never
// changes after.
type VersionContent struct {
	Source   []byte
	Sections []Section
	Services []Service
}

// CheckBase checks, once the store has numbered a new version, that its base is an earlier
// version of the guide.
func (v *Version) CheckBase() error {
	if v.BaseN < 0 || v.BaseN >= v.N {
		return Errorf(EINVALID, "version %d cannot be written from version %d: the base must be an earlier version of the guide", v.N, v.BaseN)
	}
	return nil
}

// Span is a half-open range of byte offsets into a section's Text.
type Span struct {
	Start int
	End   int
}

// Section is a citable unit of a version: a heading and the text under it, down to the next
// heading of any level. Long sections are read as passages, spans of bounded length cut on
// paragraph or sentence boundaries.
type Section struct {
	ID        string // stable within the guide: the same heading path keeps its id across versions
	OrgID     string
	GuideID   string
	VersionID string
	Ordinal   int      // position in the version, from 0
	Path      []string // heading breadcrumb, outermost first; the last is this section's own heading
	Level     int      // heading level, 1 for the outermost; 0 for text before any heading
	Text      string
	Passages  []Span // cover Text in order; one span for a short section
	PageStart int    // first page (1-based) for paginated sources, else 0
	PageEnd   int
	// PageBreaks holds the byte offsets in Text at which pages PageStart+1, PageStart+2… begin,
	// so that the page of any quoted span can be told.
	PageBreaks []int
	// Chars ties the text of a section read from a PDF to the PDF engine's own text of its
	// pages, so that the boxes of a quoted span are found without searching the text again;
	// nil for other sources and for text the engine's characters do not account for.
	Chars     []CharRun
	LineStart int // first source line (1-based) for text sources, else 0
	LineEnd   int
}

// CharRun says that the bytes [Start, End) of a section's Text are drawn, one rune for one
// character, by the characters Char, Char+1… of the engine's text of page Page (from 1). A
// ligature read as two letters gives two runs of one rune on the same character.
type CharRun struct {
	Start, End int
	Page       int
	Char       int
}

// MarshalJSON writes a run as [start, end, page, char]: a long section has hundreds of runs.
func (r CharRun) MarshalJSON() ([]byte, error) {
	return json.Marshal([4]int{r.Start, r.End, r.Page, r.Char})
}

// UnmarshalJSON reads a run written by MarshalJSON.
func (r *CharRun) UnmarshalJSON(b []byte) error {
	var a [4]int
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	r.Start, r.End, r.Page, r.Char = a[0], a[1], a[2], a[3]
	return nil
}

// PageChars is a run of the engine's characters on one page: [From, To).
type PageChars struct {
	Page     int
	From, To int
}

// CharsOf returns, page by page and in text order, the engine's characters that draw the
// bytes [start, end) of the section's Text; nil when the section has no runs there.
func (s Section) CharsOf(start, end int) []PageChars {
	var out []PageChars
	for _, r := range s.Chars {
		a, b := max(start, r.Start), min(end, r.End)
		if a >= b || r.End > len(s.Text) {
			continue
		}
		from := r.Char + utf8.RuneCountInString(s.Text[r.Start:a])
		to := from + utf8.RuneCountInString(s.Text[a:b])
		if from == to {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Page == r.Page && from >= out[n-1].From && from <= out[n-1].To {
			out[n-1].To = max(out[n-1].To, to)
			continue
		}
		out = append(out, PageChars{Page: r.Page, From: from, To: to})
	}
	return out
}

// PageAt returns the page on which the byte at offset lies, or 0 for unpaginated sources.
func (s Section) PageAt(offset int) int {
	if s.PageStart == 0 {
		return 0
	}
	return s.PageStart + sort.SearchInts(s.PageBreaks, offset+1)
}

// Heading returns the section's own heading, or "" for text before any heading.
func (s Section) Heading() string {
	if len(s.Path) == 0 {
		return ""
	}
	return s.Path[len(s.Path)-1]
}

// PassageText returns the text of passage i.
func (s Section) PassageText(i int) string {
	p := s.Passages[i]
	return s.Text[p.Start:p.End]
}

// Prepare checks the content of a new version and fills what follows from it: the source digest
// and size, section and service counts, ordinals, and the organization, guide and version ids
// of every section and service. Both stores call it before writing, so that they accept and
// refuse the same things.
func (c *VersionContent) Prepare(v *Version) error {
	if v.State == "" {
		v.State = StateDraft
	}
	if v.State != StateDraft && v.State != StateReview && v.State != StatePublished {
		return Errorf(EINVALID, "a new version cannot start in state %q: use draft, review or published", v.State)
	}
	if v.Metadata == nil {
		v.Metadata = map[string]string{}
	}
	sum := sha256.Sum256(c.Source)
	v.SourceSHA256, v.SourceSize = hex.EncodeToString(sum[:]), int64(len(c.Source))
	v.Sections, v.Services = len(c.Sections), len(c.Services)

	seen := make(map[string]bool, len(c.Sections))
	for i := range c.Sections {
		s := &c.Sections[i]
		if s.ID == "" || seen[s.ID] {
			return Errorf(EINVALID, "section %d has an empty or repeated id %q", i, s.ID)
		}
		seen[s.ID] = true
		for _, p := range s.Passages {
			if p.Start < 0 || p.Start > p.End || p.End > len(s.Text) {
				return Errorf(EINVALID, "section %q has a passage [%d,%d) outside its %d bytes of text", s.ID, p.Start, p.End, len(s.Text))
			}
		}
		s.OrgID, s.GuideID, s.VersionID, s.Ordinal = v.OrgID, v.GuideID, v.ID, i
	}
	clear(seen)
	for i := range c.Services {
		s := &c.Services[i]
		if s.ID == "" || seen[s.ID] {
			return Errorf(EINVALID, "service %d (%q) has an empty or repeated id %q", i, s.Name, s.ID)
		}
		if s.Name == "" {
			return Errorf(EINVALID, "service %q has no name", s.ID)
		}
		seen[s.ID] = true
		s.OrgID, s.GuideID, s.VersionID = v.OrgID, v.GuideID, v.ID
	}
	return nil
}
