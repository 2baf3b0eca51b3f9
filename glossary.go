package socle

import (
	"strings"
	"time"
)

// GlossaryEntry expands a term of the field (ASE, RSA, CER…) into its spelled-out forms. Both
// indexes use the organization's glossary at query time.
type GlossaryEntry struct {
	OrgID      string
	Term       string   // as written, e.g. "ASE"; unique per organization ignoring case
	Expansions []string // e.g. "aide sociale à l'enfance"
	Note       string
	UpdatedAt  time.Time
}

// GlossaryKey returns the form under which a term is unique: trimmed and uppercased.
func GlossaryKey(term string) string { return strings.ToUpper(strings.TrimSpace(term)) }

// Validate checks the fields a caller must set.
func (e *GlossaryEntry) Validate() error {
	e.Term = strings.TrimSpace(e.Term)
	if e.Term == "" || len(e.Term) > 100 {
		return Errorf(EINVALID, "glossary term must be 1 to 100 characters")
	}
	var kept []string
	for _, x := range e.Expansions {
		if x = strings.TrimSpace(x); x != "" {
			kept = append(kept, x)
		}
	}
	if len(kept) == 0 {
		return Errorf(EINVALID, "glossary term %q has no expansion: give at least one spelled-out form", e.Term)
	}
	e.Expansions = kept
	return nil
}
