package web

import (
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// TestTableOfContents checks that a chapter with no text before its first subheading is shown
// by its heading, once, so that its subsections do not read as the previous chapter's.
func TestTableOfContents(t *testing.T) {
	sec := func(level int, path ...string) socle.Section { return socle.Section{Level: level, Path: path} }
	got := tableOfContents([]socle.Section{
		sec(1, "Guide"),
		sec(2, "Guide", "Principes"),
		sec(3, "Guide", "Accès aux droits", "RSA"),
		sec(3, "Guide", "Accès aux droits", "Domiciliation"),
		sec(2, "Guide", "Violences conjugales"),
		sec(3, "Guide", "Insertion professionnelle", "Jeunes"),
	})
	var lines []string
	for _, e := range got {
		mark := ""
		if e.Section == nil {
			mark = "*"
		}
		lines = append(lines, strings.Repeat(" ", e.Level)+mark+e.Heading)
	}
	want := []string{" Guide", "  Principes", "  *Accès aux droits", "   RSA", "   Domiciliation", "  Violences conjugales", "  *Insertion professionnelle", "   Jeunes"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("table of contents:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
