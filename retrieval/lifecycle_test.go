package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
)

// fixture is a real embedded store with organizations, guides and versions to index.
type fixture struct {
	t     *testing.T
	store *embedded.Store
	orgs  map[string]string // slug → id
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &fixture{t: t, store: s, orgs: map[string]string{}}
}

func (f *fixture) org(slug string) string {
	f.t.Helper()
	if id, ok := f.orgs[slug]; ok {
		return id
	}
	o := socle.Organization{Slug: slug, Name: slug}
	if err := f.store.CreateOrg(context.Background(), &o); err != nil {
		f.t.Fatal(err)
	}
	f.orgs[slug] = o.ID
	return o.ID
}

func (f *fixture) guide(org, slug string) string {
	f.t.Helper()
	g := socle.Guide{OrgID: org, Slug: slug, Title: slug, Kind: socle.KindMethodology}
	if err := f.store.CreateGuide(context.Background(), &g); err != nil {
		f.t.Fatal(err)
	}
	return g.ID
}

// version creates a version of a guide with one section per text, in the given state.
func (f *fixture) version(org, guide string, state socle.VersionState, texts ...string) socle.Version {
	f.t.Helper()
	var c socle.VersionContent
	for i, text := range texts {
		c.Sections = append(c.Sections, socle.Section{
			ID: fmt.Sprintf("s%d", i), Path: []string{"Guide", fmt.Sprintf("Partie %d", i)}, Level: 2,
			Text: text, Passages: []socle.Span{{Start: 0, End: len(text)}},
		})
	}
	v := socle.Version{OrgID: org, GuideID: guide, State: state, Title: "t", SourceName: "editor"}
	if err := f.store.CreateVersion(context.Background(), &v, c); err != nil {
		f.t.Fatal(err)
	}
	return v
}

func openEngine(t *testing.T, dir string, emb Embedder) (*Engine, Health) {
	t.Helper()
	e, h, err := Open(context.Background(), dir, emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, h
}

func hitsFor(t *testing.T, e *Engine, org, q string, mode Mode) []Hit {
	t.Helper()
	res, err := e.Search(context.Background(), org, Query{Text: q, Mode: mode})
	if err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

// twoOrgs fills a store with two organizations whose guides use the same words.
func twoOrgs(t *testing.T) (*fixture, string, string) {
	f := newFixture(t)
	a, b := f.org("alpha"), f.org("beta")
	f.version(a, f.guide(a, "rsa"), socle.StatePublished, "Le référent RSA signe le contrat d'engagement réciproque.", "L'orientation se fait en commission.")
	f.version(b, f.guide(b, "ase"), socle.StatePublished, "Le contrat jeune majeur prolonge l'accompagnement.")
	f.version(b, f.guide(b, "draft"), socle.StateDraft, "Un brouillon de contrat jamais publié.")
	return f, a, b
}

func TestRebuildFromStore(t *testing.T) {
	ctx := context.Background()
	f, a, b := twoOrgs(t)
	dir := t.TempDir()
	e, h := openEngine(t, dir, NewHashingEmbedder(0))
	if !h.Rebuild || !strings.Contains(strings.Join(h.Reasons, ";"), "missing") {
		t.Fatalf("health of a new directory = %+v, want a rebuild for a missing index", h)
	}
	var progress []Progress
	if err := e.Rebuild(ctx, f.store, "", func(p Progress) { progress = append(progress, p) }); err != nil {
		t.Fatal(err)
	}
	if len(progress) != 2 || progress[len(progress)-1].Passages != 3 {
		t.Errorf("progress = %+v, want one report per published version and 3 passages in all", progress)
	}
	for _, mode := range Modes {
		if got := hitsFor(t, e, a, "contrat", mode); len(got) == 0 || got[0].OrgID != a || got[0].SectionID != "s0" {
			t.Errorf("%s: org alpha finds %v, want its contract passage first", mode, sections(got))
		}
		if got := hitsFor(t, e, b, "contrat", mode); len(got) != 1 || got[0].OrgID != b {
			t.Errorf("%s: org beta finds %d hits, want its published passage only", mode, len(got))
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e, h = openEngine(t, dir, NewHashingEmbedder(0))
	if h.Rebuild {
		t.Fatalf("health after a clean rebuild and close = %+v, want none needed", h)
	}
	if n, _ := e.Text.Count(ctx, ""); n != 3 {
		t.Errorf("text passages after reopening = %d, want 3", n)
	}
	// Rebuilding one organization leaves the other alone.
	if err := e.Rebuild(ctx, f.store, a, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.Vectors.Count(ctx, b); n != 1 {
		t.Errorf("beta's vectors after rebuilding alpha = %d, want 1", n)
	}
	if n, _ := e.Vectors.Count(ctx, a); n != 2 {
		t.Errorf("alpha's vectors after rebuilding alpha = %d, want 2", n)
	}
}

func TestOpenFindsDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		reason string
	}{
		{"text index deleted", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "text")); err != nil {
				t.Fatal(err)
			}
		}, "text index missing"},
		{"text index files overwritten", func(t *testing.T, dir string) {
			files, _ := filepath.Glob(filepath.Join(dir, "text", "store", "*"))
			if len(files) == 0 {
				t.Fatal("no index files to damage")
			}
			for _, f := range files {
				if err := os.WriteFile(f, []byte("garbage, not an index"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}, "text index corrupt"},
		{"text index metadata corrupt", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "text", "index_meta.json"), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "text index corrupt"},
		{"vectors deleted", func(t *testing.T, dir string) {
			files, _ := filepath.Glob(filepath.Join(dir, "vectors", "*.vec"))
			for _, f := range files {
				os.Remove(f)
			}
		}, "indexes disagree"},
		{"vectors corrupt", func(t *testing.T, dir string) {
			files, _ := filepath.Glob(filepath.Join(dir, "vectors", "*.vec"))
			b, _ := os.ReadFile(files[0])
			b[len(b)-10] ^= 1
			os.WriteFile(files[0], b, 0o644)
		}, "vector index corrupt"},
		{"update interrupted", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "state.json"), []byte(`{"dirty":true}`), 0o644)
		}, "interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			f, a, _ := twoOrgs(t)
			dir := t.TempDir()
			e, _ := openEngine(t, dir, NewHashingEmbedder(0))
			if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
				t.Fatal(err)
			}
			e.Close()
			tt.damage(t, dir)
			e, h := openEngine(t, dir, NewHashingEmbedder(0))
			if !h.Rebuild || !strings.Contains(strings.Join(h.Reasons, "; "), tt.reason) {
				t.Fatalf("health = %+v, want a rebuild because %q", h, tt.reason)
			}
			if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
				t.Fatal(err)
			}
			for _, mode := range Modes {
				if got := hitsFor(t, e, a, "référent", mode); len(got) == 0 || got[0].SectionID != "s0" {
					t.Errorf("%s after rebuild: %v, want s0 first", mode, sections(got))
				}
			}
			e.Close()
			if _, h := openEngine(t, dir, NewHashingEmbedder(0)); h.Rebuild {
				t.Errorf("health after repair = %+v, want none needed", h)
			}
		})
	}
}

func TestEmbedderChangeReembeds(t *testing.T) {
	ctx := context.Background()
	f, a, _ := twoOrgs(t)
	dir := t.TempDir()
	e, _ := openEngine(t, dir, NewHashingEmbedder(64))
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	e.Close()
	next := NewHashingEmbedder(128)
	e, h := openEngine(t, dir, next)
	if !h.Rebuild || !strings.Contains(strings.Join(h.Reasons, ";"), "embedder changed") {
		t.Fatalf("health = %+v, want a rebuild because the embedder changed", h)
	}
	if n, _ := e.Vectors.Count(ctx, ""); n != 0 {
		t.Fatalf("vectors of the old model kept: %d, want none (never mixed)", n)
	}
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	if m, d, _ := e.Vectors.Model(ctx); m != next.Model() || d != 128 {
		t.Errorf("vector model = %s/%d, want %s/128", m, d, next.Model())
	}
	if got := hitsFor(t, e, a, "référent", ModeVector); len(got) == 0 || got[0].SectionID != "s0" {
		t.Errorf("vector search after re-embedding: %v, want s0 first", sections(got))
	}
}

// TestPublishSwapsVersions publishes a new version while searches run, and checks that
// every search finds the guide (old text or new), never nothing, and that afterwards only
// the new version is found.
func TestPublishSwapsVersions(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	org := f.org("alpha")
	g := f.guide(org, "rsa")
	texts := func(word string) []string {
		out := make([]string, 40)
		for i := range out {
			out[i] = fmt.Sprintf("Section %d du guide : le référent %s le dossier.", i, word)
		}
		return out
	}
	v1 := f.version(org, g, socle.StatePublished, texts("instruit")...)
	e, _ := openEngine(t, t.TempDir(), NewHashingEmbedder(0))
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	v2 := f.version(org, g, socle.StatePublished, texts("transmet")...) // archives v1 in the store

	var stop atomic.Bool
	var empty, searches atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				res, err := e.Search(ctx, org, Query{Text: "référent dossier", Mode: ModeBM25, Limit: 5})
				if err != nil {
					t.Error(err)
					return
				}
				searches.Add(1)
				if len(res.Hits) == 0 {
					empty.Add(1)
				}
			}
		}()
	}
	err := e.Publish(ctx, f.store, org, v2.ID)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if empty.Load() > 0 {
		t.Errorf("%d of %d searches during the publication found nothing", empty.Load(), searches.Load())
	}
	for _, mode := range Modes {
		res, err := e.Search(ctx, org, Query{Text: "référent dossier", Mode: mode, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 40 {
			t.Errorf("%s after publishing: %d hits, want the 40 sections of v2", mode, len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.VersionID != v2.ID {
				t.Fatalf("%s after publishing: hit of version %s, want only %s (v1 is %s)", mode, h.VersionID, v2.ID, v1.ID)
			}
		}
	}
	// Rolling back: v1 published again archives v2.
	if _, err := f.store.SetVersionState(ctx, org, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished, Expect: v2.N}); err != nil {
		t.Fatal(err)
	}
	if err := e.Publish(ctx, f.store, org, v1.ID); err != nil {
		t.Fatal(err)
	}
	if got := hitsFor(t, e, org, "transmet", ModeBM25); len(got) != 0 {
		t.Errorf("after rolling back, the archived v2 is still found: %d hits", len(got))
	}
	if got := hitsFor(t, e, org, "instruit", ModeBM25); len(got) == 0 {
		t.Error("after rolling back, v1 is not found")
	}
}

func TestIndexVersionInReview(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	org := f.org("alpha")
	g := f.guide(org, "rsa")
	f.version(org, g, socle.StatePublished, "Texte publié sur le logement.")
	review := f.version(org, g, socle.StateReview, "Texte en relecture sur le logement.")
	e, _ := openEngine(t, t.TempDir(), NewHashingEmbedder(0))
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	if err := e.IndexVersion(ctx, f.store, org, review.ID); err != nil {
		t.Fatal(err)
	}
	if got := hitsFor(t, e, org, "logement", ModeHybrid); len(got) != 1 || got[0].VersionID == review.ID {
		t.Errorf("default search: %d hits, want only the published version", len(got))
	}
	res, err := e.Search(ctx, org, Query{Text: "logement", VersionID: review.ID})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].VersionID != review.ID {
		t.Errorf("search of the version in review: %v, %d hits", err, len(res.Hits))
	}
	if err := e.RemoveVersion(ctx, org, review.ID); err != nil {
		t.Fatal(err)
	}
	res, _ = e.Search(ctx, org, Query{Text: "logement", VersionID: review.ID})
	if len(res.Hits) != 0 {
		t.Errorf("after RemoveVersion: %d hits, want 0", len(res.Hits))
	}
}

func TestGlossaryExpandsAcronyms(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	org, other := f.org("alpha"), f.org("beta")
	g := f.guide(org, "guide")
	f.version(org, g, socle.StatePublished,
		"Le service de l'aide sociale à l'enfance évalue la situation du mineur.",
		"Le RSA est versé par la caisse d'allocations familiales.",
		"Le logement social est attribué en commission.")
	put := func(orgID, term string, exp ...string) {
		if err := f.store.PutGlossaryEntry(ctx, &socle.GlossaryEntry{OrgID: orgID, Term: term, Expansions: exp}); err != nil {
			t.Fatal(err)
		}
	}
	put(org, "ASE", "aide sociale à l'enfance")
	put(org, "RSA", "revenu de solidarité active")
	put(other, "CAF", "caisse d'allocations familiales") // another organization's glossary
	e, _ := openEngine(t, t.TempDir(), NewHashingEmbedder(0))
	e.Glossary = f.store
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query, want, expanded string
	}{
		{"ASE", "s0", "ASE → aide sociale à l'enfance"},
		{"évaluation ase", "s0", "ASE → aide sociale à l'enfance"},
		{"revenu de solidarité active", "s1", "revenu de solidarité active → RSA"},
	}
	for _, mode := range Modes {
		for _, tt := range tests {
			t.Run(string(mode)+"/"+tt.query, func(t *testing.T) {
				res, err := e.Search(ctx, org, Query{Text: tt.query, Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Hits) == 0 || res.Hits[0].SectionID != tt.want {
					t.Errorf("hits = %v, want %s first", sections(res.Hits), tt.want)
				}
				if strings.Join(res.Expanded, ";") != tt.expanded {
					t.Errorf("expanded = %q, want %q", res.Expanded, tt.expanded)
				}
			})
		}
	}
	// Beta's glossary is not alpha's.
	res, err := e.Search(ctx, org, Query{Text: "CAF", Mode: ModeBM25})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Expanded) != 0 || len(res.Hits) != 0 {
		t.Errorf("CAF in alpha: expanded %v, %d hits; want another organization's glossary ignored", res.Expanded, len(res.Hits))
	}
	// Without the glossary, the acronym alone finds nothing.
	e.Glossary = nil
	if got := hitsFor(t, e, org, "ASE", ModeBM25); len(got) != 0 {
		t.Errorf("without the glossary ASE finds %v: the test would not show the expansion", sections(got))
	}
}
