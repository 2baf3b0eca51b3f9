package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
)

// searchQuery reads a search from a request's parameters. The organization is not among them:
// it is the caller's.
func (s *Server) searchQuery(r *http.Request, p access.Principal) (retrieval.Query, error) {
	q := retrieval.Query{Text: r.FormValue("q"), Mode: retrieval.Mode(r.FormValue("mode"))}
	if l := r.FormValue("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return q, socle.Errorf(socle.EINVALID, "limit %q is not a number", l)
		}
		q.Limit = n
	}
	for _, k := range r.Form["kind"] {
		q.Kinds = append(q.Kinds, socle.GuideKind(k))
	}
	if slug := r.FormValue("guide"); slug != "" {
		g, err := s.Store.GuideBySlug(r.Context(), p.Org.ID, slug)
		if err != nil {
			return q, err
		}
		q.GuideIDs = []string{g.ID}
		if v := r.FormValue("version"); v != "" {
			n, err := versionNumber(v, false)
			if err != nil {
				return q, err
			}
			page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, slug, n, seesDrafts(p))
			if err != nil {
				return q, err
			}
			q.VersionID = page.Version.ID
		}
	} else if r.FormValue("version") != "" {
		return q, socle.Errorf(socle.EINVALID, "version needs guide: a version number belongs to one guide")
	}
	return q, nil
}

// searchHit is a hit with what a page or a client needs to show it.
type searchHit struct {
	retrieval.Hit
	GuideSlug  string
	GuideTitle string
	Fragment   template.HTML
}

func (s *Server) search(r *http.Request, p access.Principal) (retrieval.Result, []searchHit, error) {
	q, err := s.searchQuery(r, p)
	if err != nil {
		return retrieval.Result{}, nil, err
	}
	res, err := s.Search.Search(r.Context(), p.Org.ID, q)
	if err != nil {
		return res, nil, err
	}
	s.recordSearch(p, q.Text, res)
	guides := map[string]socle.Guide{}
	hits := make([]searchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		g, ok := guides[h.GuideID]
		if !ok {
			if g, err = s.Store.Guide(r.Context(), p.Org.ID, h.GuideID); err != nil {
				return res, nil, err
			}
			guides[h.GuideID] = g
		}
		hit := searchHit{Hit: h, GuideSlug: g.Slug, GuideTitle: g.Title}
		if len(h.Fragments) > 0 {
			// Fragments are escaped by the text index, <mark> aside: safe as HTML.
			hit.Fragment = template.HTML(strings.Join(h.Fragments, " … "))
		} else {
			hit.Fragment = template.HTML(template.HTMLEscapeString(clipText(h.Text, 300)))
		}
		hits = append(hits, hit)
	}
	return res, hits, nil
}

func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// apiSearch answers GET /api/v1/search?q=…&mode=&guide=&version=&kind=&limit=.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	res, hits, err := s.search(r, p)
	if err != nil {
		return err
	}
	out := make([]hitJSON, 0, len(hits))
	for _, h := range hits {
		j := hitJSON{Guide: h.GuideSlug, GuideTitle: h.GuideTitle, Version: h.VersionN, SectionID: h.SectionID,
			Path: h.Path, Span: h.Span, Text: h.Text, Score: h.Score, BM25Rank: h.BM25Rank, VectorRank: h.VectorRank,
			Fragments: h.Fragments, Need: h.Need}
		if j.Path == nil {
			j.Path = []string{}
		}
		if h.PageStart > 0 {
			j.Pages = []int{h.PageStart, h.PageEnd}
		}
		out = append(out, j)
	}
	body := map[string]any{"mode": res.Mode, "expanded": nonNil(res.Expanded), "hits": out}
	if res.Situation != nil {
		type need struct {
			Code     string   `json:"code"`
			Label    string   `json:"label"`
			LabelEN  string   `json:"label_en"`
			Stated   bool     `json:"stated,omitempty"`
			Evidence []string `json:"evidence,omitempty"`
		}
		needs, suggested := []need{}, []need{}
		for _, n := range res.Situation.Needs {
			needs = append(needs, need{n.Code, n.Label, n.LabelEN, n.Stated, n.Evidence})
		}
		for _, n := range res.Situation.Suggested {
			suggested = append(suggested, need{n.Code, n.Label, n.LabelEN, false, n.Evidence})
		}
		body["situation"] = map[string]any{"needs": needs, "suggested": suggested, "facts": res.Situation.Facts}
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type hitJSON struct {
	Guide      string     `json:"guide"`
	GuideTitle string     `json:"guide_title"`
	Version    int        `json:"version"`
	SectionID  string     `json:"section_id"`
	Path       []string   `json:"path"`
	Pages      []int      `json:"pages,omitempty"`
	Span       socle.Span `json:"span"`
	Text       string     `json:"text"`
	Fragments  []string   `json:"fragments,omitempty"`
	Score      float64    `json:"score"`
	BM25Rank   int        `json:"bm25_rank,omitempty"`
	VectorRank int        `json:"vector_rank,omitempty"`
	Need       string     `json:"need,omitempty"` // situation mode: the need whose search found it
}

// searchMessages are the texts of the search page's situation mode.
var searchMessages = catalog{
	"fr": {
		"search.situation":      "situation (besoins)",
		"search.situation.hint": "Mode situation : collez une note de situation, chaque besoin repéré est cherché à part.",
		"search.needs":          "Besoins repérés :",
		"search.needs.none":     "aucun besoin reconnu ; recherche sur la situation entière.",
		"search.suggested":      "Besoins possibles, non cherchés :",
	},
	"en": {
		"search.situation":      "situation (needs)",
		"search.situation.hint": "Situation mode: paste a case note; each need identified is searched for on its own.",
		"search.needs":          "Needs identified:",
		"search.needs.none":     "no need recognized; the whole situation was searched.",
		"search.suggested":      "Possible needs, not searched for:",
	},
}

// searchView is what the search page shows.
type searchView struct {
	Query    string
	Mode     string
	Hits     []searchHit
	Expanded []string
	Searched bool
	Needs    []string // situation mode: the needs read, labelled in the reader's language
	// Suggested are the needs the needs model suggests, not searched for, with their words.
	Suggested []string
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	v := searchView{Query: r.FormValue("q"), Mode: r.FormValue("mode")}
	if strings.TrimSpace(v.Query) != "" {
		res, hits, err := s.search(r, p)
		if err != nil {
			return err
		}
		v.Hits, v.Expanded, v.Searched = hits, res.Expanded, true
		if res.Situation != nil {
			v.Needs = []string{}
			for _, n := range res.Situation.Needs {
				s := needLabel(lang(r), n.Need)
				if ev := n.Shown(); ev != "" {
					s += " (" + ev + ")"
				}
				v.Needs = append(v.Needs, s)
			}
			for _, n := range res.Situation.Suggested {
				s := needLabel(lang(r), n.Need) + " (" + strings.Join(n.Evidence, ", ") + ")"
				if n.Doubted {
					s += ", " + messages[lang(r)]["plan.needs.doubted"]
				}
				v.Suggested = append(v.Suggested, s)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "search", messages[lang(r)]["search.title"], &p, v)
}

// recordSearch keeps, for the insights, a search's text pseudonymized and whether it found
// something good. Without a pseudonymizer, the text is not kept at all.
func (s *Server) recordSearch(p access.Principal, text string, res retrieval.Result) {
	if s.Usage == nil {
		return
	}
	masked := ""
	if s.Planner != nil && s.Planner.Pseudonymizer != nil {
		if m, err := s.Planner.Pseudonymizer.Pseudonymize(text, &pseudonym.Mapping{}); err == nil {
			masked = m.Text
		}
	}
	s.Usage.Record(insights.SearchEvent(p.Org.ID, p.User.ID, text, masked, res, s.terms))
}

// terms analyzes text as the full-text index does, for the insights' reading of a search.
func (s *Server) terms(text string) []string {
	s.termsOnce.Do(func() { s.analyzer = retrieval.NewAnalyzer() })
	ts := s.analyzer.Terms(text)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}
