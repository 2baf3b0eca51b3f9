package access

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// TestBcryptCost: servers hash at cost 11; test binaries at bcrypt's minimum, and what either
// hashes, the other checks.
func TestBcryptCost(t *testing.T) {
	if costFor(false) != 11 || costFor(true) != bcrypt.MinCost || bcryptCost != bcrypt.MinCost {
		t.Fatalf("costs: server %d, test %d, this binary %d", costFor(false), costFor(true), bcryptCost)
	}
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := bcrypt.Cost([]byte(h)); c != bcrypt.MinCost || !checkPassword(h, "correct horse battery") || checkPassword(h, "wrong horse battery") {
		t.Fatalf("hash %q: cost %d", h, c)
	}
	strong, _ := bcrypt.GenerateFromPassword([]byte("correct horse battery"), costFor(false))
	if !checkPassword(string(strong), "correct horse battery") {
		t.Fatal("a server's hash does not check")
	}
}
