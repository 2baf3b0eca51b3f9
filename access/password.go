package access

import (
	"sync"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"golang.org/x/crypto/bcrypt"
)

// Password rules: long enough to resist guessing, short enough for bcrypt, which reads 72 bytes.
const (
	minPasswordRunes = 10
	maxPasswordBytes = 72
)

// bcryptCost is bcrypt's work factor: about 50 ms per check on a small server.
const bcryptCost = 11

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
