package authoring_test

import (
	"os"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
)

func TestEditorText(t *testing.T) {
	svc, _, org := setup(t)
	res, err := svc.SaveText(ctx, authoring.Edit{OrgID: org.ID, Guide: "rsa", New: true, Text: guideV1, Author: "lead"})
	if err != nil || !res.Created || res.Version.SourceName != "editor.md" {
		t.Fatalf("new guide from the editor: %+v, %v", res, err)
	}
	if _, err := svc.SaveText(ctx, authoring.Edit{OrgID: org.ID, Guide: "rsa", New: true, Text: guideV1}); socle.KindOf(err) != socle.ECONFLICT {
		t.Fatalf("a new guide on a taken slug: %v", err)
	}
	et, err := svc.OpenEditor(ctx, org.ID, "rsa", 1)
	if err != nil || et.Format != "markdown" || et.Text != guideV1 {
		t.Fatalf("OpenEditor: %+v, %v", et, err)
	}
	edited := strings.Replace(guideV1, "six mois", "trois mois", 1)
	res, err = svc.SaveText(ctx, authoring.Edit{OrgID: org.ID, Guide: "rsa", Base: 1, Text: edited, Note: "Suivi plus serré"})
	if err != nil || res.Version.N != 2 || res.Version.BaseN != 1 || res.Version.State != socle.StateDraft {
		t.Fatalf("second version from the editor: %+v, %v", res, err)
	}
	a, _ := svc.Store.Sections(ctx, org.ID, et.Version.ID)
	b, _ := svc.Store.Sections(ctx, org.ID, res.Version.ID)
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatalf("section %d changed id: %s → %s", i, a[i].ID, b[i].ID)
		}
	}
	doc, err := svc.Preview(ctx, "markdown", "# Titre\n\n## Partie\n\nTexte.\n")
	if err != nil || len(doc.Sections) != 1 || doc.Sections[0].Heading() != "Partie" {
		t.Fatalf("Preview: %+v, %v", doc, err)
	}
	if _, err := svc.Preview(ctx, "docx", "x"); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("Preview of an unknown format: %v", err)
	}
}

func TestEditSectionOfPDF(t *testing.T) {
	svc, _, org := setup(t)
	data, err := os.ReadFile("../ingest/pdf/testdata/outline.pdf")
	if err != nil {
		t.Fatal(err)
	}
	first, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "notice", FileName: "notice.pdf", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	et, err := svc.OpenEditor(ctx, org.ID, "notice", 1)
	if err != nil || et.Format != "" || len(et.Sections) < 2 {
		t.Fatalf("OpenEditor of a PDF version: format %q, %d sections, %v", et.Format, len(et.Sections), err)
	}
	target := et.Sections[len(et.Sections)-1]
	res, err := svc.EditSection(ctx, org.ID, "notice", 1, target.ID, target.Text+" Phrase ajoutée par la référente.", "correction", "lead")
	if err != nil {
		t.Fatal(err)
	}
	if res.Version.N != 2 || res.Version.BaseN != 1 || res.Version.SourceName != "editor" {
		t.Fatalf("edited version: %+v", res.Version)
	}
	d, err := svc.Compare(ctx, org.ID, "notice", 1, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if d.Counts[socle.Changed] != 1 || d.Counts[socle.Unchanged] != first.Version.Sections-1 {
		t.Fatalf("compare PDF → edited: %v, want exactly one changed section", d.Counts)
	}
	if _, err := svc.EditSection(ctx, org.ID, "notice", 1, target.ID, target.Text, "", "lead"); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("an edit that changes nothing: %v", err)
	}
	if _, err := svc.EditSection(ctx, org.ID, "notice", 1, "nope", "x", "", "lead"); socle.KindOf(err) != socle.ENOTFOUND {
		t.Fatalf("an edit of an unknown section: %v", err)
	}
}

func TestEditService(t *testing.T) {
	svc, _, org := setup(t)
	csv := "nom,description,publics,thematiques\nÉpicerie solidaire,Aide alimentaire,familles,equipement-et-alimentation--alimentation\nPoint conseil budget,Dettes,adultes,difficultes-financieres\n"
	first, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "services", FileName: "services.csv", Data: []byte(csv), Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	page, err := svc.Catalog(ctx, org.ID, "services", 0, authoring.ServiceFilter{Theme: "difficultes-financieres"}, false)
	if err != nil || len(page.Shown) != 1 || page.Shown[0].Name != "Point conseil budget" || len(page.Themes) != 2 {
		t.Fatalf("catalog filtered by theme: %+v, %v", page.Shown, err)
	}
	changed := page.Shown[0]
	changed.Contact = "01 02 03 04 05"
	res, err := svc.EditService(ctx, org.ID, "services", 1, changed, "nouveau numéro", "lead")
	if err != nil || res.Version.N != 2 || res.Version.Services != 2 || res.Version.State != socle.StateDraft {
		t.Fatalf("EditService: %+v, %v", res.Version, err)
	}
	got, err := svc.Store.Service(ctx, org.ID, res.Version.ID, changed.ID)
	if err != nil || got.Contact != "01 02 03 04 05" {
		t.Fatalf("edited service: %+v, %v", got, err)
	}
	// The new version's source reads back as the same catalog.
	src, _ := svc.Store.VersionSource(ctx, org.ID, res.Version.ID)
	doc, err := svc.Read(ctx, "services.json", src, socle.KindCatalog)
	if err != nil || len(doc.Services) != 2 || doc.Services[1].Contact != "01 02 03 04 05" {
		t.Fatalf("source of the edited catalog: %+v, %v", doc, err)
	}
	added := socle.Service{Name: "Permanence logement", Description: "Aide à la recherche de logement"}
	if res, err = svc.EditService(ctx, org.ID, "services", 2, added, "", "lead"); err != nil || res.Version.Services != 3 {
		t.Fatalf("a service added: %+v, %v", res.Version, err)
	}
	if _, err := svc.EditService(ctx, org.ID, "services", 1, socle.Service{Name: " "}, "", "lead"); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("a service without a name: %v", err)
	}
	_ = first
}

func TestGlossaryCSVRoundTrip(t *testing.T) {
	svc, _, org := setup(t)
	if _, err := svc.PutTerm(ctx, socle.GlossaryEntry{OrgID: org.ID, Term: "ASE", Expansions: []string{"aide sociale à l'enfance"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PutTerm(ctx, socle.GlossaryEntry{OrgID: org.ID, Term: "TISF", Expansions: []string{"technicienne de l'intervention sociale et familiale", "TISF, métier"}}); err != nil {
		t.Fatal(err)
	}
	data, err := svc.GlossaryCSV(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteTerm(ctx, org.ID, "ase"); err != nil {
		t.Fatal(err)
	}
	n, err := svc.ImportGlossary(ctx, org.ID, "glossaire.csv", data)
	if err != nil || n != 2 {
		t.Fatalf("import of the export: %d, %v\n%s", n, err, data)
	}
	e, err := svc.Store.GlossaryEntry(ctx, org.ID, "tisf")
	if err != nil || len(e.Expansions) != 2 || e.Expansions[1] != "TISF, métier" {
		t.Fatalf("TISF after the round trip: %+v, %v", e, err)
	}
	if _, err := svc.PutTerm(ctx, socle.GlossaryEntry{OrgID: org.ID, Term: "RSA"}); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("a term without expansion: %v", err)
	}
}
