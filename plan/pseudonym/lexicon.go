package pseudonym

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strings"
)

// The word lists come from the Dicollecte French dictionary (MPL-2.0) or were compiled by hand;
// data/NOTICE says which and how to rebuild them.
//
//go:embed data/*.gz data/*.txt data/NOTICE
var dataFS embed.FS

// Notice returns the origin and licence of the embedded word lists (part of them are under the
// MPL-2.0, whose terms ask that recipients of a binary be told so), for a command that lists
// the licences of what it embeds.
func Notice() string {
	b, err := dataFS.ReadFile("data/NOTICE")
	if err != nil {
		return ""
	}
	return string(b)
}

type gender uint8

const (
	genderUnknown gender = iota
	genderMale
	genderFemale
)

// lexicon holds the word lists, folded (see foldString). It is built once by New and only read
// afterwards, so one Pseudonymizer serves any number of goroutines.
type lexicon struct {
	words      map[string]struct{} // common French words (lemmas)
	verbs      map[string]struct{} // infinitives
	firstNames map[string]gender
	places     map[string]struct{} // proper nouns that are not people: places, countries, brands
	// institutions maps the first folded token of an institution's name to the token sequences
	// that start with it (single acronyms are sequences of one).
	institutions map[string][][]string
}

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{
		words:        map[string]struct{}{},
		verbs:        map[string]struct{}{},
		firstNames:   map[string]gender{},
		places:       map[string]struct{}{},
		institutions: map[string][][]string{},
	}
	add := func(set map[string]struct{}) func(string) {
		return func(l string) { set[foldString(l)] = struct{}{} }
	}
	names := func(l string) {
		n, g, _ := strings.Cut(l, "\t")
		f := foldString(n)
		var gd gender
		switch g {
		case "m":
			gd = genderMale
		case "f":
			gd = genderFemale
		}
		if old, ok := lx.firstNames[f]; ok && old != gd {
			gd = genderUnknown
		}
		lx.firstNames[f] = gd
	}
	insts := func(l string) {
		seq := strings.Fields(foldString(strings.ReplaceAll(l, "'", "' ")))
		lx.institutions[seq[0]] = append(lx.institutions[seq[0]], seq)
	}
	for _, f := range []struct {
		name string
		each func(string)
	}{
		{"data/mots.txt.gz", add(lx.words)},
		{"data/verbes.txt.gz", add(lx.verbs)},
		{"data/prenoms.txt.gz", names},
		{"data/prenoms-complement.txt", names},
		{"data/noms-propres.txt.gz", add(lx.places)},
		{"data/territoires.txt", add(lx.places)},
		{"data/institutions.txt", insts},
	} {
		if err := readList(f.name, f.each); err != nil {
			return nil, fmt.Errorf("pseudonym: word list %s: %w", f.name, err)
		}
	}
	return lx, nil
}

// readList calls each for every line of an embedded list that is neither blank nor a comment.
func readList(name string, each func(string)) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return err
	}
	var r io.Reader = bytes.NewReader(b)
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return err
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' {
			continue
		}
		each(l)
	}
	return sc.Err()
}

func (lx *lexicon) firstName(fold string) (gender, bool) {
	if g, ok := lx.firstNames[fold]; ok {
		return g, true
	}
	// Jean-Pierre, Marie-Claire: every part a first name.
	if strings.IndexByte(fold, '-') > 0 {
		parts := strings.Split(fold, "-")
		var g gender
		for i, p := range parts {
			pg, ok := lx.firstNames[p]
			if !ok {
				return 0, false
			}
			if i == 0 {
				g = pg
			}
		}
		return g, true
	}
	return 0, false
}

func (lx *lexicon) isPlace(fold string) bool {
	_, ok := lx.places[fold]
	return ok
}

// isWord reports whether fold is a common French word, trying the usual inflections back to
// the lemma the list holds (sociales → social, éducatrice → éducateur).
func (lx *lexicon) isWord(fold string) bool {
	if _, ok := lx.words[fold]; ok {
		return true
	}
	if _, ok := closedClass[fold]; ok {
		return true
	}
	for _, c := range inflections {
		if strings.HasSuffix(fold, c.suffix) && len(fold) > len(c.suffix)+1 && stemIn(lx.words, fold, c.suffix, c.lemma) {
			return true
		}
	}
	// Compounds: grand-mère, demi-frère, intra-département, avez-vous.
	if k := strings.IndexByte(fold, '-'); k > 0 {
		for _, p := range strings.Split(fold, "-") {
			if p != "" && !lx.isWord(p) && !lx.isVerb(p) && !has(wordPrefixes, p) {
				return false
			}
		}
		return true
	}
	return false
}

// wordPrefixes begin French compounds without being words themselves.
var wordPrefixes = set("intra", "inter", "ex", "anti", "co", "non", "pré", "post", "auto", "multi", "pluri",
	"semi", "mi", "demi", "néo", "extra", "super", "hyper", "mini", "micro", "vice", "pro", "pseudo",
	"quasi", "t", "socio", "psycho", "médico", "éco", "euro", "franco", "afro", "ci", "là")

// isVerb reports whether fold looks like a form of a French verb whose infinitive is in the list:
// the common forms of first-group verbs (explique, habitent, souhaitait, orientée).
func (lx *lexicon) isVerb(fold string) bool {
	if _, ok := verbForms[fold]; ok {
		return true
	}
	if _, ok := lx.verbs[fold]; ok {
		return true
	}
	// Second and third groups, roughly: choisit → choisir, prend → prendre, permet → permettre,
	// écrit → écrire.
	for _, c := range otherEndings {
		if strings.HasSuffix(fold, c.suffix) && len(fold) > len(c.suffix)+1 && stemIn(lx.verbs, fold, c.suffix, c.lemma) {
			return true
		}
	}
	for _, c := range verbEndings {
		if strings.HasSuffix(fold, c) && len(fold) > len(c)+1 && stemIn(lx.verbs, fold, c, "er") {
			return true
		}
	}
	return false
}

// stemIn reports whether fold, its suffix replaced by lemma, is in set. It builds the key on the
// stack: this runs for most words of every note.
func stemIn(set map[string]struct{}, fold, suffix, lemma string) bool {
	var buf [64]byte
	if len(fold)-len(suffix)+len(lemma) > len(buf) {
		return false
	}
	b := append(buf[:0], fold[:len(fold)-len(suffix)]...)
	b = append(b, lemma...)
	_, ok := set[string(b)]
	return ok
}

// institution returns the length in tokens of the institution's name that starts at toks[i], or 0.
func (lx *lexicon) institution(toks []token, i int) int {
	best := 0
	seqs := lx.institutions[toks[i].fold]
	if seqs == nil && strings.HasSuffix(toks[i].fold, "s") {
		seqs = lx.institutions[strings.TrimSuffix(toks[i].fold, "s")] // CERs, Brsas
	}
	for _, seq := range seqs {
		if len(seq) <= best || i+len(seq) > len(toks) {
			continue
		}
		ok := true
		for k := 1; k < len(seq); k++ {
			if toks[i+k].fold != seq[k] {
				ok = false
				break
			}
		}
		if ok {
			best = len(seq)
		}
	}
	return best
}

var inflections = []struct{ suffix, lemma string }{
	{"s", ""}, {"x", ""}, {"e", ""}, {"es", ""},
	{"aux", "al"}, {"ale", "al"}, {"ales", "al"},
	{"elle", "el"}, {"elles", "el"}, {"enne", "en"}, {"ennes", "en"}, {"onne", "on"}, {"onnes", "on"},
	{"ive", "if"}, {"ives", "if"}, {"euse", "eur"}, {"euses", "eur"}, {"rice", "eur"}, {"rices", "eur"},
	{"ere", "er"}, {"eres", "er"}, {"ette", "et"}, {"ettes", "et"},
}

var otherEndings = []struct{ suffix, lemma string }{
	{"t", "r"}, {"s", "r"}, {"ssent", "r"}, {"ssait", "r"}, {"ssaient", "r"}, {"ssons", "r"}, {"ssez", "r"},
	{"", "r"}, {"", "re"}, {"", "tre"}, {"t", "re"}, {"s", "re"}, {"ent", "re"}, {"vent", "vre"},
	{"i", "ir"}, {"ie", "ir"}, {"is", "ir"}, {"ies", "ir"}, {"it", "ire"}, {"u", "re"}, {"ue", "re"},
	{"ert", "rir"}, {"erte", "rir"},
}

var verbEndings = []string{
	"e", "es", "ent", "ait", "aient", "ais", "a", "ons", "ez", "ee", "ees", "es", "er", "era", "eront",
	"erait", "eraient", "ant", "ai", "erai",
}

// verbForms are frequent irregular forms that follow a subject in case notes.
var verbForms = map[string]struct{}{
	"est": {}, "a": {}, "ont": {}, "sont": {}, "etait": {}, "avait": {}, "sera": {}, "aura": {},
	"serait": {}, "aurait": {}, "vit": {}, "vivent": {}, "dit": {}, "disent": {}, "fait": {}, "font": {},
	"va": {}, "vont": {}, "vient": {}, "viennent": {}, "doit": {}, "doivent": {}, "peut": {},
	"peuvent": {}, "veut": {}, "veulent": {}, "sait": {}, "part": {}, "sort": {}, "dort": {},
	"percoit": {}, "recoit": {}, "reconnait": {}, "connait": {}, "parait": {}, "prend": {},
	"prennent": {}, "attend": {}, "attendent": {}, "repond": {}, "decrit": {}, "ecrit": {},
	"souffre": {}, "ouvre": {}, "suit": {}, "suivent": {}, "obtient": {}, "tient": {}, "revient": {},
	"devient": {}, "avez": {}, "avons": {}, "ai": {}, "as": {}, "etes": {}, "sommes": {}, "suis": {},
	"es": {}, "veuillez": {}, "voici": {}, "voila": {}, "merci": {}, "faut": {}, "ne": {}, "n'": {}, "se": {}, "s'": {}, "y": {}, "lui": {}, "leur": {}, "me": {},
	"m'": {}, "nous": {}, "vous": {}, "l'": {}, "la": {}, "le": {}, "les": {}, "en": {}, "et": {},
}

// closedClass holds the grammatical words, which the noun and adjective lemmas do not cover.
var closedClass = map[string]struct{}{
	"le": {}, "la": {}, "les": {}, "l'": {}, "un": {}, "une": {}, "des": {}, "du": {}, "de": {}, "d'": {},
	"au": {}, "aux": {}, "ce": {}, "cet": {}, "cette": {}, "ces": {}, "son": {}, "sa": {}, "ses": {},
	"leur": {}, "leurs": {}, "mon": {}, "ma": {}, "mes": {}, "notre": {}, "nos": {}, "votre": {},
	"vos": {}, "il": {}, "elle": {}, "ils": {}, "elles": {}, "on": {}, "nous": {}, "vous": {}, "je": {},
	"j'": {}, "tu": {}, "qui": {}, "que": {}, "qu'": {}, "quoi": {}, "dont": {}, "ou": {},
	"et": {}, "mais": {}, "donc": {}, "or": {}, "ni": {}, "car": {}, "si": {}, "ne": {}, "pas": {},
	"plus": {}, "en": {}, "y": {}, "a": {}, "dans": {}, "par": {}, "pour": {}, "sur": {},
	"sous": {}, "avec": {}, "sans": {}, "chez": {}, "vers": {}, "depuis": {}, "pendant": {},
	"lors": {}, "suite": {}, "selon": {}, "entre": {}, "avant": {}, "apres": {}, "malgre": {}, "est": {}, "sont": {}, "ont": {}, "etait": {}, "avait": {}, "cela": {},
	"ceci": {}, "ca": {}, "aujourd'hui": {}, "tres": {}, "bien": {}, "aussi": {},
	"toujours": {}, "jamais": {}, "deja": {}, "encore": {}, "puis": {}, "ensuite": {},
	"enfin": {}, "alors": {}, "ainsi": {}, "comme": {}, "quand": {}, "lorsque": {}, "puisque": {},
	"parce": {}, "afin": {}, "tout": {}, "tous": {}, "toute": {}, "toutes": {}, "rien": {}, "chaque": {},
	"se": {}, "s'": {}, "lui": {}, "eux": {}, "me": {}, "moi": {}, "toi": {}, "soi": {},
}
