package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/socle-project/socle"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got, as indented JSON, with testdata/name.golden, or rewrites the file with
// -update.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from %s; run go test ./ingest -update and review the diff.\ngot:\n%s", name, path, buf.String())
	}
}

// checkSections holds the invariants every document's sections keep, whatever the format.
func checkSections(t *testing.T, name string, secs []socle.Section) {
	t.Helper()
	ids := map[string]bool{}
	for i, s := range secs {
		where := name + ": section " + s.ID
		if s.Ordinal != i {
			t.Errorf("%s: ordinal %d at index %d", where, s.Ordinal, i)
		}
		if s.ID == "" || ids[s.ID] {
			t.Errorf("%s: empty or repeated id", where)
		}
		ids[s.ID] = true
		for _, r := range s.ID {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("%s: id is not URL-safe", where)
				break
			}
		}
		if len(s.ID) > slugMax+12 {
			t.Errorf("%s: id is %d bytes long", where, len(s.ID))
		}
		if s.Level != len(s.Path) {
			t.Errorf("%s: level %d for a path of %d", where, s.Level, len(s.Path))
		}
		for _, h := range s.Path {
			if strings.TrimSpace(h) == "" {
				t.Errorf("%s: empty heading in path %q", where, s.Path)
			}
		}
		if strings.TrimSpace(s.Text) == "" {
			t.Errorf("%s: empty text", where)
		}
		checkPassages(t, where, s.Text, s.Passages, false)
		for j := range s.Passages {
			// Only a table, kept whole, may run over the bound.
			if p := s.PassageText(j); len(p) > PassageMax && !strings.HasPrefix(p, "|") {
				t.Errorf("%s: passage %d is %d bytes, over %d", where, j, len(p), PassageMax)
			}
		}
		if s.PageStart > 0 && s.PageEnd != s.PageStart+len(s.PageBreaks) {
			t.Errorf("%s: pages %d-%d with %d breaks", where, s.PageStart, s.PageEnd, len(s.PageBreaks))
		}
		if s.LineEnd < s.LineStart {
			t.Errorf("%s: lines %d-%d", where, s.LineStart, s.LineEnd)
		}
	}
}

// checkPassages holds that passages cover text in order, leaving out only whitespace, and stay
// within PassageMax unless bounded is false (a table may be longer).
func checkPassages(t *testing.T, where, text string, ps []socle.Span, bounded bool) {
	t.Helper()
	if strings.TrimSpace(text) != "" && len(ps) == 0 {
		t.Errorf("%s: no passages", where)
		return
	}
	pos := 0
	for i, p := range ps {
		if p.Start < pos || p.End <= p.Start || p.End > len(text) {
			t.Errorf("%s: passage %d [%d,%d) out of order or empty (previous end %d, text %d bytes)", where, i, p.Start, p.End, pos, len(text))
			return
		}
		if gap := text[pos:p.Start]; strings.TrimFunc(gap, unicode.IsSpace) != "" {
			t.Errorf("%s: passage %d skips %q", where, i, gap)
		}
		if bounded && p.End-p.Start > PassageMax {
			t.Errorf("%s: passage %d is %d bytes, over %d", where, i, p.End-p.Start, PassageMax)
		}
		pos = p.End
	}
	if rest := text[pos:]; strings.TrimFunc(rest, unicode.IsSpace) != "" {
		t.Errorf("%s: passages leave out the end %q", where, rest)
	}
}

// corpusDir returns the shared corpus folder ($SOCLE_CORPUS, else ../shared/corpus beside the
// repository), or skips the test when it is absent.
func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	root := os.Getenv("SOCLE_CORPUS")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "corpus")
	}
	dir := filepath.Join(root, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder %s is absent (set SOCLE_CORPUS to the shared corpus to run this test)", dir)
	}
	return dir
}
