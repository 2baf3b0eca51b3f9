package authoring_test

import (
	"context"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/store/embedded"
)

var ctx = context.Background()

// recorder is an Indexer that records what it was told, to check the calls authoring makes.
type recorder struct{ calls []string }

func (r *recorder) Publish(ctx context.Context, v socle.Version) error {
	r.calls = append(r.calls, "publish "+string(rune('0'+v.N)))
	return nil
}

func (r *recorder) Withdraw(ctx context.Context, v socle.Version) error {
	r.calls = append(r.calls, "withdraw "+string(rune('0'+v.N)))
	return nil
}

func setup(t *testing.T) (*authoring.Service, *recorder, socle.Organization) {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	org := socle.Organization{Slug: "mds", Name: "MDS"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	return &authoring.Service{Store: s, Indexer: rec}, rec, org
}

const md = "# Guide RSA\n\n## Droits\n\nVérifier les droits au RSA.\n"

func TestAddVersion(t *testing.T) {
	svc, rec, org := setup(t)
	res, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, FileName: "Guide RSA – 2024.md", Data: []byte(md), Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Guide.Slug != "guide-rsa-2024" || res.Guide.Title != "Guide RSA" || res.Guide.Kind != socle.KindMethodology || res.Version.N != 1 || res.Version.State != socle.StatePublished {
		t.Fatalf("first upload: %+v", res)
	}
	if res.Version.SourceType != "text/markdown; charset=utf-8" || res.Version.SourceName != "Guide RSA – 2024.md" {
		t.Fatalf("source: %q %q", res.Version.SourceType, res.Version.SourceName)
	}
	again, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, FileName: "Guide RSA – 2024.md", Data: []byte(md)})
	if err != nil || !again.Unchanged || again.Version.ID != res.Version.ID {
		t.Fatalf("same bytes again: %+v, %v", again, err)
	}
	next, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "guide-rsa-2024", FileName: "v2.md", Data: []byte(md + "\n## Suivi\n\nRevoir le CER.\n"), Note: "ajout du suivi"})
	if err != nil || next.Created || next.Version.N != 2 || next.Version.State != socle.StateDraft || next.Version.Note != "ajout du suivi" {
		t.Fatalf("second version: %+v, %v", next, err)
	}
	if strings.Join(rec.calls, ",") != "publish 1" {
		t.Fatalf("indexer calls: %v, want only the first publication", rec.calls)
	}

	csv := "nom,description\nÉpicerie solidaire,Aide alimentaire\n"
	cat, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, FileName: "services.csv", Data: []byte(csv)})
	if err != nil || cat.Guide.Kind != socle.KindCatalog || cat.Version.Services != 1 {
		t.Fatalf("catalog upload: %+v, %v", cat, err)
	}
	_, err = svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "services", Kind: socle.KindMethodology, FileName: "x.md", Data: []byte(md)})
	if socle.KindOf(err) != socle.EINVALID || !strings.Contains(err.Error(), "is a catalog") {
		t.Fatalf("methodology upload to a catalog: %v", err)
	}
}

func TestBadFileWritesNothing(t *testing.T) {
	svc, _, org := setup(t)
	for name, data := range map[string]string{
		"empty.md":    "  \n",
		"notes.xyz":   "texte",
		"latin1.md":   "# Titre\n\nd\xe9marche\n",
		"only.md":     "# Titre seul\n",
		"Bad Slug.md": "",
	} {
		_, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, FileName: name, Data: []byte(data)})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if k := socle.KindOf(err); k != socle.EINVALID {
			t.Errorf("%s: got %s (%v), want invalid", name, k, err)
		}
	}
	guides, err := svc.Store.Guides(ctx, org.ID, socle.GuideFilter{})
	if err != nil || len(guides) != 0 {
		t.Fatalf("refused files left %d guides (%v)", len(guides), err)
	}
}

func TestGlossary(t *testing.T) {
	svc, _, org := setup(t)
	n, err := svc.ImportGlossary(ctx, org.ID, "g.yaml", []byte("ASE: [aide sociale à l'enfance]\nCER: contrat d'engagements réciproques\n"))
	if err != nil || n != 2 {
		t.Fatalf("YAML import: %d, %v", n, err)
	}
	n, err = svc.ImportGlossary(ctx, org.ID, "g.csv", []byte("terme,expansion\nRSA,revenu de solidarité active\nTISF,technicienne de l'intervention sociale et familiale,technicien de l'intervention sociale et familiale\n"))
	if err != nil || n != 2 {
		t.Fatalf("CSV import: %d, %v", n, err)
	}
	e, err := svc.Store.GlossaryEntry(ctx, org.ID, "tisf")
	if err != nil || len(e.Expansions) != 2 {
		t.Fatalf("TISF: %+v, %v", e, err)
	}
	for name, data := range map[string]string{
		"bad.yaml":    "ASE: [unclosed\n",
		"nested.yaml": "ASE: {a: b}\n",
		"short.csv":   "RSA\n",
		"empty.yaml":  "ASE: []\n",
		"g.txt":       "ASE aide sociale",
	} {
		if _, err := svc.ImportGlossary(ctx, org.ID, name, []byte(data)); socle.KindOf(err) != socle.EINVALID {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
}
