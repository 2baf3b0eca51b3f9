package web_test

import (
	"strings"
	"testing"

	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/web"
)

func TestExcerpt(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("mot très long ", 100)) // segments hold no outer space
	segs := []authoring.Segment{
		{Op: "equal", Text: long},
		{Op: "delete", Text: "huit"},
		{Op: "insert", Text: "quinze"},
		{Op: "equal", Text: long},
		{Op: "insert", Text: "fin"},
		{Op: "equal", Text: "court"},
	}
	got := web.Excerpt(segs)
	if len(got) != len(segs) {
		t.Fatalf("excerpt changed the number of segments: %d", len(got))
	}
	if !strings.HasPrefix(got[0].Text, "… ") || len(got[0].Text) > 220 || !strings.HasSuffix(got[0].Text, "long") {
		t.Fatalf("text before the first change: %q", got[0].Text)
	}
	if !strings.Contains(got[3].Text, " … ") || len(got[3].Text) > 420 {
		t.Fatalf("text between two changes: %q", got[3].Text)
	}
	if got[1].Text != "huit" || got[2].Text != "quinze" || got[5].Text != "court" {
		t.Fatalf("changes or short text were cut: %+v", got)
	}
	for _, s := range got {
		if !strings.HasPrefix(s.Text, "… ") && strings.HasPrefix(s.Text, " ") {
			t.Fatalf("a cut left a leading space: %q", s.Text)
		}
	}
}
