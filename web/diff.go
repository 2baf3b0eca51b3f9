package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// diffVersions reads ?from=&to= (to defaults to the published version, from to the one before
// to) and compares them.
func (s *Server) diffVersions(r *http.Request, p access.Principal) (authoring.Diff, error) {
	slug := r.PathValue("slug")
	from, err := versionNumber(r.FormValue("from"), true)
	if err != nil {
		return authoring.Diff{}, err
	}
	to, err := versionNumber(r.FormValue("to"), true)
	if err != nil {
		return authoring.Diff{}, err
	}
	if to == 0 || from == 0 {
		page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, slug, to, seesDrafts(p))
		if err != nil {
			return authoring.Diff{}, err
		}
		if page.Version == nil {
			return authoring.Diff{}, socle.Errorf(socle.ENOTFOUND, "guide %q has no version", slug)
		}
		to = page.Version.N
		if from == 0 {
			from = page.Version.BaseN
		}
		if from == 0 {
			return authoring.Diff{}, socle.Errorf(socle.EINVALID, "version %d has no version before it to compare with: give ?from=", to)
		}
	}
	return s.Authoring.Compare(r.Context(), p.Org.ID, slug, from, to, seesDrafts(p))
}

func (s *Server) diffPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	d, err := s.diffVersions(r, p)
	if err != nil {
		return err
	}
	v := diffView{Diff: d, All: r.FormValue("all") == "1"}
	title := d.Guide.Title + " · v" + strconv.Itoa(d.From.N) + " → v" + strconv.Itoa(d.To.N)
	return s.render(w, r, http.StatusOK, "diff", title, &p, v)
}

// diffView is the comparison page: changed sections with their words, and the unchanged ones
// folded unless All.
type diffView struct {
	authoring.Diff
	All bool
}

type wordJSON struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type sectionDiffJSON struct {
	Change    socle.Change `json:"change"`
	SectionID string       `json:"section_id"`
	Path      []string     `json:"path"`
	OldID     string       `json:"old_section_id,omitempty"`
	OldPath   []string     `json:"old_path,omitempty"`
	Moved     bool         `json:"moved,omitempty"`
	Inserted  []wordJSON   `json:"inserted,omitempty"`
	Deleted   []wordJSON   `json:"deleted,omitempty"`
}

// apiDiff answers GET /api/v1/guides/{slug}/diff?from=N&to=M: one entry per section, with the
// words inserted (positions in the new text) and deleted (positions in the old text) for the
// changed ones.
func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	d, err := s.diffVersions(r, p)
	if err != nil {
		return err
	}
	out := make([]sectionDiffJSON, 0, len(d.Sections))
	for _, sd := range d.Sections {
		j := sectionDiffJSON{Change: sd.Change, Moved: sd.Moved}
		switch {
		case sd.New != nil:
			j.SectionID, j.Path = sd.New.ID, nonNil(sd.New.Path)
			if sd.Old != nil && (sd.Old.ID != sd.New.ID || sd.Renamed) {
				j.OldID, j.OldPath = sd.Old.ID, nonNil(sd.Old.Path)
			}
		default:
			j.SectionID, j.Path = sd.Old.ID, nonNil(sd.Old.Path)
		}
		for _, seg := range sd.Words {
			switch seg.Op {
			case "insert":
				j.Inserted = append(j.Inserted, wordJSON{seg.Text, seg.Start, seg.End})
			case "delete":
				j.Deleted = append(j.Deleted, wordJSON{seg.Text, seg.Start, seg.End})
			}
		}
		out = append(out, j)
	}
	counts := map[socle.Change]int{}
	for k, n := range d.Counts {
		counts[k] = n
	}
	writeJSON(w, http.StatusOK, map[string]any{"guide": d.Guide.Slug, "from": d.From.N, "to": d.To.N, "counts": counts, "sections": out})
	return nil
}

var diffMessages = catalog{
	"fr": {
		"diff.title":         "Comparaison",
		"diff.open":          "Ouvrir la comparaison complète",
		"diff.legend":        "Légende :",
		"diff.deleted":       "texte retiré",
		"diff.inserted":      "texte ajouté",
		"diff.showall":       "Afficher aussi les sections inchangées",
		"diff.was":           "auparavant",
		"diff.changed":       "modifiée(s)",
		"diff.added":         "ajoutée(s)",
		"diff.removed":       "retirée(s)",
		"diff.moved":         "déplacée(s)",
		"diff.unchanged":     "inchangée(s)",
		"diff.one.changed":   "modifiée",
		"diff.one.added":     "ajoutée",
		"diff.one.removed":   "retirée",
		"diff.one.moved":     "déplacée",
		"diff.one.unchanged": "inchangée",
	},
	"en": {
		"diff.title":         "Comparison",
		"diff.open":          "Open the full comparison",
		"diff.legend":        "Key:",
		"diff.deleted":       "text removed",
		"diff.inserted":      "text added",
		"diff.showall":       "Show the unchanged sections too",
		"diff.was":           "formerly",
		"diff.changed":       "changed",
		"diff.added":         "added",
		"diff.removed":       "removed",
		"diff.moved":         "moved",
		"diff.unchanged":     "unchanged",
		"diff.one.changed":   "changed",
		"diff.one.added":     "added",
		"diff.one.removed":   "removed",
		"diff.one.moved":     "moved",
		"diff.one.unchanged": "unchanged",
	},
}

// excerptContext is how much unchanged text is kept on each side of a change.
const excerptContext = 200

// excerpt keeps, of a changed section's words, the changes and some text around each: read in
// full, a long section hides its one changed sentence. The section's page shows it whole.
func excerpt(segs []authoring.Segment) []authoring.Segment {
	out := make([]authoring.Segment, 0, len(segs))
	for i, s := range segs {
		if s.Op != "equal" || len(s.Text) <= 3*excerptContext {
			out = append(out, s)
			continue
		}
		after, before := i > 0, i < len(segs)-1 // a change before it, a change after it
		switch {
		case after && before:
			s.Text = headOf(s.Text) + " … " + tailOf(s.Text)
		case after:
			s.Text = headOf(s.Text) + " …"
		case before:
			s.Text = "… " + tailOf(s.Text)
		}
		out = append(out, s)
	}
	return out
}

// headOf and tailOf cut text near excerptContext bytes, at a space.
func headOf(text string) string {
	cut := excerptContext
	if i := strings.LastIndexByte(text[:cut], ' '); i > 0 {
		cut = i
	}
	return strings.ToValidUTF8(text[:cut], "")
}

func tailOf(text string) string {
	cut := len(text) - excerptContext
	if i := strings.IndexByte(text[cut:], ' '); i >= 0 {
		cut += i + 1
	}
	return strings.ToValidUTF8(text[cut:], "")
}
