package storetest

import (
	"reflect"
	"testing"

	"github.com/socle-project/socle"
)

func samplePathContent(title string, steps ...string) socle.PathContent {
	c := socle.PathContent{Title: title, Description: "Pour bien démarrer"}
	for i, id := range steps {
		st := socle.PathStep{ID: id, GuideID: "g", GuideSlug: "methodo", VersionID: "v", VersionN: 1, SectionID: "s" + id,
			Path: []string{"Chapitre", "Section " + id}, Note: "À lire en premier"}
		if i == 0 {
			st.Question = &socle.Question{Prompt: "Quel délai ?", Choices: []socle.Choice{{Text: "5 jours", Right: true}, {Text: "1 mois"}}, Explanation: "Cinq jours ouvrés."}
		}
		c.Steps = append(c.Steps, st)
	}
	return c
}

func testPaths(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "paths")
	d := samplePathContent("Premiers pas", "a", "b")
	p := socle.LearningPath{OrgID: org.ID, Author: "trainer-1", Audience: socle.Audience{Role: socle.RoleCaseworker}, Draft: &d}
	must(t, "CreatePath", s.CreatePath(ctxFor("trainer-1"), &p))
	if p.ID == "" || p.Revision != 0 || p.Published != nil || p.CreatedAt.IsZero() {
		t.Fatalf("CreatePath: %+v", p)
	}
	got, err := s.LearningPath(bg, org.ID, p.ID)
	must(t, "LearningPath", err)
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("LearningPath: got %+v\nwant %+v", got, p)
	}
	bad := samplePathContent("Sans bonne réponse", "x")
	bad.Steps[0].Question.Choices[0].Right = false
	wantKind(t, "CreatePath with a question without a right answer", s.CreatePath(bg, &socle.LearningPath{OrgID: org.ID, Draft: &bad}), socle.EINVALID)
	wantKind(t, "CreatePath without a draft", s.CreatePath(bg, &socle.LearningPath{OrgID: org.ID}), socle.EINVALID)
	_, err = s.PublishPath(bg, org.ID, "nope")
	wantKind(t, "PublishPath(unknown)", err, socle.ENOTFOUND)

	pub, err := s.PublishPath(bg, org.ID, p.ID)
	must(t, "PublishPath", err)
	if pub.Revision != 1 || pub.Draft != nil || pub.Published == nil || pub.Published.PublishedAt.IsZero() || pub.Published.Title != "Premiers pas" {
		t.Fatalf("PublishPath: %+v", pub)
	}
	_, err = s.PublishPath(bg, org.ID, p.ID)
	wantKind(t, "PublishPath without a draft", err, socle.ECONFLICT)

	// A new revision is a draft beside the published one, which does not change.
	d2 := samplePathContent("Premiers pas (2)", "a", "c")
	next, err := s.SavePathDraft(bg, org.ID, p.ID, d2, socle.Audience{Role: socle.RoleCaseworker, AutoAssign: true})
	must(t, "SavePathDraft", err)
	if next.Revision != 1 || next.Published.Title != "Premiers pas" || next.Draft.Title != "Premiers pas (2)" || !next.Audience.AutoAssign {
		t.Fatalf("SavePathDraft on a published path: %+v", next)
	}
	if cur := next.Current(); cur.Title != "Premiers pas (2)" {
		t.Fatalf("Current: %q, want the draft", cur.Title)
	}
	_, err = s.SavePathDraft(bg, org.ID, p.ID, socle.PathContent{}, socle.Audience{})
	wantKind(t, "SavePathDraft without a title", err, socle.EINVALID)
	_, err = s.SavePathDraft(bg, org.ID, "nope", d2, socle.Audience{})
	wantKind(t, "SavePathDraft(unknown)", err, socle.ENOTFOUND)
	pub, err = s.PublishPath(bg, org.ID, p.ID)
	must(t, "PublishPath(revision 2)", err)
	if pub.Revision != 2 || len(pub.Published.Steps) != 2 || pub.Published.Steps[1].ID != "c" {
		t.Fatalf("second revision: %+v", pub)
	}

	other := samplePathContent("Autre", "z")
	q := socle.LearningPath{OrgID: org.ID, Draft: &other}
	must(t, "CreatePath(q)", s.CreatePath(bg, &q))
	all, err := s.LearningPaths(bg, org.ID)
	must(t, "LearningPaths", err)
	if len(all) != 2 || all[0].ID != p.ID || all[1].ID != q.ID {
		t.Fatalf("LearningPaths: got %d, want p then q", len(all))
	}
	events, _ := s.Audit(bg, org.ID, socle.AuditFilter{ObjectID: p.ID})
	if len(events) == 0 || events[0].Action != "path.publish" {
		t.Fatalf("path changes are not audited: %+v", events)
	}
}

func testPathProgress(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "progress")
	d := samplePathContent("Premiers pas", "a", "b")
	p := socle.LearningPath{OrgID: org.ID, Draft: &d}
	must(t, "CreatePath", s.CreatePath(bg, &p))
	ann := mustMember(t, s, org.ID, socle.RoleCaseworker)
	bob := mustMember(t, s, org.ID, socle.RoleCaseworker)
	stranger := mustMember(t, s, mustOrg(t, s, "ailleurs").ID, socle.RoleCaseworker)

	a := socle.Assignment{OrgID: org.ID, PathID: p.ID, UserID: ann.ID}
	must(t, "Assign", s.Assign(ctxFor("trainer-1"), &a))
	if a.AssignedAt.IsZero() || a.AssignedBy != "trainer-1" {
		t.Fatalf("Assign: %+v", a)
	}
	again := socle.Assignment{OrgID: org.ID, PathID: p.ID, UserID: ann.ID, AssignedBy: "someone else"}
	must(t, "Assign twice", s.Assign(bg, &again))
	if again.AssignedBy != "trainer-1" || !sameTime(again.AssignedAt, a.AssignedAt) {
		t.Fatalf("a second assignment replaced the first: %+v", again)
	}
	must(t, "Assign(bob)", s.Assign(bg, &socle.Assignment{OrgID: org.ID, PathID: p.ID, UserID: bob.ID}))
	wantKind(t, "Assign a member of another organization", s.Assign(bg, &socle.Assignment{OrgID: org.ID, PathID: p.ID, UserID: stranger.ID}), socle.ENOTFOUND)
	wantKind(t, "Assign an unknown path", s.Assign(bg, &socle.Assignment{OrgID: org.ID, PathID: "nope", UserID: ann.ID}), socle.ENOTFOUND)
	as, err := s.Assignments(bg, org.ID, socle.ProgressFilter{UserID: ann.ID})
	must(t, "Assignments(ann)", err)
	if len(as) != 1 || as[0].PathID != p.ID {
		t.Fatalf("Assignments(ann): %+v", as)
	}
	if all, _ := s.Assignments(bg, org.ID, socle.ProgressFilter{PathID: p.ID}); len(all) != 2 {
		t.Fatalf("Assignments(path): %d, want 2", len(all))
	}

	read := socle.StepProgress{OrgID: org.ID, PathID: p.ID, StepID: "a", UserID: ann.ID, ReadAt: socle.Now(), ReadN: 1}
	must(t, "SaveProgress(read)", s.SaveProgress(bg, &read))
	read.Answer, read.Right, read.Attempts, read.AnsweredAt = []int{1}, false, 1, socle.Now()
	must(t, "SaveProgress(answer)", s.SaveProgress(bg, &read))
	must(t, "SaveProgress(b)", s.SaveProgress(bg, &socle.StepProgress{OrgID: org.ID, PathID: p.ID, StepID: "b", UserID: ann.ID, ReadAt: socle.Now(), ReadN: 1}))
	must(t, "SaveProgress(bob)", s.SaveProgress(bg, &socle.StepProgress{OrgID: org.ID, PathID: p.ID, StepID: "a", UserID: bob.ID, ReadAt: socle.Now(), ReadN: 1}))
	wantKind(t, "SaveProgress of a member of another organization", s.SaveProgress(bg, &socle.StepProgress{OrgID: org.ID, PathID: p.ID, StepID: "a", UserID: stranger.ID}), socle.ENOTFOUND)
	wantKind(t, "SaveProgress without a step", s.SaveProgress(bg, &socle.StepProgress{OrgID: org.ID, PathID: p.ID, UserID: ann.ID}), socle.EINVALID)

	mine, err := s.Progress(bg, org.ID, socle.ProgressFilter{PathID: p.ID, UserID: ann.ID})
	must(t, "Progress(ann)", err)
	if len(mine) != 2 || mine[0].StepID != "a" || !reflect.DeepEqual(mine[0].Answer, []int{1}) || mine[0].Attempts != 1 || mine[0].Right ||
		!sameTime(mine[0].AnsweredAt, read.AnsweredAt) || mine[1].StepID != "b" || !mine[1].AnsweredAt.IsZero() {
		t.Fatalf("Progress(ann): %+v", mine)
	}
	if all, _ := s.Progress(bg, org.ID, socle.ProgressFilter{PathID: p.ID}); len(all) != 3 {
		t.Fatalf("Progress(path): %d, want 3", len(all))
	}
	must(t, "Unassign", s.Unassign(bg, org.ID, p.ID, bob.ID))
	wantKind(t, "Unassign twice", s.Unassign(bg, org.ID, p.ID, bob.ID), socle.ENOTFOUND)
	if kept, _ := s.Progress(bg, org.ID, socle.ProgressFilter{UserID: bob.ID}); len(kept) != 1 {
		t.Fatalf("unassigning dropped the member's progress: %+v", kept)
	}
}

// testAutoAssign checks that a member added with a role gets the published paths whose
// audience auto-assigns that role, and only those.
func testAutoAssign(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "auto")
	mk := func(title string, role socle.Role, auto, publish bool) socle.LearningPath {
		d := samplePathContent(title, "a")
		p := socle.LearningPath{OrgID: org.ID, Audience: socle.Audience{Role: role, AutoAssign: auto}, Draft: &d}
		must(t, "CreatePath", s.CreatePath(bg, &p))
		if publish {
			var err error
			p, err = s.PublishPath(bg, org.ID, p.ID)
			must(t, "PublishPath", err)
		}
		return p
	}
	onboarding := mk("Accueil des travailleurs sociaux", socle.RoleCaseworker, true, true)
	mk("Pas encore publié", socle.RoleCaseworker, true, false)
	mk("Sans attribution automatique", socle.RoleCaseworker, false, true)
	mk("Pour les formateurs", socle.RoleTrainer, true, true)

	newcomer := mustMember(t, s, org.ID, socle.RoleCaseworker)
	as, err := s.Assignments(bg, org.ID, socle.ProgressFilter{UserID: newcomer.ID})
	must(t, "Assignments(newcomer)", err)
	if len(as) != 1 || as[0].PathID != onboarding.ID || as[0].AssignedBy != "system" {
		t.Fatalf("a new caseworker's paths: %+v, want the published onboarding path only", as)
	}
	// Setting the role again assigns nothing twice.
	must(t, "SetMembership again", s.SetMembership(bg, &socle.Membership{OrgID: org.ID, UserID: newcomer.ID, Role: socle.RoleCaseworker}))
	if again, _ := s.Assignments(bg, org.ID, socle.ProgressFilter{UserID: newcomer.ID}); len(again) != 1 {
		t.Fatalf("after setting the role again: %d assignments, want 1", len(again))
	}
}
