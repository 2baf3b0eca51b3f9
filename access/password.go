package access

import (
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"golang.org/x/crypto/bcrypt"
)

// Password rules: long enough to resist guessing, short enough for bcrypt, which reads 72 bytes.
const (
	minPasswordRunes = 10
	maxPasswordBytes = 72
)

// bcryptCost is bcrypt's work factor: about 50 ms per check on a small server (productionCost).
// Test binaries use bcrypt's minimum: the suites create accounts and sign in hundreds of times
// under the race detector, where one check at cost 11 takes 1.3 s (the browser suite spent
// minutes in them). What they test is Socle's sign-in, not bcrypt's work factor; a check reads
// the cost from the hash, so both kinds of hash verify anywhere.
var bcryptCost = costFor(testing.Testing())

const productionCost = 11

func costFor(test bool) int {
	if test {
		return bcrypt.MinCost
	}
	return productionCost
}

// dummyHash is checked against when an email is unknown, so that a sign-in takes as long
// whether or not the account exists. It is made on first use, not at start.
var dummyHash = sync.OnceValue(func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("socle-dummy-password"), bcryptCost)
	return string(h)
})

// HashPassword checks the password's length and returns its bcrypt hash.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < minPasswordRunes {
		return "", socle.Errorf(socle.EINVALID, "the password is too short: use at least %d characters", minPasswordRunes)
	}
	if len(password) > maxPasswordBytes {
		return "", socle.Errorf(socle.EINVALID, "the password is too long: use at most %d bytes", maxPasswordBytes)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(h), err
}

func checkPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}
