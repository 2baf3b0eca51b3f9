package retrieval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// testPassage makes a published passage of a methodology guide.
func testPassage(org, guide, version, section, text string, path ...string) Passage {
	return Passage{
		OrgID: org, GuideID: guide, Kind: socle.KindMethodology, VersionID: version, VersionN: 1,
		State: socle.StatePublished, SectionID: section, Span: socle.Span{End: len(text)},
		Path: path, Text: text,
	}
}

// newTestEngine opens an engine on a temporary directory, with the hashing embedder, and
// indexes the passages in both indexes.
func newTestEngine(t *testing.T, passages ...Passage) *Engine {
	t.Helper()
	e, _, err := Open(context.Background(), t.TempDir(), NewHashingEmbedder(0), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if err := e.indexPassages(context.Background(), passages, nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func sections(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.SectionID
	}
	return out
}

func TestSearchFrenchMorphology(t *testing.T) {
	e := newTestEngine(t,
		testPassage("o", "g", "v", "metho", "Les méthodologies d'accompagnement social reposent sur l'évaluation partagée."),
		testPassage("o", "g", "v", "enfant", "La protection de l’enfant prime : le référent informe l'enfant de chaque décision."),
		testPassage("o", "g", "v", "other", "Le logement d'urgence est attribué par le service intégré d'accueil."),
	)
	tests := []struct {
		query string
		want  string
	}{
		{"methodologie", "metho"},
		{"Méthodologies", "metho"},
		{"MÉTHODOLOGIE d'accompagnement", "metho"},
		{"l'enfant", "enfant"},
		{"enfants", "enfant"},
		{"évaluations partagées", "metho"},
		{"logements d’urgence", "other"},
	}
	for _, mode := range Modes {
		for _, tt := range tests {
			t.Run(string(mode)+"/"+tt.query, func(t *testing.T) {
				res, err := e.Search(context.Background(), "o", Query{Text: tt.query, Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Hits) == 0 || res.Hits[0].SectionID != tt.want {
					t.Fatalf("hits = %v, want %s first", sections(res.Hits), tt.want)
				}
			})
		}
	}
}

func TestSearchHitCarriesPassage(t *testing.T) {
	text := "Premier paragraphe sans intérêt.\n\nLe contrat d'engagement réciproque fixe les objectifs."
	p := testPassage("o", "g", "v", "cer", text[34:], "Guide RSA", "Le CER")
	p.Span = socle.Span{Start: 34, End: len(text)}
	p.Index, p.Ordinal, p.PageStart, p.PageEnd = 1, 4, 7, 8
	e := newTestEngine(t, p)
	for _, mode := range Modes {
		t.Run(string(mode), func(t *testing.T) {
			res, err := e.Search(context.Background(), "o", Query{Text: "contrat d'engagement", Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 {
				t.Fatalf("hits = %d, want 1", len(res.Hits))
			}
			h := res.Hits[0]
			if h.OrgID != "o" || h.GuideID != "g" || h.VersionID != "v" || h.SectionID != "cer" || h.Index != 1 ||
				h.Span != p.Span || h.Text != p.Text || h.PageStart != 7 || h.PageEnd != 8 || h.Ordinal != 4 ||
				strings.Join(h.Path, "/") != "Guide RSA/Le CER" || h.Kind != socle.KindMethodology || h.State != socle.StatePublished {
				t.Errorf("hit = %+v, want the indexed passage %+v", h.Passage, p)
			}
			if h.Score <= 0 {
				t.Errorf("score = %v, want positive", h.Score)
			}
			switch mode {
			case ModeBM25:
				if h.BM25Rank != 1 || h.VectorRank != 0 {
					t.Errorf("ranks = %d/%d, want 1/0", h.BM25Rank, h.VectorRank)
				}
			case ModeVector:
				if h.BM25Rank != 0 || h.VectorRank != 1 {
					t.Errorf("ranks = %d/%d, want 0/1", h.BM25Rank, h.VectorRank)
				}
			case ModeHybrid:
				if h.BM25Rank != 1 || h.VectorRank != 1 {
					t.Errorf("ranks = %d/%d, want 1/1", h.BM25Rank, h.VectorRank)
				}
			}
			if len(h.Fragments) == 0 || !strings.Contains(h.Fragments[0], "<mark>contrat</mark>") {
				t.Errorf("fragments = %q, want contrat marked", h.Fragments)
			}
		})
	}
}

func TestSearchFragmentsAreEscaped(t *testing.T) {
	e := newTestEngine(t, testPassage("o", "g", "v", "s", "Écrire <script>alert(1)</script> au référent."))
	res, err := e.Search(context.Background(), "o", Query{Text: "référent", Mode: ModeBM25})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("Search: %v, %d hits", err, len(res.Hits))
	}
	f := strings.Join(res.Hits[0].Fragments, "")
	if strings.Contains(f, "<script>") || !strings.Contains(f, "<mark>référent</mark>") {
		t.Errorf("fragment %q: want escaped HTML and the match marked", f)
	}
}

func TestSearchFilters(t *testing.T) {
	mk := func(section, guide string, kind socle.GuideKind, version string, state socle.VersionState) Passage {
		p := testPassage("o", guide, version, section, "orientation vers le service social départemental")
		p.Kind, p.State = kind, state
		return p
	}
	e := newTestEngine(t,
		mk("a", "g1", socle.KindMethodology, "v1", socle.StatePublished),
		mk("b", "g2", socle.KindCatalog, "v2", socle.StatePublished),
		mk("c", "g1", socle.KindMethodology, "v3", socle.StateReview),
		mk("d", "g3", socle.KindReference, "v4", socle.StatePublished),
	)
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"published only", Query{}, "[a b d]"},
		{"guide", Query{GuideIDs: []string{"g1"}}, "[a]"},
		{"kinds", Query{Kinds: []socle.GuideKind{socle.KindCatalog, socle.KindReference}}, "[b d]"},
		{"version in review", Query{VersionID: "v3"}, "[c]"},
		{"version of another guide", Query{VersionID: "v3", GuideIDs: []string{"g2"}}, "[]"},
	}
	for _, mode := range Modes {
		for _, tt := range tests {
			t.Run(string(mode)+"/"+tt.name, func(t *testing.T) {
				q := tt.q
				q.Text, q.Mode = "service social", mode
				res, err := e.Search(context.Background(), "o", q)
				if err != nil {
					t.Fatal(err)
				}
				got := sections(res.Hits)
				sort.Strings(got)
				if fmt.Sprint(got) != tt.want {
					t.Errorf("sections = %v, want %s", got, tt.want)
				}
			})
		}
	}
}

func TestSearchRejectsBadRequests(t *testing.T) {
	e := newTestEngine(t, testPassage("o", "g", "v", "s", "texte"))
	tests := []struct {
		name string
		org  string
		q    Query
		kind socle.ErrorKind
	}{
		{"no organization", "", Query{Text: "texte"}, socle.EINVALID},
		{"blank organization", "  ", Query{Text: "texte"}, socle.EINVALID},
		{"empty query", "o", Query{Text: "  "}, socle.EINVALID},
		{"unknown mode", "o", Query{Text: "texte", Mode: "semantic"}, socle.EINVALID},
		{"limit too large", "o", Query{Text: "texte", Limit: MaxLimit + 1}, socle.EINVALID},
		{"unknown kind", "o", Query{Text: "texte", Kinds: []socle.GuideKind{"poem"}}, socle.EINVALID},
		{"query too long", "o", Query{Text: strings.Repeat("mot ", MaxQueryBytes)}, socle.ETOOLARGE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Search(context.Background(), tt.org, tt.q)
			if socle.KindOf(err) != tt.kind {
				t.Errorf("Search error = %v, want kind %s", err, tt.kind)
			}
		})
	}
}

func TestSearchOnlyStopWords(t *testing.T) {
	e := newTestEngine(t, testPassage("o", "g", "v", "s", "le la les"))
	for _, mode := range Modes {
		res, err := e.Search(context.Background(), "o", Query{Text: "de la", Mode: mode})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if len(res.Hits) != 0 {
			t.Errorf("%s: a query of stop words found %v", mode, sections(res.Hits))
		}
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": ModeHybrid, "BM25": ModeBM25, " vector ": ModeVector, "hybrid": ModeHybrid} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("dense"); socle.KindOf(err) != socle.EINVALID {
		t.Errorf("ParseMode(dense) error = %v, want EINVALID", err)
	}
}
