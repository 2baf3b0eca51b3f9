package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// TestMarkdownIsInert renders the export as the most permissive Markdown viewers would (raw
// HTML allowed, links made from bare URLs) and checks that nothing a plan carries becomes
// markup: no element, no script link, whatever the steps, quotes and services hold.
func TestMarkdownIsInert(t *testing.T) {
	evil := []string{
		`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `[clic](javascript:alert(1))`,
		`<javascript:alert(1)>`, `![x](javascript:alert(1))`, "`code` **gras** _i_", `<a href="javascript:x">a</a>`,
	}
	p := socle.Plan{Title: evil[0], CaseDigest: evil[1], Generator: evil[4]}
	for i, e := range evil {
		p.Steps = append(p.Steps, socle.Step{
			Action:    e,
			Citations: []socle.Citation{{GuideSlug: "g", GuideTitle: e, VersionN: 1, SectionID: "s" + e, Path: []string{e}, Quote: e}},
			Services:  []socle.ServiceRef{{VersionID: "v", ServiceID: string(rune('a' + i)), Name: e}},
			Who:       socle.AssigneePartner, Partner: e, Due: e,
		}, socle.Step{Action: e, Own: true, Who: socle.AssigneePartner, Partner: e})
		p.NotCovered = append(p.NotCovered, socle.Step{Action: e, Reason: e})
	}
	services := map[string]socle.Service{}
	for i, e := range evil {
		services["v/"+string(rune('a'+i))] = socle.Service{Contact: e, Link: "javascript:alert(1)"}
	}
	services["v/a"] = socle.Service{Link: "https://example.org/aide?x=1"}
	md := Markdown(p, services, "https://socle.example.org/", nil)
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := gm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	rendered := strings.ToLower(out.String())
	for _, bad := range []string{"<script", "<img", `href="javascript`, `src="javascript`, "<code>"} {
		if strings.Contains(rendered, bad) {
			t.Errorf("the rendered export holds %q:\n%s\n--- markdown:\n%s", bad, out.String(), md)
		}
	}
	if strings.Contains(md, "](javascript") || strings.Contains(md, "<javascript") {
		t.Errorf("the export holds a script link:\n%s", md)
	}
	if !strings.Contains(out.String(), `href="https://socle.example.org/guides/g/v/1/s/`) {
		t.Errorf("citation links lost:\n%s", out.String())
	}
	if !strings.Contains(md, "https://example.org/aide?x=1") {
		t.Errorf("a web link of a service was dropped:\n%s", md)
	}
	if strings.Count(rendered, "<strong>") != len(evil)+1 || strings.Count(rendered, "<em>") != 1+len(evil) { // "Situation." and each service's name; the footer and each own step's note
		t.Errorf("text became emphasis:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the text was lost rather than escaped:\n%s", out.String())
	}
}

// TestUrgentUncoveredComesFirst: an urgent need listed as not covered is announced before the
// steps in both exports; one answered by a step, a need that is not urgent, and a step set
// apart with its citation are not.
func TestUrgentUncoveredComesFirst(t *testing.T) {
	p := socle.Plan{Title: "Plan", CaseDigest: "Situation",
		Steps: []socle.Step{{Action: "Contacter le bailleur.", Need: "logement",
			Citations: []socle.Citation{{GuideSlug: "g", VersionN: 1, SectionID: "s", Quote: "Contacter le bailleur."}}}},
		NotCovered: []socle.Step{
			{Action: "Violences conjugales ou intrafamiliales", Need: "violences", Reason: ReasonNoPassage},
			{Action: "Décès d'un proche", Need: "deces", Reason: ReasonNoPassage},
			{Action: "Appeler le 115.", Need: "hebergement", Citations: []socle.Citation{{GuideSlug: "g", VersionN: 1, SectionID: "h", Quote: "Appeler le 115."}}},
			{Action: "Violences conjugales ou intrafamiliales", Need: "violences", Reason: ReasonNoPassage},
		}}
	got := UrgentUncovered(p)
	if len(got) != 1 || got[0].Code != "violences" {
		t.Fatalf("UrgentUncovered = %v, want violences once", got)
	}
	for name, out := range map[string]string{"Markdown": Markdown(p, nil, "", nil), "Text": Text(p, nil, nil)} {
		i, j := strings.Index(out, UrgentTitle), strings.Index(out, "Contacter le bailleur")
		if i < 0 || j < 0 || i > j || !strings.Contains(out[i:j], "Violences conjugales") || strings.Contains(out[i:j], "Décès") {
			t.Errorf("%s: urgent need not announced before the steps:\n%s", name, out)
		}
	}
	p.NotCovered = p.NotCovered[1:2]
	if got := UrgentUncovered(p); len(got) != 0 || strings.Contains(Markdown(p, nil, "", nil), UrgentTitle) {
		t.Errorf("a plan with no urgent need uncovered announces one: %v", got)
	}
}
