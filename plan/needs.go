package plan

import (
	"regexp"
	"strings"

	"github.com/socle-project/socle/retrieval/situation"
)

// The needs taxonomy and their detection live in retrieval/situation, where the situation mode
// of search reads them too; these names keep the planner's and the digest's code as it was.
type (
	// Need is a kind of difficulty a situation can show.
	Need = situation.Need
	// Detected is a need found in a situation, with what revealed it.
	Detected = situation.Detected
)

// Needs returns the taxonomy. The slice is shared: callers must not change it.
func Needs() []Need { return situation.Needs() }

// NeedByCode returns the need with the given code.
func NeedByCode(needs []Need, code string) (Need, bool) { return situation.NeedByCode(needs, code) }

// DetectNeeds finds the needs a situation shows, plus those the facts state (by code or label).
func DetectNeeds(needs []Need, text string, stated []string) []Detected {
	return situation.DetectNeeds(needs, text, stated)
}

// situationSentences cuts a situation into sentences at ". ", "! ", "? " and line breaks.
func situationSentences(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		for _, part := range sentenceEnd.Split(line, -1) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?;]\s+`)

// fold lowercases and strips accents, and turns typographic apostrophes into plain ones, so
// that triggers written without accents match any spelling: the need detection's folding, so
// that what it reads and what the planner reads agree.
func fold(s string) string { return situation.Fold(s) }
