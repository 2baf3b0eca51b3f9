package pseudonym

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord tokKind = iota
	tNumber
	tPunct
)

// token is a word, a run of digits or one punctuation rune of the text, with the facts about it
// that the detectors ask again and again.
type token struct {
	start, end int // byte offsets in the text
	text       string
	fold       string // lower case, accents removed, typographic apostrophe made plain
	kind       tokKind
	cap        bool // starts with an upper-case letter
	upper      bool // all letters upper case, at least two of them
	sentStart  bool // first word of a sentence, a line, a list item or a label's value
	nlBefore   bool // a line break separates it from the previous token
	covered    bool // inside an entity found earlier (email, address…)
	protected  bool // part of an institution's name or a place: never a person
	technical  bool // WebRSA, CERs: capitals inside the word or a plural acronym, never a name
}

// elisions are the French words that lose their vowel before another word (l'ASE, d'Annecy); the
// tokenizer splits them off so that the next word is seen alone.
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true,
	"qu": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true, "presqu": true,
}

// tokenize cuts text into tokens. Spaces are dropped; a line break is kept as nlBefore on the
// next token.
func tokenize(text string, toks []token) []token {
	i := 0
	nl := true
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			nl = true
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r):
			end := scanWord(text, i)
			toks = appendWords(toks, text, i, end, nl)
			nl = false
			i = end
		case r >= '0' && r <= '9':
			end := i
			for end < len(text) && text[end] >= '0' && text[end] <= '9' {
				end++
			}
			toks = append(toks, token{start: i, end: end, text: text[i:end], fold: text[i:end], kind: tNumber, nlBefore: nl})
			nl = false
			i = end
		default:
			toks = append(toks, token{start: i, end: i + size, text: text[i : i+size], fold: foldString(text[i : i+size]), kind: tPunct, nlBefore: nl})
			nl = false
			i += size
		}
	}
	markSentenceStarts(toks)
	return toks
}

// scanWord returns the end of the word starting at i: letters, with hyphens and apostrophes
// inside it (Jean-Pierre, aujourd'hui, N'Diaye); elisions are split later.
func scanWord(text string, i int) int {
	end := i
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			end += size
			continue
		}
		if r == '-' || r == '\'' || r == '’' {
			next, _ := utf8.DecodeRuneInString(text[end+size:])
			if end+size < len(text) && unicode.IsLetter(next) {
				end += size
				continue
			}
		}
		break
	}
	return end
}

// appendWords appends the word text[start:end], split after a leading elision (d'Amina → d' +
// Amina) but not in names such as N'Diaye or O'Brien.
func appendWords(toks []token, text string, start, end int, nl bool) []token {
	w := text[start:end]
	if k := strings.IndexAny(w, "'’"); k > 0 {
		prefix := w[:k]
		rest := w[k:]
		_, asz := utf8.DecodeRuneInString(rest)
		after := rest[asz:]
		ar, _ := utf8.DecodeRuneInString(after)
		nameLike := unicode.IsUpper(ar) && (prefix == "N" || prefix == "M" || prefix == "O")
		if elisions[strings.ToLower(prefix)] && !nameLike && after != "" {
			toks = append(toks, newWord(text, start, start+k+asz, nl))
			return appendWords(toks, text, start+k+asz, end, false)
		}
	}
	return append(toks, newWord(text, start, end, nl))
}

func newWord(text string, start, end int, nl bool) token {
	w := text[start:end]
	t := token{start: start, end: end, text: w, fold: foldString(w), kind: tWord, nlBefore: nl}
	r, _ := utf8.DecodeRuneInString(w)
	t.cap = unicode.IsUpper(r)
	letters, uppers := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				uppers++
			}
		}
	}
	t.upper = letters >= 2 && uppers == letters
	t.technical = !t.upper && technical(w)
	return t
}

// abbreviations end with a period that does not end the sentence.
var abbreviations = map[string]bool{
	"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true, "mr": true, "dr": true, "pr": true,
	"me": true, "st": true, "ste": true, "tel": true, "tél": true, "av": true, "bd": true, "bat": true,
	"bât": true, "apt": true, "appt": true, "esc": true, "cf": true, "ex": true, "env": true,
	"ref": true, "réf": true, "p": true, "n": true, "no": true, "dept": true,
	"dép": true, "janv": true, "fév": true, "févr": true, "avr": true, "juil": true, "sept": true,
	"oct": true, "nov": true, "déc": true, "vs": true,
}

// markSentenceStarts sets sentStart on words that begin a sentence, a line, a list item, a
// quotation or the value after a colon: capitals there prove nothing.
func markSentenceStarts(toks []token) {
	start := true
	for i := range toks {
		t := &toks[i]
		if t.nlBefore {
			start = true
		}
		switch t.kind {
		case tWord, tNumber:
			if t.kind == tWord {
				t.sentStart = start
			}
			start = false
		case tPunct:
			switch t.text {
			case ".":
				if i > 0 && toks[i-1].kind == tWord && toks[i-1].end == t.start &&
					(abbreviations[strings.ToLower(toks[i-1].text)] || utf8.RuneCountInString(toks[i-1].text) == 1) {
					break
				}
				if i > 0 && toks[i-1].kind == tNumber && i+1 < len(toks) && toks[i+1].kind == tNumber && toks[i+1].start == t.end {
					break // 06.12.34 or 1.5
				}
				start = true
			case "!", "?", "…", ":", ";", "«", "\"", "“", "‘", "•", "*", "–", "—", "►", "→", "▪", "◦":
				start = true
			case "-":
				// A dash opens a list item at the start of a line.
				if t.nlBefore {
					start = true
				}
			}
		}
	}
}

// foldString lower-cases s and removes accents, so that Léa, LEA and lea compare equal.
func foldString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || (s[i] >= 'A' && s[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, r)
	}
	return b.String()
}

func foldRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā', 'ă', 'ą', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'Ā', 'Ă', 'Ą':
		b.WriteByte('a')
	case 'ç', 'ć', 'č', 'Ç', 'Ć', 'Č':
		b.WriteByte('c')
	case 'è', 'é', 'ê', 'ë', 'ē', 'ė', 'ę', 'ě', 'È', 'É', 'Ê', 'Ë', 'Ē', 'Ė', 'Ę', 'Ě':
		b.WriteByte('e')
	case 'ì', 'í', 'î', 'ï', 'ī', 'ı', 'Ì', 'Í', 'Î', 'Ï', 'Ī', 'İ':
		b.WriteByte('i')
	case 'ñ', 'ń', 'ň', 'Ñ', 'Ń', 'Ň':
		b.WriteByte('n')
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ő', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø', 'Ō', 'Ő':
		b.WriteByte('o')
	case 'ù', 'ú', 'û', 'ü', 'ū', 'ů', 'ű', 'Ù', 'Ú', 'Û', 'Ü', 'Ū', 'Ů', 'Ű':
		b.WriteByte('u')
	case 'ý', 'ÿ', 'Ý', 'Ÿ':
		b.WriteByte('y')
	case 'ś', 'š', 'ş', 'ș', 'Ś', 'Š', 'Ş', 'Ș':
		b.WriteByte('s')
	case 'ț', 'ţ', 'ť', 'Ț', 'Ţ', 'Ť':
		b.WriteByte('t')
	case 'ž', 'ź', 'ż', 'Ž', 'Ź', 'Ż':
		b.WriteByte('z')
	case 'ğ', 'Ğ':
		b.WriteByte('g')
	case 'ł', 'Ł':
		b.WriteByte('l')
	case 'đ', 'Đ':
		b.WriteByte('d')
	case 'œ', 'Œ':
		b.WriteString("oe")
	case 'æ', 'Æ':
		b.WriteString("ae")
	case 'ß':
		b.WriteString("ss")
	case '’', 'ʼ', '‘':
		b.WriteByte('\'')
	case '\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u0327': // combining accents
	default:
		b.WriteRune(unicode.ToLower(r))
	}
}

// technical reports a word with a capital after a lower-case letter (WebRSA, iPhone), or an
// acronym with a plural s (CERs): software and jargon, not names.
func technical(w string) bool {
	var prev rune
	uppers, letters := 0, 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			uppers++
			if unicode.IsLower(prev) {
				return true
			}
		}
		if unicode.IsLetter(r) {
			letters++
		}
		prev = r
	}
	return letters >= 3 && uppers == letters-1 && strings.HasSuffix(w, "s")
}
