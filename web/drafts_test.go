package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/store/embedded"
)

// TestSealedDraft: a draft opens, on any server sharing the store, for the member who made it
// and until it expires; altered, expired, another member's or another organization's, it does
// not, and the answer is the same whatever the reason.
func TestSealedDraft(t *testing.T) {
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	var orgs [2]socle.Organization
	for i, slug := range []string{"a", "b"} {
		orgs[i] = socle.Organization{Slug: slug, Name: slug}
		if err := st.CreateOrg(ctx, &orgs[i]); err != nil {
			t.Fatal(err)
		}
	}
	alice := access.Principal{User: socle.User{ID: "alice"}, Org: orgs[0]}
	bob := access.Principal{User: socle.User{ID: "bob"}, Org: orgs[0]}
	aliceB := access.Principal{User: socle.User{ID: "alice"}, Org: orgs[1]}
	one, two := &Server{Store: st}, &Server{Store: st} // two servers behind a load balancer
	pl := socle.Plan{Title: "Situation de [PERSONNE_1]", CaseDigest: "[PERSONNE_1] a trois mois d'impayés.",
		Steps: []socle.Step{{Action: "Saisir le FSL", Citations: []socle.Citation{{GuideSlug: "g", Quote: "Saisir le FSL"}}}}}
	offered := []socle.Step{{Action: "Contacter la CCAPEX", Citations: []socle.Citation{{GuideSlug: "g", Quote: "Contacter la CCAPEX"}}}}
	now := time.Now()
	sealed, err := one.sealDraft(ctx, alice, pl, offered, now)
	if err != nil {
		t.Fatal(err)
	}
	// Whole phrases, in the token and in the bytes it encodes: a short word ("FSL") turns up in
	// random base64 about once in a hundred tokens.
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		t.Fatalf("the sealed draft is not base64: %v", err)
	}
	for _, plain := range []string{"[PERSONNE_1]", "Saisir le FSL", "Contacter la CCAPEX"} {
		if strings.Contains(sealed, plain) || bytes.Contains(raw, []byte(plain)) {
			t.Fatalf("the sealed draft shows its content (%q): %s", plain, sealed)
		}
	}
	got, gotOffered, err := two.openDraft(ctx, alice, sealed, now.Add(time.Minute))
	if err != nil || got.Title != pl.Title || len(got.Steps) != 1 || got.Steps[0].Citations[0].Quote != "Saisir le FSL" {
		t.Fatalf("open on the other server: %+v, %v", got, err)
	}
	if len(gotOffered) != 1 || gotOffered[0].Citations[0].Quote != "Contacter la CCAPEX" {
		t.Fatalf("the passages offered beside the plan: %+v", gotOffered)
	}
	flipped := []byte(sealed)
	flipped[len(flipped)/2] ^= 1
	if flipped[len(flipped)/2] == '-'^1 || flipped[len(flipped)/2] == '_'^1 { // keep it base64
		flipped[len(flipped)/2] = 'A'
	}
	refused := map[string]func() error{
		"altered":    func() error { _, _, err := two.openDraft(ctx, alice, string(flipped), now); return err },
		"cut":        func() error { _, _, err := two.openDraft(ctx, alice, sealed[:len(sealed)-4], now); return err },
		"empty":      func() error { _, _, err := two.openDraft(ctx, alice, "", now); return err },
		"not base64": func() error { _, _, err := two.openDraft(ctx, alice, "%%%", now); return err },
		"expired": func() error {
			_, _, err := two.openDraft(ctx, alice, sealed, now.Add(draftTTL+time.Second))
			return err
		},
		"another member":       func() error { _, _, err := two.openDraft(ctx, bob, sealed, now); return err },
		"another organization": func() error { _, _, err := two.openDraft(ctx, aliceB, sealed, now); return err },
		"too large": func() error {
			_, _, err := two.openDraft(ctx, alice, strings.Repeat("A", maxSealedDraft+1), now)
			return err
		},
		"sealed for another org": func() error {
			s, _ := one.sealDraft(ctx, aliceB, pl, nil, now)
			_, _, err := two.openDraft(ctx, alice, s, now)
			return err
		},
		"sealed for other member": func() error {
			s, _ := one.sealDraft(ctx, bob, pl, nil, now)
			_, _, err := two.openDraft(ctx, alice, s, now)
			return err
		},
	}
	for name, open := range refused {
		err := open()
		if err == nil {
			t.Errorf("%s draft opened", name)
			continue
		}
		if socle.KindOf(err) != socle.ENOTFOUND || socle.MessageOf(err) != socle.MessageOf(errDraft()) {
			t.Errorf("%s draft: %v, want the one answer for every refusal", name, err)
		}
	}
}
