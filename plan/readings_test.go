package plan_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

// TestStepReadings checks the readings the situations evaluation scores plans against: a
// reader's reason is optional, a verdict other than on or off is refused with the line, and a
// step is counted as read only for its own situation.
func TestStepReadings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.tsv")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# header\nS01\ton\tContacter la Caf.\nS01\toff\tRemplir le cerfa.\tfragment\n\nS02\ton\tRemplir le cerfa.\n")
	r, err := loadStepReadings(path)
	if err != nil {
		t.Fatal(err)
	}
	r.score("S01", []socle.Step{{Action: "Contacter la Caf."}, {Action: "Remplir le cerfa. "}, {Action: "Appeler le 115."}}, []int{1, 2, 0})
	if r.read != 2 || r.off != 1 || len(r.unread) != 1 || !strings.Contains(r.unread[0], "Appeler le 115.") {
		t.Errorf("read %d, off %d, unread %q; want 2 read, 1 off, the call to the 115 unread", r.read, r.off, r.unread)
	}
	// The off step cites the core document: the plan has no on-topic core step, its first
	// step is on-topic, and the shares by grade say so.
	if r.byGrade[2] != [2]int{1, 1} || r.byGrade[1] != [2]int{1, 0} || r.firstOn != 1 || r.plansWithCoreOnTop != 0 {
		t.Errorf("by grade %v, first on %d, plans with an on-topic core step %d; want core 1 read 1 off, useful 1 read 0 off, 1, 0", r.byGrade, r.firstOn, r.plansWithCoreOnTop)
	}
	r.score("S02", []socle.Step{{Action: "Remplir le cerfa."}}, []int{2})
	if r.plans != 2 || r.plansWithCoreOnTop != 1 || !strings.Contains(r.report(), "plans with an on-topic step citing a core document: 1 of 2") {
		t.Errorf("plans %d, with an on-topic core step %d; report:\n%s", r.plans, r.plansWithCoreOnTop, r.report())
	}
	write("S01\tmaybe\tContacter la Caf.\n")
	if _, err := loadStepReadings(path); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("a verdict neither on nor off: err = %v, want the line named", err)
	}
}

// TestBlindSheet checks what a reader who did not write the planner is shown: the note and
// the steps with their headings, then the Selector's other candidates, neither the need nor
// anything else of the plan, the steps already read left out, and the same order for the same
// plan.
func TestBlindSheet(t *testing.T) {
	res := &plan.Result{Plan: socle.Plan{Steps: []socle.Step{
		{Action: "Contacter la Caf.", Need: "ressources", Citations: []socle.Citation{{Path: []string{"RSA", "Demande"}}}},
		{Action: "Remplir le cerfa.", Need: "logement", Citations: []socle.Citation{{Path: []string{"APL"}}}},
	}}}
	pool := plan.Draft{Steps: []plan.DraftStep{
		{Action: "Contacter la Caf.", Need: "ressources", Rationale: "RSA › Demande"},
		{Action: "Appeler le 115.", Need: "hebergement", Rationale: "Urgence"},
	}}
	steps := toRead(res, pool)
	if len(steps) != 3 {
		t.Fatalf("to read: %v; want the plan's 2 steps and the one other candidate", steps)
	}
	read := &stepReadings{verdict: map[[2]string]string{{"S01", "Remplir le cerfa."}: "off"}}
	var a, b blindSheet
	a.add("S01", "Mme K., 41 ans.", steps, read)
	b.add("S01", "Mme K., 41 ans.", steps, read)
	if a.md.String() != b.md.String() {
		t.Error("the same plan gives two sheets")
	}
	md := a.md.String()
	for _, want := range []string{"## S01", "Mme K., 41 ans.", "Contacter la Caf.", "(source: RSA › Demande)", "Appeler le 115.", "(source: Urgence)"} {
		if !strings.Contains(md, want) {
			t.Errorf("sheet lacks %q:\n%s", want, md)
		}
	}
	for _, hidden := range []string{"ressources", "hebergement", "Remplir le cerfa."} {
		if strings.Contains(md, hidden) {
			t.Errorf("sheet shows %q (a need, or a step read before):\n%s", hidden, md)
		}
	}
	if a.steps != 2 || strings.Count(a.tsv.String(), "\n") != 2 {
		t.Errorf("%d steps, sheet to fill:\n%s; want the 2 steps not read", a.steps, a.tsv.String())
	}
	var none blindSheet
	none.add("S02", "Rien à lire.", steps[1:2], &stepReadings{verdict: map[[2]string]string{{"S02", "Remplir le cerfa."}: "on"}})
	if none.md.Len() != 0 {
		t.Errorf("a plan whose steps were all read is on the sheet:\n%s", none.md.String())
	}
}

// TestCorrectedNeeds checks the needs a caseworker who corrects a plan's needs states: the
// author's, and the needs read that the author did not list struck out.
func TestCorrectedNeeds(t *testing.T) {
	read := []plan.Detected{{Need: plan.Need{Code: "logement"}}, {Need: plan.Need{Code: "travail"}}}
	f := correctedNeeds(read, []string{"logement", "budget"})
	if strings.Join(f.Needs, ",") != "logement,budget" || strings.Join(f.WithoutNeeds, ",") != "travail" {
		t.Errorf("stated %v, struck out %v; want logement and budget stated, travail struck out", f.Needs, f.WithoutNeeds)
	}
}
