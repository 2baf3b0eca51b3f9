package training_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/training"
)

var ctx = context.Background()

const guide = `# Guide

## Accueil

Recevoir la personne dans les cinq jours ouvrés.

## Logement

Contacter le bailleur dès le premier impayé.

## Santé

Proposer la complémentaire santé solidaire.
`

type fixture struct {
	store    *embedded.Store
	auth     *authoring.Service
	svc      *training.Service
	org      socle.Organization
	other    socle.Organization
	trainer  socle.User
	newcomer socle.User
	outsider socle.User
}

func setup(t *testing.T) *fixture {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := &fixture{store: s, auth: &authoring.Service{Store: s}, svc: &training.Service{Store: s}}
	f.org = socle.Organization{Slug: "mds", Name: "MDS"}
	f.other = socle.Organization{Slug: "ailleurs", Name: "Ailleurs"}
	must(t, s.CreateOrg(ctx, &f.org))
	must(t, s.CreateOrg(ctx, &f.other))
	member := func(org socle.Organization, email string, role socle.Role) socle.User {
		u := socle.User{Email: email, Name: strings.Split(email, "@")[0]}
		must(t, s.CreateUser(ctx, &u))
		must(t, s.SetMembership(ctx, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: role}))
		return u
	}
	f.trainer = member(f.org, "formatrice@mds.example", socle.RoleTrainer)
	f.newcomer = member(f.org, "nouveau@mds.example", socle.RoleCaseworker)
	f.outsider = member(f.other, "autre@ailleurs.example", socle.RoleCaseworker)
	for _, o := range []socle.Organization{f.org, f.other} {
		_, err := f.auth.AddVersion(ctx, authoring.Upload{OrgID: o.ID, Guide: "guide", FileName: "guide.md", Data: []byte(guide), Publish: true})
		must(t, err)
	}
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantKind(t *testing.T, what string, err error, kind socle.ErrorKind, says string) {
	t.Helper()
	if socle.KindOf(err) != kind || !strings.Contains(err.Error(), says) {
		t.Fatalf("%s: got %v, want %s saying %q", what, err, kind, says)
	}
}

func question() *socle.Question {
	return &socle.Question{Prompt: "Sous quel délai recevoir la personne ?",
		Choices: []socle.Choice{{Text: "Cinq jours ouvrés", Right: true}, {Text: "Un mois"}}, Explanation: "Le guide dit cinq jours ouvrés."}
}

func TestPathLife(t *testing.T) {
	f := setup(t)
	d, err := f.svc.FromGuide(ctx, f.org.ID, "guide")
	must(t, err)
	if len(d.Steps) != 3 || d.Steps[0].Guide != "guide" {
		t.Fatalf("suggestion from the guide: %+v", d)
	}
	d.Steps[0].Note, d.Steps[0].Question = "Le premier contact compte.", question()
	d.Audience = socle.Audience{Role: socle.RoleCaseworker, AutoAssign: true}
	p, err := f.svc.Create(ctx, f.org.ID, f.trainer.ID, d)
	must(t, err)
	if p.Draft == nil || len(p.Draft.Steps) != 3 || p.Draft.Steps[0].VersionN != 1 || p.Draft.Steps[0].Path[0] != "Accueil" {
		t.Fatalf("created path: %+v", p.Draft)
	}
	if _, err := f.svc.Assign(ctx, f.org.ID, p.ID, []string{f.newcomer.Email}, ""); socle.KindOf(err) != socle.ECONFLICT {
		t.Fatalf("assigning a draft: %v", err)
	}
	p, err = f.svc.Publish(ctx, f.org.ID, p.ID)
	must(t, err)
	n, err := f.svc.Assign(ctx, f.org.ID, p.ID, []string{f.newcomer.Email}, "")
	if err != nil || n != 1 {
		t.Fatalf("assign: %d, %v", n, err)
	}

	// The member reads two steps and answers the question wrong, then right.
	steps := p.Published.Steps
	for _, st := range steps[:2] {
		_, err := f.svc.MarkRead(ctx, f.org.ID, f.newcomer.ID, p.ID, st.ID)
		must(t, err)
	}
	pr, q, err := f.svc.Answer(ctx, f.org.ID, f.newcomer.ID, p.ID, steps[0].ID, []int{1})
	if err != nil || pr.Right || pr.Attempts != 1 || q.Explanation == "" {
		t.Fatalf("wrong answer: %+v, %v", pr, err)
	}
	pr, _, err = f.svc.Answer(ctx, f.org.ID, f.newcomer.ID, p.ID, steps[0].ID, []int{0})
	if err != nil || !pr.Right || pr.Attempts != 2 {
		t.Fatalf("right answer: %+v, %v", pr, err)
	}
	if _, _, err := f.svc.Answer(ctx, f.org.ID, f.newcomer.ID, p.ID, steps[0].ID, []int{7}); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("an answer out of range: %v", err)
	}
	if _, _, err := f.svc.Answer(ctx, f.org.ID, f.newcomer.ID, p.ID, steps[1].ID, []int{0}); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("an answer to a step without question: %v", err)
	}
	mp, err := f.svc.ForMember(ctx, f.org.ID, f.newcomer.ID, p.ID)
	must(t, err)
	if mp.Done != 2 || !mp.Steps[0].Done() || !mp.Steps[1].Done() || mp.Steps[2].Read() || !strings.Contains(mp.Steps[0].Section.Text, "cinq jours") {
		t.Fatalf("member's path: done %d, steps %+v", mp.Done, mp.Steps)
	}
	dash, err := f.svc.Dashboard(ctx, f.org.ID, p.ID)
	must(t, err)
	if len(dash.Members) != 1 || dash.Steps[0].Answered != 1 || dash.Steps[0].Right != 1 || dash.Steps[0].Attempts != 2 ||
		dash.Steps[0].ShareRight() != 100 || dash.Steps[1].Read != 1 || dash.Steps[2].Read != 0 {
		t.Fatalf("dashboard: %+v", dash.Steps)
	}
	csv, err := dash.CSV()
	if err != nil || !strings.Contains(string(csv), "nouveau@mds.example,1,Accueil,") || strings.Count(string(csv), "\n") != 4 {
		t.Fatalf("CSV:\n%s", csv)
	}

	// A lead publishes a version that changes the first step's section and removes the third.
	text := strings.Replace(guide, "cinq jours ouvrés", "trois jours ouvrés", 1)
	text = strings.Replace(text, "## Santé\n\nProposer la complémentaire santé solidaire.\n", "", 1)
	lead := socle.WithActor(ctx, "lead")
	res, err := f.auth.AddVersion(lead, authoring.Upload{OrgID: f.org.ID, Guide: "guide", FileName: "guide.md", Data: []byte(text), Author: "lead"})
	must(t, err)
	_, err = f.auth.Move(lead, f.org.ID, "guide", res.Version.N, socle.StateReview, "")
	must(t, err)
	_, err = f.auth.Move(socle.WithActor(ctx, "lead2"), f.org.ID, "guide", res.Version.N, socle.StatePublished, "")
	must(t, err)

	view, err := f.svc.View(ctx, f.org.ID, p.ID)
	must(t, err)
	if view.Steps[0].Change != socle.Changed || view.Steps[1].Updated() || view.Steps[2].Change != socle.Removed {
		t.Fatalf("trainer's view after the change: %v %v %v", view.Steps[0].Change, view.Steps[1].Change, view.Steps[2].Change)
	}
	mp, err = f.svc.ForMember(ctx, f.org.ID, f.newcomer.ID, p.ID)
	must(t, err)
	if !mp.Steps[0].ToReread || mp.Steps[1].ToReread || mp.ToReread != 1 || mp.Steps[0].ShownN != 2 ||
		!strings.Contains(mp.Steps[0].Section.Text, "trois jours") || !mp.Steps[2].Removed {
		t.Fatalf("member's path after the change: %+v", mp.Steps)
	}
	_, err = f.svc.MarkRead(ctx, f.org.ID, f.newcomer.ID, p.ID, steps[0].ID)
	must(t, err)
	if mp, _ = f.svc.ForMember(ctx, f.org.ID, f.newcomer.ID, p.ID); mp.Steps[0].ToReread || !mp.Steps[0].Read() {
		t.Fatalf("re-read step: %+v", mp.Steps[0])
	}

	// A new member of the role is assigned the path as they are added.
	late := socle.User{Email: "tard@mds.example"}
	must(t, f.store.CreateUser(ctx, &late))
	must(t, f.store.SetMembership(ctx, &socle.Membership{OrgID: f.org.ID, UserID: late.ID, Role: socle.RoleCaseworker}))
	mine, err := f.svc.MyPaths(ctx, f.org.ID, late.ID)
	if err != nil || len(mine) != 1 || mine[0].Path.ID != p.ID {
		t.Fatalf("a new caseworker's paths: %+v, %v", mine, err)
	}
}

func TestPathBadInput(t *testing.T) {
	f := setup(t)
	d, err := f.svc.FromGuide(ctx, f.org.ID, "guide")
	must(t, err)

	// A step pointing to a draft.
	res, err := f.auth.AddVersion(ctx, authoring.Upload{OrgID: f.org.ID, Guide: "guide", FileName: "guide.md", Data: []byte(guide + "\n## Annexe\n\nAdresses.\n")})
	must(t, err)
	draft := d
	draft.Steps = append([]training.StepDraft(nil), d.Steps...)
	draft.Steps[0].Version = res.Version.N
	_, err = f.svc.Create(ctx, f.org.ID, f.trainer.ID, draft)
	wantKind(t, "a step on a draft", err, socle.EINVALID, "not published doctrine")

	// A section of another organization: its guide is not ours, its section not in our guide.
	otherGuide, _ := f.store.GuideBySlug(ctx, f.other.ID, "guide")
	otherVersions, _ := f.store.Versions(ctx, f.other.ID, otherGuide.ID)
	otherSecs, _ := f.store.Sections(ctx, f.other.ID, otherVersions[0].ID)
	foreign := Draft(d, training.StepDraft{Guide: "inconnu", SectionID: otherSecs[0].ID})
	_, err = f.svc.Create(ctx, f.org.ID, f.trainer.ID, foreign)
	wantKind(t, "a step on another organization's guide", err, socle.EINVALID, "not one of this organization's guides")
	foreign = Draft(d, training.StepDraft{Guide: "guide", SectionID: "section-inventee"})
	_, err = f.svc.Create(ctx, f.org.ID, f.trainer.ID, foreign)
	wantKind(t, "a step on an unknown section", err, socle.EINVALID, "has no section")

	// A question with no right answer.
	bad := Draft(d)
	bad.Steps[0].Question = &socle.Question{Prompt: "?", Choices: []socle.Choice{{Text: "a"}, {Text: "b"}}}
	_, err = f.svc.Create(ctx, f.org.ID, f.trainer.ID, bad)
	wantKind(t, "a question without a right answer", err, socle.EINVALID, "no right answer")

	// An assignment to a non-member.
	p, err := f.svc.Create(ctx, f.org.ID, f.trainer.ID, d)
	must(t, err)
	_, err = f.svc.Publish(ctx, f.org.ID, p.ID)
	must(t, err)
	_, err = f.svc.Assign(ctx, f.org.ID, p.ID, []string{f.outsider.Email}, "")
	wantKind(t, "an assignment to another organization's member", err, socle.EINVALID, "not a member")
	_, err = f.svc.Assign(ctx, f.org.ID, p.ID, []string{"personne@nulle.part"}, "")
	wantKind(t, "an assignment to nobody", err, socle.EINVALID, "not a member")
	// A member of another organization cannot follow it.
	_, err = f.svc.ForMember(ctx, f.other.ID, f.outsider.ID, p.ID)
	wantKind(t, "another organization's member opens the path", err, socle.ENOTFOUND, "not one of your paths")
	_, err = f.svc.ForMember(ctx, f.org.ID, f.newcomer.ID, p.ID)
	wantKind(t, "a member opens a path not assigned to them", err, socle.ENOTFOUND, "not one of your paths")
	_, err = f.svc.Create(ctx, f.org.ID, f.trainer.ID, training.Draft{Title: "x", Audience: socle.Audience{AutoAssign: true}})
	wantKind(t, "automatic assignment without a role", err, socle.EINVALID, "needs a role")
}

// Draft copies a draft with its steps replaced, when steps are given.
func Draft(d training.Draft, steps ...training.StepDraft) training.Draft {
	c := d
	c.Steps = append([]training.StepDraft(nil), d.Steps...)
	if len(steps) > 0 {
		c.Steps = steps
	}
	return c
}

func TestSuggestFromUsage(t *testing.T) {
	f := setup(t)
	g, _ := f.store.GuideBySlug(ctx, f.org.ID, "guide")
	vs, _ := f.store.Versions(ctx, f.org.ID, g.ID)
	secs, _ := f.store.Sections(ctx, f.org.ID, vs[0].ID)
	cite := func(need string, sec socle.Section) socle.Step {
		return socle.Step{Action: "x", Need: need, Citations: []socle.Citation{{GuideID: g.ID, VersionID: vs[0].ID, VersionN: 1, SectionID: sec.ID, Quote: "q"}}}
	}
	for i := range 3 {
		p := socle.Plan{OrgID: f.org.ID, AuthorID: f.newcomer.ID, Title: "Plan", CaseDigest: "[PERSONNE_1] a des impayés.",
			Steps: []socle.Step{cite("logement", secs[1])}, ExpiresAt: socle.Now().Add(time.Hour)}
		if i == 0 {
			p.Steps = append(p.Steps, cite("sante", secs[2]))
		}
		must(t, f.store.SavePlan(ctx, &p))
	}
	d, usage, err := f.svc.FromUsage(ctx, f.org.ID, socle.Now().Add(-time.Hour))
	must(t, err)
	if len(d.Steps) != 2 || d.Steps[0].SectionID != secs[1].ID || usage[0].Plans != 3 || usage[0].Need != "logement" || usage[1].Need != "sante" {
		t.Fatalf("suggestion from usage: %+v %+v", d.Steps, usage)
	}
	for _, sd := range d.Steps {
		if strings.Contains(sd.Note, "PERSONNE") || strings.Contains(sd.Note, "impayés") {
			t.Fatalf("a suggestion carries case text: %q", sd.Note)
		}
	}
	if _, _, err := f.svc.FromUsage(ctx, f.org.ID, socle.Now().Add(time.Hour)); socle.KindOf(err) != socle.ENOTFOUND {
		t.Fatalf("no plan since: %v", err)
	}
}
