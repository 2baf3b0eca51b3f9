package pseudonym

import (
	"strings"
	"unicode/utf8"
)

// Postal addresses: a number and a street ("12 rue des Lilas", "3 bis, avenue Jean Jaurès"), a
// street alone when its name is capitalized ("rue des Lilas"), a lieu-dit, a post-office box, and
// a postal code with its commune ("74000 Annecy"), with the building, floor and flat that follow.
// A commune alone is not an address and stays: it tells the territory.

// strongStreets may be named in lower case ("12 rue des lilas"); the other street types
// (cours, place, mail, cité…) are ordinary words too and need a capitalized name.
var strongStreets = set("rue", "avenue", "av", "boulevard", "bd", "impasse", "allée", "chemin", "route", "quai")

func (p *Pseudonymizer) findAddresses(text string, toks []token, spans []span) []span {
	for i := 0; i < len(toks); i++ {
		if toks[i].covered {
			continue
		}
		start, end := -1, -1
		switch t := toks[i]; {
		case t.kind == tNumber && len(t.text) <= 4:
			// 12 rue…, 3 bis, avenue…
			j := i + 1
			if j < len(toks) && toks[j].kind == tWord && isNumberSuffix(toks[j].fold) && !toks[j].nlBefore {
				j++
			}
			if j < len(toks) && toks[j].text == "," {
				j++
			}
			if k := p.street(toks, j, true); k > j {
				start, end = i, k
			}
		case t.kind == tNumber && (len(t.text) == 5 || len(t.text) == 2):
			if k := postalCode(toks, i); k > i {
				start, end = i, k
			}
		case t.kind == tWord && (t.fold == "lieu-dit" || t.fold == "lieudit" || t.fold == "hameau"):
			if k := capitalizedRun(toks, i+1); k > i+1 {
				start, end = i, k
			}
		case t.kind == tWord && (t.fold == "bp" || t.fold == "cs" || t.fold == "b" && i+3 < len(toks) && toks[i+1].text == "." && toks[i+2].fold == "p"):
			j := i + 1
			if t.fold == "b" {
				j = i + 3
			}
			if j < len(toks) && toks[j].text == "." {
				j++
			}
			if j < len(toks) && toks[j].kind == tNumber && t.upperOrCap() {
				start, end = i, j+1
			}
		case t.kind == tWord && has(addressTypes, t.fold):
			if k := p.street(toks, i, false); k > i {
				start, end = i, k
			}
		}
		if start < 0 {
			continue
		}
		end = addressTail(toks, end)
		if end <= start || toks[end-1].covered {
			continue
		}
		s, e := toks[start].start, toks[end-1].end
		spans = append(spans, span{start: s, end: e, kind: Address, key: normalizeKey(Address, text[s:e])})
		i = end - 1
	}
	return spans
}

func isNumberSuffix(f string) bool {
	switch f {
	case "bis", "ter", "quater", "b", "c", "d":
		return true
	}
	return false
}

func (t token) upperOrCap() bool { return t.cap || t.upper }

// street returns the end of a street starting with its type at toks[i] (the type may be
// abbreviated with a period), or i when there is none. numbered says a number came before, which
// allows a lower-case name after the strong street types.
func (p *Pseudonymizer) street(toks []token, i int, numbered bool) int {
	if i >= len(toks) || toks[i].kind != tWord || toks[i].covered || !has(addressTypes, toks[i].fold) {
		return i
	}
	lowerOK := numbered && has(strongStreets, toks[i].fold)
	j := i + 1
	if j < len(toks) && toks[j].text == "." && toks[j].start == toks[j-1].end && has(streetAbbreviations, toks[i].fold) {
		j++
	}
	end := i
	afterParticle := false
	named := false
	for n := 0; j < len(toks) && n < 8; n, j = n+1, j+1 {
		t := toks[j]
		if t.covered || t.nlBefore {
			break
		}
		switch {
		case t.kind == tWord && has(streetParticles, t.fold) && !t.cap && (numbered || has(nameParticles, t.fold)):
			afterParticle = true
			continue
		case t.kind == tWord && (t.cap || t.upper) && !t.protected && (numbered || !t.upper || utf8.RuneCountInString(t.text) > 6):
			named = true
		case t.kind == tWord && lowerOK && afterParticle:
			named = true
		case t.kind == tNumber && j+1 < len(toks) && toks[j+1].kind == tWord && toks[j+1].cap:
			// rue du 8 Mai 1945
			named = true
		case t.kind == tNumber && named && n > 0 && toks[j-1].kind == tWord && toks[j-1].cap && len(t.text) == 4 && t.text[0] != '0' && !postalCodeLike(toks, j):
			// … Mai 1945
		default:
			if named {
				return end
			}
			return i
		}
		afterParticle = false
		end = j + 1
	}
	if !named {
		return i
	}
	return end
}

var streetAbbreviations = set("av", "ave", "bd", "bld", "ch", "chem", "imp", "pl", "rte", "sq", "résid", "rés", "lot", "fbg", "fg")

// nameParticles may stand between a street type and its name when no number comes first: "rue
// des Lilas", but not "place en SAMSAH".
var nameParticles = set("de", "du", "des", "d'", "la", "le", "l'", "les")

var streetParticles = set("de", "du", "des", "d'", "la", "le", "l'", "les", "aux", "au", "sur", "sous")

// capitalizedRun returns the end of the run of capitalized words (with particles between them)
// starting at toks[i]: the name of a lieu-dit or a commune.
func capitalizedRun(toks []token, i int) int {
	end := i
	for j := i; j < len(toks) && j < i+6; j++ {
		t := toks[j]
		if t.kind != tWord || t.covered || (j > i && t.nlBefore) {
			break
		}
		if t.cap || t.upper {
			end = j + 1
			continue
		}
		if !has(streetParticles, t.fold) && t.fold != "les" && t.fold != "lès" && t.fold != "lez" {
			break
		}
	}
	return end
}

// postalCode returns the end of "74000 Annecy" (a valid postal code and a capitalized commune,
// maybe Cedex and its number) starting at toks[i], or i.
func postalCode(toks []token, i int) int {
	if !postalCodeLike(toks, i) {
		return i
	}
	j := i + 1
	if len(toks[i].text) == 2 {
		j++ // 75 195
	}
	if j >= len(toks) || toks[j].kind != tWord || !(toks[j].cap || toks[j].upper) || toks[j].nlBefore ||
		has(nonPlaceAfterNumber, toks[j].fold) {
		return i
	}
	end := capitalizedRun(toks, j)
	if end < len(toks) && toks[end].fold == "cedex" && !toks[end].nlBefore {
		end++
	}
	if end < len(toks) && toks[end].kind == tNumber && toks[end-1].fold == "cedex" && !toks[end].nlBefore {
		end++
	}
	return end
}

func postalCodeLike(toks []token, i int) bool {
	t := toks[i]
	if t.kind == tNumber && len(t.text) == 2 && i+1 < len(toks) && toks[i+1].kind == tNumber &&
		len(toks[i+1].text) == 3 && toks[i+1].start == t.end+1 && !toks[i+1].nlBefore {
		// 75 195 Paris Cedex: the code with a space.
	} else if t.kind != tNumber || len(t.text) != 5 {
		return false
	}
	d := t.text[:2]
	return d >= "01" && d <= "95" || d == "97" || d == "98"
}

// addressTail extends an address over what usually follows it: ", bât. C, 3e étage", ", 74000
// Annecy", " - 74000 Annecy Cedex".
func addressTail(toks []token, end int) int {
	for n := 0; n < 6; n++ {
		j := end
		for j < len(toks) && (toks[j].text == "," || toks[j].text == "-" || toks[j].text == "–") && !toks[j].nlBefore {
			j++
		}
		if j >= len(toks) || toks[j].covered || toks[j].nlBefore && j == end {
			return end
		}
		if k := postalCode(toks, j); k > j {
			end = k
			continue
		}
		if k := addressUnit(toks, j); k > j {
			end = k
			continue
		}
		return end
	}
	return end
}

// addressUnit returns the end of "bât. C", "3e étage", "appt 12", "escalier B" at toks[i], or i.
func addressUnit(toks []token, i int) int {
	t := toks[i]
	switch {
	case t.kind == tWord && has(addressUnits, t.fold):
		j := i + 1
		if j < len(toks) && toks[j].text == "." {
			j++
		}
		if j < len(toks) && !toks[j].covered && (toks[j].kind == tNumber || toks[j].kind == tWord && utf8.RuneCountInString(toks[j].text) <= 2 && toks[j].upperOrCap()) {
			return j + 1
		}
	case t.kind == tNumber && len(t.text) <= 2 && i+2 < len(toks) && toks[i+1].kind == tWord &&
		isOrdinalSuffix(toks[i+1].fold) && (toks[i+2].fold == "etage" || toks[i+2].fold == "étage"):
		return i + 3
	}
	return i
}

func isOrdinalSuffix(f string) bool {
	return strings.TrimPrefix(f, "è") == "me" || f == "e" || f == "er" || f == "eme" || f == "ème" || f == "ieme"
}
