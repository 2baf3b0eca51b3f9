package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

func pdfFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("pdf", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadPDF goes through File with the fixtures of package pdf: the adapter must carry
// headings, pages, page-crossing paragraphs, tables and problems into sections.
func TestReadPDF(t *testing.T) {
	doc, err := File(context.Background(), "guide.pdf", pdfFixture(t, "running.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != "pdf" || doc.Pages != 3 || doc.Title != "Guide méthodologique de l’accompagnement" {
		t.Errorf("got format %q, %d pages, title %q; want pdf, 3, the info dictionary's title", doc.Format, doc.Pages, doc.Title)
	}
	if len(doc.Sections) != 2 {
		t.Fatalf("got %d sections, want 2 (one per heading): %+v", len(doc.Sections), doc.Sections)
	}
	first, second := doc.Sections[0], doc.Sections[1]
	if got := strings.Join(first.Path, " > "); got != "Accompagnement social global" {
		t.Errorf("first section path %q, want the page 1 heading", got)
	}
	if first.PageStart != 1 || first.PageEnd != 2 {
		t.Errorf("first section pages %d–%d, want 1–2 (its last paragraph runs onto page 2)", first.PageStart, first.PageEnd)
	}
	// The paragraph cut by the page break is one paragraph again, and the page of each part
	// can still be told.
	i := strings.Index(first.Text, "auprès d’elle")
	if i < 0 {
		t.Fatalf("first section does not join the paragraph across the page break:\n%s", first.Text)
	}
	if first.PageAt(i) != 1 || first.PageAt(i+len("auprès ")) != 2 {
		t.Errorf("pages around the break: %d and %d, want 1 and 2", first.PageAt(i), first.PageAt(i+len("auprès ")))
	}
	for _, furniture := range []string{"Page 1 sur 3", "Conseil départemental"} {
		if strings.Contains(first.Text+second.Text, furniture) {
			t.Errorf("running header or footer %q left in the text", furniture)
		}
	}
	if !strings.Contains(first.Text, "accompagnement adapté à la situation socio-professionnelle") {
		t.Errorf("line-end hyphens not mended as expected:\n%s", first.Text)
	}
	if second.Heading() != "Évaluation" || second.PageStart != 2 || second.PageEnd != 3 {
		t.Errorf("second section %q pages %d–%d, want Évaluation on pages 2–3", second.Heading(), second.PageStart, second.PageEnd)
	}
}

func TestReadPDFTable(t *testing.T) {
	doc, err := File(context.Background(), "montants.pdf", pdfFixture(t, "table.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sections) != 1 {
		t.Fatalf("got %d sections, want 1", len(doc.Sections))
	}
	if s := doc.Sections[0]; !strings.Contains(s.Text, "RSA\tPersonne seule sans ressources\t607,75 €\nPrime d’activité") {
		t.Errorf("table rows not kept whole and in order:\n%s", s.Text)
	}
}

func TestReadPDFRefusals(t *testing.T) {
	tests := []struct {
		fixture string
		kind    socle.ErrorKind
		says    string
	}{
		{"encrypted.pdf", socle.EINVALID, "doc.pdf: this PDF is password-protected"},
		{"scan.pdf", socle.EINVALID, "doc.pdf: this PDF is a scan: no text to index (pages 1–3)"},
		{"truncated.pdf", socle.EINVALID, "doc.pdf: this PDF is damaged or truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			_, err := File(context.Background(), "doc.pdf", pdfFixture(t, tt.fixture), Options{})
			if socle.KindOf(err) != tt.kind || !strings.HasPrefix(socle.MessageOf(err), tt.says) {
				t.Errorf("got %s %q, want %s starting %q", socle.KindOf(err), socle.MessageOf(err), tt.kind, tt.says)
			}
		})
	}
}

func TestReadPDFProblems(t *testing.T) {
	doc, err := File(context.Background(), "doc.pdf", pdfFixture(t, "mixed-scan.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Problems) != 1 || doc.Problems[0].Page != 2 || !strings.Contains(doc.Problems[0].Message, "pages 2–3") {
		t.Errorf("got problems %+v, want one for pages 2–3", doc.Problems)
	}
}

// TestPDFCharRuns checks that sections read from a PDF carry runs into the engine's text that
// follow the section's own offsets: a quote across the page break of running.pdf is drawn by
// characters of both pages, and the runs cover the section's letters.
func TestPDFCharRuns(t *testing.T) {
	doc, err := File(context.Background(), "guide.pdf", pdfFixture(t, "running.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := doc.Sections[0]
	i := strings.Index(first.Text, "auprès d’elle")
	if i < 0 {
		t.Fatalf("quote not found in %q", first.Text)
	}
	got := first.CharsOf(i-20, i+len("auprès d’elle")+5)
	pages := map[int]bool{}
	for _, c := range got {
		pages[c.Page] = true
		if c.To <= c.From {
			t.Errorf("empty range %+v", c)
		}
	}
	if !pages[1] || !pages[2] || len(pages) != 2 {
		t.Errorf("a quote across the page break maps to pages %v, want 1 and 2: %+v", pages, got)
	}
	for _, s := range doc.Sections {
		letters, covered := 0, 0
		for _, r := range s.Text {
			if r != ' ' && r != '\n' && r != '\t' {
				letters++
			}
		}
		for _, r := range s.Chars {
			if r.Start < 0 || r.End > len(s.Text) || r.Start >= r.End || r.Page < s.PageStart || r.Page > s.PageEnd {
				t.Fatalf("section %s: run %+v outside its text (%d bytes, pages %d–%d)", s.ID, r, len(s.Text), s.PageStart, s.PageEnd)
			}
			covered += utf8.RuneCountInString(strings.ReplaceAll(s.Text[r.Start:r.End], " ", ""))
		}
		if covered < letters*95/100 {
			t.Errorf("section %s: runs cover %d of %d letters", s.ID, covered, letters)
		}
	}
}
