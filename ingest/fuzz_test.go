package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/socle-project/socle"
)

// The fuzz targets call the readers directly, not File, whose recover would hide a panic.

func fuzzSeeds(f *testing.F, pattern string, extra ...string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

func FuzzMarkdown(f *testing.F) {
	fuzzSeeds(f, "*.md", "", "---\n", "---\ntitle: [\n---\n# a", "#", "```\n# x", "| a |\n| - |\n| b |",
		"Titre\n===\n\ntexte\n\n- a\n  - b\n    1. c", "> # cité\n> texte", "<div>\n<!-- x -->\n</div>", "[x]: http://a\n\n![i](j)")
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := textSource(data)
		if err != nil {
			return
		}
		doc, err := readMarkdown(context.Background(), src, Limits{})
		if err == nil {
			checkSections(t, "fuzz.md", doc.Sections)
		}
		if _, err := readMarkdownCatalog(context.Background(), src, Limits{}); err != nil && !isUserError(err) {
			t.Errorf("catalog: %v", err)
		}
	})
}

func FuzzText(f *testing.F) {
	fuzzSeeds(f, "*.txt", "", "\n\n\n", "a\n\nb\n\nc\nd", " x \n\n y.\n", "T\n===\n1. A\nProse.", "1.2.3.4.5 x\nY.")
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := textSource(data)
		if err != nil {
			return
		}
		doc, err := readText(context.Background(), src, Limits{})
		if err != nil {
			t.Fatalf("readText: %v", err)
		}
		checkSections(t, "fuzz.txt", doc.Sections)
	})
}

func FuzzCatalog(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, file := range files {
		if filepath.Ext(file) == ".golden" {
			continue
		}
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data, uint8(len(file)))
		}
	}
	f.Add([]byte("nom;âge\na;16-25\n"), uint8(0))
	f.Add([]byte(`[{"nom": "a", "publics": [1, null, {"x": []}]}]`), uint8(1))
	f.Add([]byte("{\"label\":\"x\",\"conditions_generales\":[{\"type\":\"age\",\"operator\":\"<\",\"value\":0}],\"institution_name\":\"y\"}\n"), uint8(2))
	f.Add([]byte("- nom: &a x\n  public: *a\n"), uint8(3))
	formats := []string{fmtCSV, fmtJSON, fmtJSONL, fmtYAML, fmtMarkdownList}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		format := formats[int(which)%len(formats)]
		doc, err := read(context.Background(), "fuzz", format, data, Limits{}, Options{})
		if err != nil {
			if !isUserError(err) {
				t.Errorf("%s: %v", format, err)
			}
			return
		}
		ids := map[string]bool{}
		for _, s := range doc.Services {
			if s.ID == "" || ids[s.ID] || s.Name == "" {
				t.Errorf("%s: service id %q name %q (empty or repeated)", format, s.ID, s.Name)
			}
			ids[s.ID] = true
		}
	})
}

func FuzzPassages(f *testing.F) {
	f.Add("Une phrase. Une autre\u00a0? Oui !\n\nUn paragraphe.", 0, 0)
	f.Add(string(make([]byte, 5000)), 10, 4000)
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		var atomic []socle.Span
		if a >= 0 && b > a && b <= len(text) {
			atomic = append(atomic, socle.Span{Start: a, End: b})
		}
		ps := splitPassages(text, atomic)
		checkPassages(t, "fuzz", text, ps, len(atomic) == 0)
	})
}

// isUserError tells an error that says what is wrong with the input from a failure of ours.
func isUserError(err error) bool {
	k := socle.KindOf(err)
	return k == socle.EINVALID || k == socle.ETOOLARGE
}
