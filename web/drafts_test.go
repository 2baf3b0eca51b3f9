package web

import (
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// TestDraftsPerMember: one member making many drafts evicts only their own oldest drafts,
// never another member's.
func TestDraftsPerMember(t *testing.T) {
	d := newDrafts()
	alice := access.Principal{User: socle.User{ID: "alice"}, Org: socle.Organization{ID: "org-a"}}
	mallory := access.Principal{User: socle.User{ID: "mallory"}, Org: socle.Organization{ID: "org-b"}}
	kept := d.put(alice, &draft{})
	var first string
	for i := range 3000 {
		id := d.put(mallory, &draft{})
		if i == 0 {
			first = id
		}
	}
	if _, err := d.take(alice, kept); err != nil {
		t.Fatalf("alice's draft after mallory made 3000: %v", err)
	}
	if _, err := d.take(mallory, first); err == nil {
		t.Fatal("mallory's first draft survived 3000 more: want the per-member cap to evict it")
	}
	if n := len(d.items); n > d.perMember+1 {
		t.Fatalf("%d drafts kept, want at most %d per member", n, d.perMember)
	}
}
