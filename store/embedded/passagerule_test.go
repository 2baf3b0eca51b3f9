package embedded

import (
	"context"
	"testing"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// TestPassageRulesInOlderTenants: an organization created before the passage rules' bucket
// existed gets it when the store opens.
func TestPassageRulesInOlderTenants(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	org := socle.Organization{Slug: "ancienne", Name: "Ancienne"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		t.Fatal(err)
	}
	g := socle.Guide{OrgID: org.ID, Slug: "methodo", Title: "Méthodologie", Kind: socle.KindMethodology}
	if err := s.CreateGuide(ctx, &g); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTenants).Bucket([]byte(org.ID)).DeleteBucket(bucketPassageRules)
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := socle.PassageRule{OrgID: org.ID, Need: "logement", GuideID: g.ID, Digest: socle.PassageDigest("Saisir le FSL."), Rule: socle.RuleKeep}
	if err := s.SetPassageRule(ctx, &r); err != nil {
		t.Fatalf("SetPassageRule in an organization older than the rules: %v", err)
	}
	if rs, err := s.PassageRules(ctx, org.ID); err != nil || len(rs) != 1 {
		t.Fatalf("PassageRules: %+v, %v", rs, err)
	}
}
