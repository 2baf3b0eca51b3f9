package authoring_test

import (
	"context"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
)

const guideV1 = `# Guide RSA

## Droits

Vérifier les droits au RSA dès le premier entretien.

## Logement

Contacter le bailleur dans les 8 jours suivant le premier impayé.

## Suivi

Revoir le CER tous les six mois.
`

func TestReviewRules(t *testing.T) {
	svc, rec, org := setup(t)
	alice, bob := socle.WithActor(ctx, "alice"), socle.WithActor(ctx, "bob")
	up := func(actor, text string) socle.Version {
		t.Helper()
		res, err := svc.AddVersion(socle.WithActor(ctx, actor), authoring.Upload{OrgID: org.ID, Guide: "rsa", FileName: "rsa.md", Data: []byte(text), Author: actor})
		if err != nil {
			t.Fatal(err)
		}
		return res.Version
	}
	move := func(c context.Context, n int, state socle.VersionState, comment string) error {
		t.Helper()
		_, err := svc.Move(c, org.ID, "rsa", n, state, comment)
		return err
	}
	wantConflict := func(err error, says string) {
		t.Helper()
		if socle.KindOf(err) != socle.ECONFLICT || !strings.Contains(err.Error(), says) {
			t.Fatalf("got %v, want a conflict saying %q", err, says)
		}
	}

	v1 := up("alice", guideV1)
	if v1.BaseN != 0 || v1.State != socle.StateDraft {
		t.Fatalf("first upload: %+v", v1)
	}
	wantConflict(move(bob, 1, socle.StatePublished, ""), "submit it for review first")
	if err := move(alice, 1, socle.StateReview, "Première version."); err != nil {
		t.Fatal(err)
	}
	wantConflict(move(alice, 1, socle.StatePublished, ""), "another lead or an administrator")
	if err := move(bob, 1, socle.StatePublished, ""); err != nil {
		t.Fatalf("a second lead publishes: %v", err)
	}

	// Two versions written from version 1; the first published makes the second stale.
	v2 := up("alice", strings.Replace(guideV1, "8 jours", "15 jours", 1))
	res, err := svc.SaveText(alice, authoring.Edit{OrgID: org.ID, Guide: "rsa", Text: strings.Replace(guideV1, "six mois", "trois mois", 1), Base: 1, Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	v3 := res.Version
	if v2.BaseN != 1 || v3.BaseN != 1 || v3.N != 3 {
		t.Fatalf("bases: v2 %d, v3 %d (n %d), want both written from 1", v2.BaseN, v3.BaseN, v3.N)
	}
	for _, n := range []int{2, 3} {
		if err := move(alice, n, socle.StateReview, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := move(bob, 2, socle.StatePublished, ""); err != nil {
		t.Fatal(err)
	}
	wantConflict(move(bob, 3, socle.StatePublished, ""), "version 2 has been published since")
	if err := move(bob, 3, socle.StateDraft, ""); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("sent back without a comment: %v", err)
	}
	if err := move(bob, 3, socle.StateDraft, "Reprendre à partir de la version 2."); err != nil {
		t.Fatal(err)
	}
	comments, err := svc.Store.Comments(ctx, org.ID, v3.ID)
	if err != nil || len(comments) != 1 || comments[0].Author != "bob" || comments[0].State != socle.StateDraft {
		t.Fatalf("comments of v3: %+v, %v", comments, err)
	}

	// Publishing v2 left a notice on the section it changed, and only on it.
	notices, err := svc.Store.ChangeNotices(ctx, org.ID, socle.NoticeFilter{GuideID: v1.GuideID})
	if err != nil || len(notices) != 1 || notices[0].Path[0] != "Logement" || notices[0].FromN != 1 || notices[0].ToN != 2 {
		t.Fatalf("notices after publishing v2: %+v, %v", notices, err)
	}

	// Withdrawing, then rolling back to version 1 without review: it was reviewed once.
	if err := move(alice, 2, socle.StateArchived, ""); err != nil {
		t.Fatal(err)
	}
	if err := move(alice, 1, socle.StatePublished, ""); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	if err := move(alice, 3, socle.StateArchived, ""); err != nil {
		t.Fatal(err)
	}
	wantConflict(move(bob, 3, socle.StatePublished, ""), "archived without ever being published")
	wantConflict(move(bob, 1, socle.StatePublished, ""), "published already")
	if got := strings.Join(rec.calls, ","); got != "publish 1,publish 2,withdraw 2,publish 1" {
		t.Fatalf("indexer calls: %s", got)
	}

	// Without required review, an author publishes their own draft.
	if _, err := svc.SetReviewRequired(ctx, org.ID, false); err != nil {
		t.Fatal(err)
	}
	up("alice", guideV1+"\n## Annexe\n\nAdresses utiles.\n")
	if err := move(alice, 4, socle.StatePublished, ""); err != nil {
		t.Fatalf("own publication without required review: %v", err)
	}
	if err := move(alice, 4, "gone", ""); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("unknown state: %v", err)
	}
	if err := move(alice, 9, socle.StateReview, ""); socle.KindOf(err) != socle.ENOTFOUND {
		t.Fatalf("unknown version: %v", err)
	}
}
