package training

import (
	"crypto/rand"
	"encoding/hex"
)

// newStepID names a new step: unique within its path, short enough for a form field.
func newStepID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "st-" + hex.EncodeToString(b)
}
