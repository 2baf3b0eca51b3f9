package retrieval_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/postgres/pgtest"
)

// The tests below run in both modes, through the product's own path: guides published in a real
// store (bbolt, or PostgreSQL), indexes rebuilt from it, the vectors in the embedded index or
// in pgvector.

type mode struct {
	name string
	open func(t *testing.T) (socle.Store, retrieval.VectorIndex)
}

var modes = []mode{
	{"embedded", func(t *testing.T) (socle.Store, retrieval.VectorIndex) {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, nil
	}},
	{"postgres", func(t *testing.T) (socle.Store, retrieval.VectorIndex) {
		s, _ := pgtest.Open(t)
		return s, s.Vectors()
	}},
}

var bg = context.Background()

// fixture is a store with organizations and guides, and its indexes.
type fixture struct {
	store   socle.Store
	vectors retrieval.VectorIndex
	dir     string
	engine  *retrieval.Engine
	orgs    map[string]socle.Organization
}

func (f *fixture) org(t *testing.T, slug string) socle.Organization {
	t.Helper()
	if o, ok := f.orgs[slug]; ok {
		return o
	}
	o := socle.Organization{Slug: slug, Name: slug}
	if err := f.store.CreateOrg(bg, &o); err != nil {
		t.Fatal(err)
	}
	f.orgs[slug] = o
	return o
}

func (f *fixture) publish(t *testing.T, orgSlug, guide, markdown string) {
	t.Helper()
	auth := &authoring.Service{Store: f.store}
	if _, err := auth.AddVersion(bg, authoring.Upload{OrgID: f.org(t, orgSlug).ID, Guide: guide, FileName: guide + ".md", Data: []byte(markdown), Publish: true}); err != nil {
		t.Fatal(err)
	}
}

// index opens the indexes and rebuilds them from the store.
func (f *fixture) index(t *testing.T) *retrieval.Engine {
	t.Helper()
	if f.engine != nil {
		f.engine.Close()
	}
	e, _, err := retrieval.Open(bg, f.dir, retrieval.NewHashingEmbedder(0), f.vectors)
	if err != nil {
		t.Fatal(err)
	}
	e.Glossary = f.store
	if err := e.Rebuild(bg, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	f.engine = e
	t.Cleanup(func() { e.Close() })
	return e
}

func forModes(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			s, v := m.open(t)
			fn(t, &fixture{store: s, vectors: v, dir: t.TempDir(), orgs: map[string]socle.Organization{}})
		})
	}
}

func topHeading(t *testing.T, e *retrieval.Engine, orgID, query string, mode retrieval.Mode) string {
	t.Helper()
	res, err := e.Search(bg, orgID, retrieval.Query{Text: query, Mode: mode, Limit: 3})
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Path[len(res.Hits[0].Path)-1]
}

const methodo = `# Guide

## Méthodologie

Les méthodologies d'accompagnement reposent sur l'évaluation partagée des besoins.

## Enfance

Le référent informe l’enfant de chaque décision qui le concerne.

## Hébergement

Le logement d'urgence est attribué par le service intégré d'accueil et d'orientation.
`

func TestModesFrenchMorphologyAndElision(t *testing.T) {
	forModes(t, func(t *testing.T, f *fixture) {
		f.publish(t, "o", "guide", methodo)
		e := f.index(t)
		org := f.orgs["o"].ID
		for _, q := range []struct{ query, want string }{
			{"methodologie", "Méthodologie"},
			{"MÉTHODOLOGIES", "Méthodologie"},
			{"évaluations partagées", "Méthodologie"},
			{"l'enfant", "Enfance"},
			{"enfants", "Enfance"},
			{"hebergement urgence", "Hébergement"},
		} {
			for _, m := range []retrieval.Mode{retrieval.ModeBM25, retrieval.ModeHybrid} {
				if got := topHeading(t, e, org, q.query, m); got != q.want {
					t.Errorf("%s %q: top section %q, want %q", m, q.query, got, q.want)
				}
			}
		}
	})
}

func TestModesGlossaryExpandsAcronyms(t *testing.T) {
	forModes(t, func(t *testing.T, f *fixture) {
		f.publish(t, "o", "guide", "# G\n\n## Protection\n\nL'aide sociale à l'enfance accueille le mineur confié.\n\n## Insertion\n\nLe CER est signé dans les deux mois.\n")
		f.publish(t, "other", "guide", "# G\n\n## Tout\n\nL'ASE est ici un autre sigle.\n")
		org := f.orgs["o"].ID
		for _, e := range []socle.GlossaryEntry{
			{OrgID: org, Term: "ASE", Expansions: []string{"aide sociale à l'enfance"}},
			{OrgID: org, Term: "CER", Expansions: []string{"contrat d'engagements réciproques"}},
		} {
			if err := f.store.PutGlossaryEntry(bg, &e); err != nil {
				t.Fatal(err)
			}
		}
		e := f.index(t)
		if got := topHeading(t, e, org, "ASE", retrieval.ModeHybrid); got != "Protection" {
			t.Errorf("ASE: top section %q, want Protection (found through the expansion)", got)
		}
		if got := topHeading(t, e, org, "contrat d'engagements réciproques", retrieval.ModeBM25); got != "Insertion" {
			t.Errorf("expanded form: top section %q, want Insertion (found through the acronym)", got)
		}
	})
}

// TestModesIsolation draws random organizations, queries, filters and modes: a search never
// returns another organization's passage.
func TestModesIsolation(t *testing.T) {
	forModes(t, func(t *testing.T, f *fixture) {
		words := []string{"logement", "enfant", "droits", "impayé", "bailleur", "santé", "emploi", "dossier", "référent", "aide"}
		rng := rand.New(rand.NewPCG(5, 8))
		owner := map[string]string{} // guide id → org id
		for i := range 4 {
			slug := fmt.Sprintf("org%d", i)
			for g := range 3 {
				md := "# Guide\n"
				for s := range 4 {
					md += fmt.Sprintf("\n## Partie %d\n\n", s)
					for range 12 {
						md += words[rng.IntN(len(words))] + " "
					}
					md += "\n"
				}
				f.publish(t, slug, fmt.Sprintf("g%d", g), md)
			}
			gs, _ := f.store.Guides(bg, f.org(t, slug).ID, socle.GuideFilter{})
			for _, g := range gs {
				owner[g.ID] = g.OrgID
			}
		}
		e := f.index(t)
		slugs := []string{"org0", "org1", "org2", "org3"}
		allGuides := make([]string, 0, len(owner))
		for g := range owner {
			allGuides = append(allGuides, g)
		}
		for range 60 {
			org := f.orgs[slugs[rng.IntN(len(slugs))]].ID
			q := retrieval.Query{Text: words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))], Mode: retrieval.Modes[rng.IntN(3)], Limit: 50}
			if rng.IntN(3) == 0 {
				q.GuideIDs = []string{allGuides[rng.IntN(len(allGuides))]} // perhaps another organization's
			}
			res, err := e.Search(bg, org, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.OrgID != org || owner[h.GuideID] != org {
					t.Fatalf("search for %s returned a passage of %s (guide of %s)", org, h.OrgID, owner[h.GuideID])
				}
			}
		}
	})
}

// TestModesRebuild removes, then corrupts, the text index: opening notices, and a rebuild from
// the store brings the search back.
func TestModesRebuild(t *testing.T) {
	forModes(t, func(t *testing.T, f *fixture) {
		f.publish(t, "o", "guide", methodo)
		f.index(t)
		org := f.orgs["o"].ID
		damage := []struct {
			name string
			do   func() error
		}{
			{"deleted", func() error { return os.RemoveAll(filepath.Join(f.dir, "text")) }},
			{"corrupted", func() error {
				return filepath.Walk(filepath.Join(f.dir, "text"), func(p string, info os.FileInfo, err error) error {
					if err == nil && !info.IsDir() {
						return os.WriteFile(p, []byte("not an index"), 0o644)
					}
					return err
				})
			}},
		}
		for _, d := range damage {
			f.engine.Close()
			f.engine = nil
			if err := d.do(); err != nil {
				t.Fatal(err)
			}
			e, health, err := retrieval.Open(bg, f.dir, retrieval.NewHashingEmbedder(0), f.vectors)
			if err != nil {
				t.Fatalf("%s: Open: %v", d.name, err)
			}
			if !health.Rebuild {
				t.Fatalf("%s: Open did not ask for a rebuild", d.name)
			}
			if err := e.Rebuild(bg, f.store, "", nil); err != nil {
				t.Fatal(err)
			}
			f.engine = e
			if got := topHeading(t, e, org, "hébergement d'urgence", retrieval.ModeHybrid); got != "Hébergement" {
				t.Fatalf("%s: after the rebuild, top section %q", d.name, got)
			}
		}
		f.engine.Close()
		f.engine = nil
	})
}
