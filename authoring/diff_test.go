package authoring_test

import (
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
)

func sec(id string, path []string, text string) socle.Section {
	return socle.Section{ID: id, Path: path, Level: len(path), Text: text}
}

func TestCompareSections(t *testing.T) {
	old := []socle.Section{
		sec("a", []string{"Accueil"}, "Recevoir la personne dans les cinq jours."),
		sec("b", []string{"Logement"}, "Contacter le bailleur dans les 8 jours suivant le premier impayé."),
		sec("c", []string{"Budget"}, "Proposer un accompagnement budgétaire."),
		sec("d", []string{"Santé"}, "Proposer la complémentaire santé solidaire aux personnes aux ressources faibles."),
		sec("e", []string{"Annexe"}, "Liste des partenaires."),
	}
	cur := []socle.Section{
		sec("a", []string{"Accueil"}, "Recevoir la personne  dans les cinq\njours."), // whitespace only
		sec("c", []string{"Budget"}, "Proposer un accompagnement budgétaire."),       // moved before b
		sec("b", []string{"Logement"}, "Contacter le bailleur dans les 15 jours suivant le premier impayé."),
		sec("d2", []string{"Accès aux soins"}, "Proposer la complémentaire santé solidaire aux personnes aux ressources modestes."),
		sec("f", []string{"Mobilité"}, "Orienter vers la plateforme mobilité."),
	}
	got := authoring.CompareSections(old, cur)
	var summary []string
	for _, d := range got {
		s := string(d.Change) + ":" + strings.Join(d.Path(), "/")
		if d.Moved {
			s += "+moved"
		}
		if d.Renamed {
			s += "+renamed"
		}
		summary = append(summary, s)
	}
	want := "unchanged:Accueil,moved:Budget,changed:Logement,changed:Accès aux soins+renamed,removed:Annexe,added:Mobilité"
	if strings.Join(summary, ",") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(summary, ","), want)
	}
	logement := got[2]
	var del, ins []string
	for _, s := range logement.Words {
		switch s.Op {
		case "delete":
			del = append(del, s.Text)
			if logement.Old.Text[s.Start:s.End] != s.Text {
				t.Errorf("deleted %q is not at [%d,%d) of the old text", s.Text, s.Start, s.End)
			}
		case "insert":
			ins = append(ins, s.Text)
			if logement.New.Text[s.Start:s.End] != s.Text {
				t.Errorf("inserted %q is not at [%d,%d) of the new text", s.Text, s.Start, s.End)
			}
		}
	}
	if strings.Join(del, "|") != "8" || strings.Join(ins, "|") != "15" {
		t.Fatalf("word diff: deleted %q inserted %q, want 8 → 15", del, ins)
	}
	if !logement.TextChanged() || got[1].TextChanged() || got[0].TextChanged() {
		t.Fatalf("TextChanged: logement %v, budget %v, accueil %v", logement.TextChanged(), got[1].TextChanged(), got[0].TextChanged())
	}
}

func TestWordDiffRebuildsTexts(t *testing.T) {
	a := "L'accompagnement repose sur la libre adhésion de la personne ; le travailleur social recueille son accord."
	b := "L'accompagnement repose sur l'adhésion libre de la personne : le référent recueille son accord écrit."
	d := authoring.CompareSections([]socle.Section{sec("x", []string{"P"}, a)}, []socle.Section{sec("x", []string{"P"}, b)})
	var oldText, newText []string
	for _, s := range d[0].Words {
		if s.Op != "insert" {
			oldText = append(oldText, s.Text)
		}
		if s.Op != "delete" {
			newText = append(newText, s.Text)
		}
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if norm(strings.Join(newText, " ")) != norm(b) || norm(strings.Join(oldText, " ")) != norm(a) {
		t.Fatalf("segments do not rebuild the texts:\nold %q\nnew %q", oldText, newText)
	}
}

func TestCompareVersionsAndImpact(t *testing.T) {
	svc, _, org := setup(t)
	lead := socle.WithActor(ctx, "lead")
	first, err := svc.AddVersion(lead, authoring.Upload{OrgID: org.ID, Guide: "rsa", FileName: "rsa.md", Data: []byte(guideV1), Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	secs, _ := svc.Store.Sections(ctx, org.ID, first.Version.ID)
	plan := socle.Plan{OrgID: org.ID, AuthorID: "cw", Title: "Plan", ExpiresAt: socle.Now().Add(time.Hour),
		Steps: []socle.Step{{Action: "Contacter le bailleur", Citations: []socle.Citation{{GuideID: first.Guide.ID, GuideSlug: "rsa",
			VersionID: first.Version.ID, VersionN: 1, SectionID: secs[1].ID, Quote: "Contacter le bailleur"}}}}}
	if err := svc.Store.(socle.Store).SavePlan(ctx, &plan); err != nil {
		t.Fatal(err)
	}
	// A published path with a step on the section the new version changes, one on another.
	ps := svc.Store.(socle.Store)
	content := socle.PathContent{Title: "Premiers pas", Steps: []socle.PathStep{
		{ID: "a", GuideID: first.Guide.ID, GuideSlug: "rsa", VersionID: first.Version.ID, VersionN: 1, SectionID: secs[1].ID},
		{ID: "b", GuideID: first.Guide.ID, GuideSlug: "rsa", VersionID: first.Version.ID, VersionN: 1, SectionID: secs[0].ID}}}
	path := socle.LearningPath{OrgID: org.ID, Draft: &content}
	if err := ps.CreatePath(ctx, &path); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.PublishPath(ctx, org.ID, path.ID); err != nil {
		t.Fatal(err)
	}
	// The leads' rules: on the sentence the new version rewrites (lost), on the words of it the
	// new version keeps, on an unchanged section's sentence, and one whose words are not at its
	// span (left out).
	rule := func(sec socle.Section, words, need string, kind socle.PassageRuleKind) socle.PassageRule {
		t.Helper()
		i := strings.Index(sec.Text, words)
		if i < 0 {
			t.Fatalf("%q is not in section %s", words, sec.ID)
		}
		r := socle.PassageRule{OrgID: org.ID, Need: need, GuideID: first.Guide.ID, Digest: socle.PassageDigest(words), Rule: kind,
			VersionN: 1, SectionID: sec.ID, Span: socle.Span{Start: i, End: i + len(words)}}
		if err := ps.SetPassageRule(ctx, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	lost := rule(secs[1], "Contacter le bailleur dans les 8 jours suivant le premier impayé.", "logement", socle.RuleKeep)
	rule(secs[1], "Contacter le bailleur", "budget", socle.RuleSetAside)
	rule(secs[len(secs)-1], "Revoir le CER tous les six mois.", "emploi", socle.RuleKeep)
	elsewhere := rule(secs[1], "Contacter le bailleur", "ressources", socle.RuleKeep)
	elsewhere.Digest = socle.PassageDigest("Une autre phrase.")
	if err := ps.SetPassageRule(ctx, &elsewhere); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveText(lead, authoring.Edit{OrgID: org.ID, Guide: "rsa", Base: 1, Author: "lead",
		Text: strings.Replace(guideV1, "8 jours", "15 jours", 1)}); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Compare(ctx, org.ID, "rsa", 1, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if d.Counts[socle.Changed] != 1 || d.Counts[socle.Unchanged] != len(secs)-1 || len(d.Sections) != len(secs) {
		t.Fatalf("compare 1 → 2: %v", d.Counts)
	}
	if _, err := svc.Compare(ctx, org.ID, "rsa", 1, 2, false); socle.KindOf(err) != socle.ENOTFOUND {
		t.Fatalf("a reader compares with a draft: %v, want not found", err)
	}
	imp, err := svc.Impact(ctx, org.ID, "rsa", 2)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Against == nil || imp.Against.N != 1 || len(imp.Changes) != 1 || len(imp.Plans) != 1 || imp.Plans[0].PlanID != plan.ID {
		t.Fatalf("impact of v2: %+v", imp)
	}
	if len(imp.Paths) != 1 || imp.Paths[0].ID != path.ID || imp.Paths[0].Steps != 1 || imp.Paths[0].Title != "Premiers pas" {
		t.Fatalf("paths in the impact of v2: %+v", imp.Paths)
	}
	if len(imp.Rules) != 1 || imp.Rules[0].Key() != lost.Key() || imp.Rules[0].Quote != "Contacter le bailleur dans les 8 jours suivant le premier impayé." {
		t.Fatalf("rules in the impact of v2: %+v, want only the one on the sentence it rewrites", imp.Rules)
	}
}
