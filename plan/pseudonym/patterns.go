package pseudonym

import (
	"math/big"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Identifiers with a fixed shape are found by pattern, and checked where they carry a checksum.
// Scanning a whole note with a dozen unanchored patterns costs milliseconds; instead, cheap scans
// find the few places where one may start (an @, a digit after a space, two capitals and two
// digits, a trigger word) and anchored patterns are tried there, on a short window.

// window returns at most n bytes of text from i, cut at a rune boundary.
func window(text string, i, n int) string {
	end := min(len(text), i+n)
	for end < len(text) && end > i && !utf8.RuneStart(text[end]) {
		end--
	}
	return text[i:end]
}

func isEmailLocal(c byte) bool {
	return isASCIIAlnum(c) || c >= 0x80 || strings.IndexByte("._%+-", c) >= 0
}

func isEmailDomain(c byte) bool { return isASCIIAlnum(c) || c >= 0x80 || c == '.' || c == '-' }

func findEmails(text string, spans []span) []span {
	for at := strings.IndexByte(text, '@'); at >= 0; {
		s := at
		for s > 0 && isEmailLocal(text[s-1]) {
			s--
		}
		e := at + 1
		for e < len(text) && isEmailDomain(text[e]) {
			e++
		}
		for e > at+1 && (text[e-1] == '.' || text[e-1] == '-') {
			e-- // the period that ends the sentence
		}
		dom := text[at+1 : e]
		dot := strings.LastIndexByte(dom, '.')
		if s < at && dot > 0 && len(dom)-dot-1 >= 2 && asciiLetters(dom[dot+1:]) {
			spans = append(spans, span{start: s, end: e, kind: Email, key: strings.ToLower(text[s:e])})
		}
		next := strings.IndexByte(text[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return spans
}

func asciiLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			return false
		}
	}
	return true
}

// sep is what people put between groups of digits: spaces (also non-breaking), dots, dashes.
const sep = `[ \t.\-\x{00A0}\x{202F}]?`

var (
	// French numbers: 0X XX XX XX XX, +33 X XX XX XX XX, 0033…, (0) after the country code.
	frPhoneRe = regexp.MustCompile(`^(?:(?:\+|00)[ \x{00A0}]?33[ \x{00A0}]?(?:\(0\)[ \x{00A0}]?)?[1-9]|0[1-9])(?:` + sep + `\d{2}){4}`)
	// Other countries: +CC then more digits in groups.
	intlPhoneRe = regexp.MustCompile(`^\+\d{1,3}(?:[ .\-\x{00A0}]?\(?\d{1,4}\)?){2,6}`)
	// NIR: sex (1, 2, or 3, 4, 7, 8 for temporary numbers), year, month (or 20-99 when unknown),
	// département (2A, 2B for Corsica), commune, order, and the two-digit key, which may be
	// missing (the 13-digit form).
	nirRe = regexp.MustCompile(`^[1-478][ .\x{00A0}]?\d{2}[ .\x{00A0}]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .\x{00A0}]?(?:\d{2}|2[ABab])[ .\x{00A0}]?\d{3}[ .\x{00A0}]?\d{3}(?:[ .\x{00A0}]?\d{2})?`)
	// IBAN: country, check digits, then groups of up to four letters or digits, with or
	// without spaces.
	ibanRe = regexp.MustCompile(`^(?:[A-Z]{2}|[Ff][Rr])\d{2}(?:[ \x{00A0}]?[A-Z0-9]{4}){2,7}(?:[ \x{00A0}]?[A-Z0-9]{1,3})?`)
)

// findNumbers finds IBANs, social security numbers and phone numbers, in that order of
// precedence, where a number starts.
func findNumbers(text string, spans []span) []span {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if i > 0 && (isASCIIAlnum(text[i-1]) || text[i-1] >= 0x80 && prevIsAlnum(text, i)) {
			continue
		}
		switch {
		case c >= 'A' && c <= 'Z' || c == 'f':
			if i+3 < len(text) && isDigit(text[i+2]) && isDigit(text[i+3]) {
				if m := ibanRe.FindString(window(text, i, 48)); m != "" {
					if e := ibanEnd(text, i, i+len(m)); e > 0 {
						spans = append(spans, span{start: i, end: e, kind: IBAN, key: normalizeKey(IBAN, text[i:e])})
						i = e - 1
					}
				}
			}
		case c >= '0' && c <= '9' || c == '+':
			w := window(text, i, 40)
			if m := nirRe.FindString(w); m != "" && digitBounded(text, i, i+len(m)) {
				spans = append(spans, span{start: i, end: i + len(m), kind: NIR, key: normalizeKey(NIR, m)})
				i += len(m) - 1
				continue
			}
			for _, re := range []*regexp.Regexp{frPhoneRe, intlPhoneRe} {
				m := re.FindString(w)
				if m == "" || !digitBounded(text, i, i+len(m)) {
					continue
				}
				if n := len(digits(m)); n < 9 || n > 15 {
					continue
				}
				spans = append(spans, span{start: i, end: i + len(m), kind: Phone, key: normalizeKey(Phone, m)})
				i += len(m) - 1
				break
			}
		}
	}
	return spans
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func prevIsAlnum(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// digitBounded reports whether text[s:e] is not glued to other digits or letters (a longer
// number, an IBAN).
func digitBounded(text string, s, e int) bool {
	if s > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:s])
		if unicode.IsDigit(r) || unicode.IsLetter(r) {
			return false
		}
	}
	if e < len(text) {
		r, _ := utf8.DecodeRuneInString(text[e:])
		if unicode.IsDigit(r) || unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// ibanEnd returns where the IBAN starting at s really ends within text[s:e], or -1. A number
// shaped like an IBAN of a country that has them, with enough digits, is one even when a typo
// breaks its checksum (it is still somebody's account); other codes must pass the ISO 13616
// checksum. The pattern may have taken a following word (BIC) as a last group, so shorter ends,
// at group boundaries, are tried too.
func ibanEnd(text string, s, e int) int {
	for end := e; end > s; end-- {
		if end != e && text[end] != ' ' && !strings.HasPrefix(text[end:], "\u00a0") {
			continue
		}
		if end < len(text) && isASCIIAlnum(text[end]) {
			continue
		}
		c := normalizeKey(IBAN, text[s:end])
		if len(c) < 15 || len(c) > 34 {
			continue
		}
		if c[:2] == "FR" && len(c) == 27 || ibanValid(c) || ibanCountries[c[:2]] && len(digits(c)) >= 14 {
			return end
		}
	}
	return -1
}

// ibanCountries use IBANs (the SEPA area and the countries most people met by French social
// services come from).
var ibanCountries = map[string]bool{
	"FR": true, "DE": true, "BE": true, "ES": true, "IT": true, "PT": true, "NL": true, "LU": true, "CH": true,
	"GB": true, "IE": true, "AT": true, "PL": true, "RO": true, "BG": true, "GR": true, "HR": true, "SI": true,
	"SK": true, "CZ": true, "HU": true, "DK": true, "SE": true, "FI": true, "NO": true, "EE": true, "LV": true,
	"LT": true, "MT": true, "CY": true, "MC": true, "SM": true, "AD": true, "LI": true, "IS": true, "TR": true,
	"TN": true, "DZ": true, "MA": true, "SN": true, "CI": true, "ML": true, "BF": true, "BJ": true, "NE": true,
	"TG": true, "CM": true, "CG": true, "GA": true, "MG": true, "MR": true, "UA": true, "GE": true, "AL": true,
	"XK": true, "RS": true, "BA": true, "ME": true, "MK": true, "MD": true, "LB": true, "JO": true, "EG": true,
	"IQ": true, "PK": true, "BR": true,
}

func ibanValid(c string) bool {
	var b strings.Builder
	for _, r := range c[4:] + c[:4] {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			n := int(r-'A') + 10
			b.WriteByte(byte('0' + n/10))
			b.WriteByte(byte('0' + n%10))
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// idTriggers introduce a file or benefit number: "n° allocataire 1234567", "identifiant France
// Travail : 4587123B", "référence 0123456789A".
var idTriggers = set("n", "no", "num", "numero", "numéro", "identifiant", "id", "référence", "réf", "ref",
	"matricule", "allocataire", "dossier", "passeport", "agdref", "compte")

var idValueRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9\-/]*`)

func findIdentifiers(text string, toks []token, spans []span) []span {
	for ti, t := range toks {
		if t.kind != tWord || !has(idTriggers, t.fold) {
			continue
		}
		// "n" counts only as "n°", "no" only as "no.".
		if t.fold == "n" && !(ti+1 < len(toks) && toks[ti+1].text == "°") || t.fold == "no" && !(ti+1 < len(toks) && toks[ti+1].text == ".") {
			continue
		}
		// Look at most 48 bytes ahead, within the sentence, for a value with enough digits.
		i := t.end
		limit := min(len(text), i+48)
		for i < limit {
			c := text[i]
			if c == '.' && (i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\n') || c == '\n' || c == ';' {
				break
			}
			if !isASCIIAlnum(c) {
				i++
				continue
			}
			v := idValueRe.FindString(window(text, i, 40))
			end := i + len(v)
			if isIdentifierValue(v) && (i == 0 || !isASCIIAlnum(text[i-1])) && (end >= len(text) || !isASCIIAlnum(text[end])) && notAmount(text, end) {
				spans = append(spans, span{start: i, end: end, kind: Identifier, key: normalizeKey(Identifier, v)})
				break
			}
			i = end
			if v == "" {
				i++
			}
		}
	}
	return spans
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isIdentifierValue: six digits or more, or four with letters mixed in, and not a date.
func isIdentifierValue(v string) bool {
	d := len(digits(v))
	if d < 4 || dateOnlyRe.MatchString(v) {
		return false
	}
	if strings.Contains(v, "/") {
		return d >= 6 // 31/03/N+1 is a date
	}
	letters := len(v) - d - strings.Count(v, "-")
	return d >= 6 || letters > 0
}

var dateOnlyRe = regexp.MustCompile(`^\d{1,4}[/\-]\d{1,2}[/\-]\d{1,4}$`)

// notAmount reports whether the number ending at end is not followed by a currency.
func notAmount(text string, end int) bool {
	rest := strings.TrimLeft(window(text, end, 8), " \u00a0")
	return !strings.HasPrefix(rest, "€") && !strings.HasPrefix(strings.ToLower(rest), "eur")
}

// Dates of birth: a trigger (née le, né(e) le, DDN, date de naissance), a few words at most, then
// a date. Dates without a trigger are the events of the case and stay.
var (
	months      = `(?:janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|ao[uû]t|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?)`
	birthDateRe = regexp.MustCompile(`(?i)^(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|(?:1er|\d{1,2})(?:er)?\s+` + months + `\s+\d{4}|` + months + `\s+\d{4}|(?:19|20)\d{2})\b`)
)

// birthTrigger returns where the trigger at toks[i] ends (né(e), DDN, D.D.N., date de
// naissance), or -1.
func birthTrigger(toks []token, i int) int {
	t := toks[i]
	switch t.fold {
	case "ne", "nee", "nes", "nees":
		end := t.end
		// né(e)
		if i+3 < len(toks) && toks[i+1].text == "(" && toks[i+2].fold == "e" && toks[i+3].text == ")" && toks[i+1].start == t.end {
			end = toks[i+3].end
		}
		return end
	case "ddn", "naissance", "naiss":
		return t.end
	case "d":
		// D.D.N.
		if i+4 < len(toks) && toks[i+1].text == "." && toks[i+2].fold == "d" && toks[i+3].text == "." && toks[i+4].fold == "n" {
			if i+5 < len(toks) && toks[i+5].text == "." && toks[i+5].start == toks[i+4].end {
				return toks[i+5].end
			}
			return toks[i+4].end
		}
	}
	return -1
}

// birthGap are the words that may stand between a trigger and the date: "née le", "né à Annecy
// le", "date de naissance de la mère :", "DDN déclarée :".
var birthGap = set("le", "la", "l'", "les", "en", "au", "à", "a", "de", "d'", "du", "des", "déclaré", "déclarée",
	"declare", "declaree", "selon", "sa", "son", "ses", "carte", "dossier", "prévu", "prévue", "prévus",
	"prévues", "estimé", "estimée", "présumé", "présumée", "approximative", "exacte", "supposée", "e",
	"premier", "première", "deuxième", "second", "seconde", "troisième", "quatrième", "cinquième", "dernier",
	"dernière", "futur", "future", "aîné", "aînée", "cadet", "cadette", "jumeaux", "bébé")

func findBirthDates(text string, toks []token, spans []span) []span {
	for i := range toks {
		if toks[i].kind != tWord {
			continue
		}
		te := birthTrigger(toks, i)
		if te < 0 {
			continue
		}
		// Walk at most six words, within the sentence, trying the date pattern where each
		// token starts.
		words := 0
		for j := i + 1; j < len(toks) && words <= 6; j++ {
			t := toks[j]
			if t.start < te {
				continue
			}
			if t.nlBefore && toks[j-1].text != ":" || t.text == "." || t.text == ";" {
				break
			}
			if t.kind == tNumber || t.kind == tWord {
				if d := birthDateRe.FindString(window(text, t.start, 40)); d != "" {
					spans = append(spans, span{start: t.start, end: t.start + len(d), kind: BirthDate, key: dateKey(d)})
					break
				}
			}
			if t.kind == tNumber {
				break
			}
			if t.kind == tWord {
				words++
				_, role := roles[t.fold]
				if !has(birthGap, t.fold) && !role && !t.cap {
					break
				}
			}
		}
	}
	return spans
}

// dateKey normalizes a date so that 03/03/1998 and 3/3/98 are one entity.
func dateKey(d string) string {
	f := foldString(d)
	parts := strings.FieldsFunc(f, func(r rune) bool { return r == '/' || r == '.' || r == '-' || r == ' ' })
	for i, p := range parts {
		p = strings.TrimLeft(p, "0")
		if len(p) == 2 && i == 2 {
			if p > "30" {
				p = "19" + p
			} else {
				p = "20" + p
			}
		}
		parts[i] = p
	}
	return strings.Join(parts, "/")
}
