package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// TestGolden reads each fixture and compares the document with testdata/<fixture>.golden.
func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		kind socle.GuideKind
	}{
		{"guide.md", ""},
		{"plain.md", ""},
		{"fiche.txt", ""},
		{"note.txt", ""},
		{"catalogue.csv", ""},
		{"services.csv", ""},
		{"services.json", ""},
		{"services.jsonl", ""},
		{"services.yaml", ""},
		{"catalogue.md", socle.KindCatalog},
		{"liste.md", socle.KindCatalog},
		{"data-inclusion.json", ""},
		{"aides-jeunes.jsonl", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := File(context.Background(), tt.file, data, Options{Kind: tt.kind})
			if err != nil {
				t.Fatalf("File: %v", err)
			}
			checkSections(t, tt.file, doc.Sections)
			golden(t, tt.file, doc)
		})
	}
}

// TestMarkdownStructure states, apart from the golden file, what the Markdown fixture must give.
func TestMarkdownStructure(t *testing.T) {
	data, err := os.ReadFile("testdata/guide.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := File(context.Background(), "guide.md", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Guide de l'accompagnement RSA" {
		t.Errorf("title %q, want the front matter's", doc.Title)
	}
	if doc.Metadata["auteurs"] != "Équipe insertion, Service social départemental" || doc.Metadata["publication.date"] != "2024-09-01" {
		t.Errorf("metadata %v", doc.Metadata)
	}
	byHeading := map[string]socle.Section{}
	var paths []string
	for _, s := range doc.Sections {
		byHeading[s.Heading()] = s
		paths = append(paths, strings.Join(s.Path, " > "))
	}
	want := []string{
		"", // the text under the lone H1, which is the title
		"1. Orientation",
		"Rendez-vous de diagnostic", // setext level 2
		"Rendez-vous de diagnostic > Parcours social ou professionnel",
		"2. Contrat d'engagement réciproque > Délais", // a level 4 right under a level 2
		"2. Contrat d'engagement réciproque > Barème indicatif",
		"2. Contrat d'engagement réciproque > Modèle de courrier",
		"Annexes > Contacts utiles", // "Annexes" has no text of its own
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
	if code := byHeading["Modèle de courrier"].Text; !strings.HasPrefix(code, "# ceci n'est pas un titre\n") {
		t.Errorf("code block text %q", code)
	}
	table := byHeading["Barème indicatif"]
	if len(table.Passages) != 1 || !strings.Contains(table.Text, `| Couple sans enfant | 953,56 € | livret de famille \| bail |`) {
		t.Errorf("table section %q, %d passages", table.Text, len(table.Passages))
	}
	list := byHeading["Rendez-vous de diagnostic"].Text
	if !strings.Contains(list, "- les ressources du foyer :\n  - revenus d'activité,") {
		t.Errorf("nested list rendered as %q", list)
	}
	if s := byHeading["Rendez-vous de diagnostic"]; s.LineStart != 24 || s.LineEnd != 33 {
		t.Errorf("setext section lines %d-%d, want 24-33", s.LineStart, s.LineEnd)
	}
}

func TestFileErrors(t *testing.T) {
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	tests := []struct {
		name    string
		file    string
		data    string
		opts    Options
		ctx     context.Context
		kind    socle.ErrorKind
		message string // a part of the message
	}{
		{"unsupported extension", "notes.html", "<p>x</p>", Options{}, nil, socle.EINVALID, "PDF (.pdf), Markdown (.md)"},
		{"word document", "guide.docx", "PK\x03\x04rest", Options{}, nil, socle.EINVALID, "export it as PDF or Markdown"},
		{"spreadsheet", "services.xlsx", "PK\x03\x04rest", Options{}, nil, socle.EINVALID, "save the sheet as CSV (UTF-8)"},
		{"latin-1 text", "fiche.txt", "Pi\xe8ces \xe0 fournir\n", Options{}, nil, socle.EINVALID, "save it as UTF-8"},
		{"utf-16", "fiche.txt", "\xff\xfeP\x00", Options{}, nil, socle.EINVALID, "UTF-16"},
		{"binary", "fiche.txt", "abc\x00def", Options{}, nil, socle.EINVALID, "binary data"},
		{"empty", "guide.md", " \n\t\n", Options{}, nil, socle.EINVALID, "empty"},
		{"too large", "guide.md", strings.Repeat("a", 2048), Options{Limits: Limits{MaxBytes: 1024}}, nil, socle.ETOOLARGE, "2.0 KB is over the 1.0 KB limit"},
		{"too many sections", "guide.md", "# a\n\nx\n\n# b\n\ny\n\n# c\n\nz\n", Options{Limits: Limits{MaxSections: 2}}, nil, socle.ETOOLARGE, "more than 2 sections"},
		{"too many services", "s.csv", "nom\na\nb\nc\n", Options{Limits: Limits{MaxServices: 2}}, nil, socle.ETOOLARGE, "more than 2 services"},
		{"deadline", "guide.md", "# a\n\nb\n", Options{}, past, socle.ETOOLARGE, "took longer than"},
		{"csv without a name column", "s.csv", "public;lien\njeunes;https://x\n", Options{}, nil, socle.EINVALID, "must have a column named nom, name"},
		{"csv bad quotes", "s.csv", "nom,description\n\"a \"\"b\"\"\",c\n\"open,d\n", Options{}, nil, socle.EINVALID, "line 3 is not valid CSV"},
		{"json not a catalog", "s.json", `{"version": 2, "items": [1, 2]}`, Options{}, nil, socle.EINVALID, "not a service catalog"},
		{"json syntax", "s.json", "[\n{\"nom\": \"a\"},\n{\"nom\": }\n]", Options{}, nil, socle.EINVALID, "near line 3"},
		{"jsonl syntax", "s.jsonl", "{\"nom\": \"a\"}\n{nom}\n", Options{}, nil, socle.EINVALID, "line 2 is not valid JSON"},
		{"yaml syntax", "s.yaml", "- nom: a\n  public: [x\n", Options{}, nil, socle.EINVALID, "YAML is not valid"},
		{"text as catalog", "s.txt", "Nom : a\n", Options{Kind: socle.KindCatalog}, nil, socle.EINVALID, "plain text cannot be read as a service catalog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			doc, err := File(ctx, tt.file, []byte(tt.data), tt.opts)
			if err == nil {
				t.Fatalf("got a document (%d sections, %d services), want an error", len(doc.Sections), len(doc.Services))
			}
			var e *socle.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *socle.Error", err)
			}
			if e.Kind != tt.kind {
				t.Errorf("kind %s, want %s (%v)", e.Kind, tt.kind, err)
			}
			if !strings.HasPrefix(e.Message, tt.file+": ") {
				t.Errorf("message %q does not start with the file name", e.Message)
			}
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("message %q does not say %q", e.Message, tt.message)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, file, data string
		kind             socle.GuideKind
		want             string
	}{
		{"pdf by magic", "scan.txt", "%PDF-1.7\n...", "", fmtPDF},
		{"pdf after junk", "export", "\x00\x01junk%PDF-1.4", "", fmtPDF},
		{"pdf by extension", "rapport.PDF", "not really", "", fmtPDF},
		{"markdown quoting the magic", "notes.md", "# PDF\n\nLes fichiers commencent par %PDF-1.7.", "", fmtMarkdown},
		{"markdown", "guide.markdown", "# Titre", "", fmtMarkdown},
		{"markdown catalog", "catalogue.md", "# Titre", socle.KindCatalog, fmtMarkdownList},
		{"text", "fiche.TXT", "Titre", "", fmtText},
		{"csv", "s.csv", "nom", "", fmtCSV},
		{"tsv", "s.tsv", "nom", "", fmtCSV},
		{"json", "s.json", "[]", "", fmtJSON},
		{"jsonl", "s.ndjson", "{}", "", fmtJSONL},
		{"yaml", "s.yml", "- nom: a", "", fmtYAML},
		{"no extension json", "export", " [{\"nom\": 1}]", "", fmtJSON},
		{"no extension markdown", "LISEZMOI", "Intro\n# Titre\n", "", fmtMarkdown},
		{"no extension text", "LISEZMOI", "Intro\nSuite", "", fmtText},
		{"windows path", `C:\guides\guide.md`, "# a", "", fmtMarkdown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sniff(tt.file, []byte(tt.data), tt.kind)
			if err != nil || got != tt.want {
				t.Errorf("sniff = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestTextSource checks the clean-up every text format gets: BOM, line ends, NFC.
func TestTextSource(t *testing.T) {
	got, err := textSource([]byte("\ufeffe\u0301t\u00e9\r\nligne 2\rligne 3"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "\u00e9t\u00e9\nligne 2\nligne 3"; !bytes.Equal(got, []byte(want)) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCSVBareQuote: a quote inside an unquoted field is read as is, with a problem.
func TestCSVBareQuote(t *testing.T) {
	doc, err := File(context.Background(), "s.csv", []byte("nom,description\nMaison \"Les Lilas\",accueil de jour\nPoint info,conseils\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Services) != 2 || doc.Services[0].Name != `Maison "Les Lilas"` {
		t.Fatalf("services %+v", doc.Services)
	}
	if len(doc.Problems) != 1 || doc.Problems[0].Line != 2 {
		t.Errorf("problems %+v, want one on line 2", doc.Problems)
	}
}

// TestNoTextProblem: a file with headings only reads without error and says why it is empty.
func TestNoTextProblem(t *testing.T) {
	doc, err := File(context.Background(), "vide.md", []byte("# Un\n\n## Deux\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sections) != 0 || len(doc.Problems) != 1 || !strings.Contains(doc.Problems[0].Message, "no text") {
		t.Errorf("sections %d, problems %v", len(doc.Sections), doc.Problems)
	}
	if doc.Title != "Un" {
		t.Errorf("title %q", doc.Title)
	}
}

// TestGuarded: a panic in a reader and a reader that outlives the time limit both come back as
// errors naming the file.
func TestGuarded(t *testing.T) {
	l := Limits{Timeout: 20 * time.Millisecond}.withDefaults()
	_, err := guarded(context.Background(), "guide.md", l, func(context.Context) (*Document, error) {
		var m map[string]int
		m["x"]++ // a nil map: panics
		return nil, nil
	})
	var e *socle.Error
	if !errors.As(err, &e) || e.Kind != socle.EINTERNAL || !strings.HasPrefix(e.Message, "guide.md: ") || !strings.Contains(e.Err.Error(), "panic") {
		t.Errorf("panic gave %#v", err)
	}
	if socle.MessageOf(err) != "internal error" {
		t.Errorf("the panic's message %q reaches the user", socle.MessageOf(err))
	}
	release := make(chan struct{})
	defer close(release)
	_, err = guarded(context.Background(), "lent.md", l, func(context.Context) (*Document, error) {
		<-release // ignores its context, as a stuck library call would
		return &Document{}, nil
	})
	if !errors.As(err, &e) || e.Kind != socle.ETOOLARGE || !strings.Contains(e.Message, "lent.md: reading took longer than the 20ms limit") {
		t.Errorf("timeout gave %v", err)
	}
}
