// Package plan turns a case situation into an action plan whose every step cites the
// organization's own doctrine. The situation is pseudonymized before anything else; needs are
// detected and become queries; the doctrine's passages and the catalog's services that bear on
// the case are retrieved; a generator (extractive by default, or a model server) drafts steps;
// and every citation is verified against the retrieved text before a step reaches the user.
package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// Case is what a caseworker describes.
type Case struct {
	Situation string `json:"situation"`
	Facts     Facts  `json:"facts"`
}

// Facts are structured details of a case, all optional.
type Facts struct {
	Age       int      `json:"age,omitempty"`
	Household string   `json:"household,omitempty"` // "seule", "couple avec deux enfants"…
	Children  int      `json:"children,omitempty"`
	Territory string   `json:"territory,omitempty"` // département code ("74"), commune code ("C74010") or "FR"
	Income    float64  `json:"income,omitempty"`    // monthly resources of the household, in euros
	Needs     []string `json:"needs,omitempty"`     // need codes or labels the caseworker states
	// WithoutNeeds are need codes the caseworker struck out: never searched for, whatever the
	// text shows.
	WithoutNeeds []string `json:"without_needs,omitempty"`
}

// Limits of a case: a situation is a few paragraphs, not a case file.
const (
	MaxSituationRunes = 8000
	MaxCaseBytes      = 64 << 10
)

// ParseCase reads a case from JSON, refusing unknown fields and out-of-range values with a
// message that says what to fix.
func ParseCase(r io.Reader) (Case, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCaseBytes+1))
	if err != nil {
		return Case{}, fmt.Errorf("plan: read case: %w", err)
	}
	if len(data) > MaxCaseBytes {
		return Case{}, socle.Errorf(socle.ETOOLARGE, "the case is over %d KiB: describe the situation in a few paragraphs", MaxCaseBytes>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Case
	if err := dec.Decode(&c); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return Case{}, socle.Errorf(socle.EINVALID, "the case is not valid JSON (at byte %d): expected {\"situation\": \"…\", \"facts\": {…}}", syn.Offset)
		case errors.As(err, &typ):
			return Case{}, socle.Errorf(socle.EINVALID, "case field %q should be a %s", typ.Field, typ.Type)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return Case{}, socle.Errorf(socle.EINVALID, "the case has an %s: use situation and facts (age, household, children, territory, income, needs, without_needs)", strings.TrimPrefix(err.Error(), "json: "))
		}
		return Case{}, socle.Errorf(socle.EINVALID, "the case cannot be read: %v", err)
	}
	return c, c.Validate()
}

// Validate checks a case's values.
func (c *Case) Validate() error {
	c.Situation = strings.TrimSpace(c.Situation)
	switch n := utf8.RuneCountInString(c.Situation); {
	case !utf8.ValidString(c.Situation):
		return socle.Errorf(socle.EINVALID, "the situation is not valid UTF-8 text")
	case n == 0:
		return socle.Errorf(socle.EINVALID, "the situation is empty: describe the person's situation in a few sentences")
	case n > MaxSituationRunes:
		return socle.Errorf(socle.ETOOLARGE, "the situation has %d characters: keep it under %d (a digest of the case file is made with /api/v1/digests)", n, MaxSituationRunes)
	}
	f := &c.Facts
	if f.Age < 0 || f.Age > 120 {
		return socle.Errorf(socle.EINVALID, "age %d is not plausible: give an age in years, 0 to 120", f.Age)
	}
	if f.Children < 0 || f.Children > 30 {
		return socle.Errorf(socle.EINVALID, "children %d is not plausible", f.Children)
	}
	if f.Income < 0 {
		return socle.Errorf(socle.EINVALID, "income %.0f is negative: give the household's monthly resources in euros", f.Income)
	}
	if len(f.Needs) > 20 || len(f.WithoutNeeds) > 20 {
		return socle.Errorf(socle.EINVALID, "at most 20 stated needs and 20 struck out")
	}
	f.Territory = strings.ToUpper(strings.TrimSpace(f.Territory))
	return nil
}
