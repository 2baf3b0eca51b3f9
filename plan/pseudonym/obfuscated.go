package pseudonym

import (
	"regexp"
	"strings"
)

// Emails written to escape spam filters: jp.martin(at)free.fr, marie [at] gmail [dot] com,
// jp point martin arobase free point fr. A cheap scan finds the at-sign words; anchored
// patterns then read the local part before it and the domain after it. A domain must end with
// a top-level domain after a dot, written "." or "dot" or "point", so that "point" and "at" in
// ordinary sentences ("faire le point", "at the office") are left alone.

var (
	// obfAtRe finds the word standing for "@": in brackets (at, arobase), or arobase alone.
	obfAtRe = regexp.MustCompile(`(?i)[\(\[\{<]\s*(?:at|arobase|arobas)\s*[\)\]\}>]|\b(?:arobase|arobas)\b|\sat\s`)
	// obfDot is a dot written out, in brackets or between spaces, or a plain dot.
	obfDot = `(?:\s*[\(\[\{<]\s*(?:dot|point)\s*[\)\]\}>]\s*|\s+(?:dot|point)\s+|\.)`
	// obfDomainRe reads a domain from just after the at: labels joined by dots, ending with a
	// top-level domain of letters.
	obfDomainRe = regexp.MustCompile(`(?i)^\s*([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:` + obfDot + `[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*` + obfDot + `[a-z]{2,6})\b`)
	// obfLocalRe reads a local part ending just before the at (the window ends there).
	obfLocalRe = regexp.MustCompile(`(?i)([a-z0-9_%+\-\x{00C0}-\x{017F}]+(?:` + obfDot + `[a-z0-9_%+\-\x{00C0}-\x{017F}]+)*)\s*$`)
)

func findObfuscatedEmails(text string, spans []span) []span {
	for _, at := range obfAtRe.FindAllStringIndex(text, -1) {
		trigger := strings.ToLower(strings.TrimSpace(text[at[0]:at[1]]))
		dm := obfDomainRe.FindStringSubmatchIndex(text[at[1]:])
		if dm == nil {
			continue
		}
		domEnd := at[1] + dm[3]
		// "at" alone (not in brackets, not arobase) only before a domain with a written-out or
		// real dot and a known-looking end: "at wanadoo dot fr".
		if trigger == "at" && !strings.Contains(strings.ToLower(text[at[1]:domEnd]), "dot") && !strings.Contains(text[at[1]:domEnd], ".") {
			continue
		}
		from := max(0, at[0]-80)
		for from > 0 && from < len(text) && text[from]&0xC0 == 0x80 {
			from--
		}
		lm := obfLocalRe.FindStringSubmatchIndex(text[from:at[0]])
		if lm == nil {
			continue
		}
		start := from + lm[2]
		key := strings.ToLower(strings.Join(strings.Fields(text[start:domEnd]), " "))
		spans = append(spans, span{start: start, end: domEnd, kind: Email, key: key})
	}
	return spans
}
