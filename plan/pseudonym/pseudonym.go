// Package pseudonym replaces the personal data of French case text — names, emails, phone
// numbers, social security numbers (NIR), IBANs, postal addresses, dates of birth and file
// numbers — with stable placeholders such as [PERSONNE_1], before the text goes anywhere else.
//
// It runs offline with no model: structured identifiers are found by pattern (and checksum where
// there is one); names by French heuristics — civilities, kinship and professional roles, form
// labels, first-name and common-word lists, capitals away from a sentence start, particles,
// initials — and then every other occurrence of a name found once. Mentions of one person
// (Mme Martin, Sophie MARTIN, Martin) share a placeholder when that is unambiguous.
//
// The mapping from placeholders to originals is a Mapping: it lives in memory for one response,
// prints and encodes as a count only, and puts the originals back with Restore.
//
// Measured (go test ./plan/pseudonym -run 'TestNameDetectionQuality|TestSynthetic' -v), name
// words precision and recall: cases.txt (tuned on) 0.996 and 1.000; heldout.txt 1.000 and
// 1.000; heldout2.txt 1.000 and 0.986; lowercase.txt (names in lower case and obfuscated
// emails, held out, issue 15) 1.000 and 0.947, from 0.769 and 0.526 before its rules; 2,580
// synthetic sentences 1.000 and 0.993. Obfuscated emails (jp.martin(at)free.fr, jp point martin
// arobase free point fr) are found by obfuscated.go.
package pseudonym

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// Kind is the sort of personal data an entity is. Its value is the label of its placeholders.
type Kind string

const (
	Person     Kind = "PERSONNE"
	Email      Kind = "EMAIL"
	Phone      Kind = "TÉLÉPHONE"
	NIR        Kind = "NIR" // French social security number
	IBAN       Kind = "IBAN"
	Address    Kind = "ADRESSE"
	BirthDate  Kind = "DATE_NAISSANCE"
	Identifier Kind = "IDENTIFIANT" // benefit, file, passport or job-seeker numbers
)

// AllKinds lists every kind, in the order their placeholders are documented.
func AllKinds() []Kind {
	return []Kind{Person, Email, Phone, NIR, IBAN, Address, BirthDate, Identifier}
}

// Entity is one piece of personal data found in a text. It holds no original text: Start and
// End index the caller's input, OutStart and OutEnd the pseudonymized text.
type Entity struct {
	Kind        Kind
	Placeholder string // e.g. "[PERSONNE_1]"
	Start, End  int    // byte offsets of the original in the input
	OutStart    int    // byte offsets of the placeholder in Result.Text
	OutEnd      int
}

// Result is a pseudonymized text and what was replaced in it.
type Result struct {
	Text     string
	Entities []Entity
}

// DefaultMaxBytes bounds one text: a case file's notes are a few pages; 1 MiB is far beyond them.
const DefaultMaxBytes = 1 << 20

// Options tune a Pseudonymizer. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest text accepted (DefaultMaxBytes when zero).
	MaxBytes int
	// MaxFacts is the largest number of structured facts accepted (256 when zero).
	MaxFacts int
}

// Pseudonymizer finds and replaces personal data. It holds only read-only word lists, so one
// value serves any number of goroutines; make it once, with New.
type Pseudonymizer struct {
	lex      *lexicon
	maxBytes int
	maxFacts int
}

// New loads the embedded word lists (about 70,000 words; a few tens of milliseconds).
func New(opts Options) (*Pseudonymizer, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, socle.Errorf(socle.EINTERNAL, "pseudonym: loading word lists: %w", err)
	}
	p := &Pseudonymizer{lex: lx, maxBytes: opts.MaxBytes, maxFacts: opts.MaxFacts}
	if p.maxBytes <= 0 {
		p.maxBytes = DefaultMaxBytes
	}
	if p.maxFacts <= 0 {
		p.maxFacts = 256
	}
	return p, nil
}

// Pseudonymize replaces the personal data of text with placeholders recorded in m, so that
// several texts of one case (the situation, its notes, its facts) share placeholders when they
// are pseudonymized with the same Mapping. A nil m is an error: the mapping is what makes the
// result usable.
func (p *Pseudonymizer) Pseudonymize(text string, m *Mapping) (Result, error) {
	if m == nil {
		return Result{}, socle.Errorf(socle.EINVALID, "pseudonym: no mapping given; pass a *Mapping (its zero value is ready) to record the placeholders")
	}
	if err := p.check(text, "case text"); err != nil {
		return Result{}, err
	}
	st := m.state()
	reserveLiteralPlaceholders(st, text)
	spans := p.detect(text, st)
	return st.apply(text, spans), nil
}

func (p *Pseudonymizer) check(text, what string) error {
	if len(text) > p.maxBytes {
		return socle.Errorf(socle.ETOOLARGE, "pseudonym: the %s is %d bytes, over the limit of %d; split it into shorter notes", what, len(text), p.maxBytes)
	}
	if !utf8.ValidString(text) {
		return socle.Errorf(socle.EINVALID, "pseudonym: the %s is not valid UTF-8; save it as UTF-8 and send it again", what)
	}
	return nil
}

// span is an entity found in the text before placeholders are given.
type span struct {
	start, end int
	kind       Kind
	key        string   // normalized value: one key, one entity (not for people)
	person     *mention // for people
}

// detect runs every detector, the structured ones first: a name inside an email or an address is
// part of it, not a person of its own.
func (p *Pseudonymizer) detect(text string, st *mapState) []span {
	toks := tokenize(text, make([]token, 0, len(text)/5+8))
	var spans []span
	spans = findEmails(text, spans)
	spans = findObfuscatedEmails(text, spans)
	spans = findNumbers(text, spans)
	spans = findIdentifiers(text, toks, spans)
	spans = findBirthDates(text, toks, spans)
	spans = dropOverlaps(spans)

	markCovered(toks, spans)
	protectURLs(text, toks)
	p.protect(toks)
	spans = p.findAddresses(text, toks, spans)
	markCovered(toks, spans)
	spans = p.findNames(text, toks, st, spans)
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	return spans
}

// dropOverlaps keeps, of overlapping spans, the one found first (the detectors run from the most
// to the least specific), and returns them sorted by position. A map of the bytes taken keeps it
// linear: spans are short.
func dropOverlaps(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	end := 0
	for _, s := range spans {
		end = max(end, s.end)
	}
	taken := make([]bool, end)
	out := spans[:0]
	for _, s := range spans {
		free := true
		for i := s.start; i < s.end; i++ {
			if taken[i] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for i := s.start; i < s.end; i++ {
			taken[i] = true
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

var urlRe = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>()"«»]+`)

// protectURLs keeps the words of web addresses (www.service-public.fr/Catalogue-des-Actions)
// from being taken for names.
func protectURLs(text string, toks []token) {
	if !strings.Contains(text, "http") && !strings.Contains(text, "www.") && !strings.Contains(text, "WWW.") {
		return
	}
	i := 0
	for _, m := range urlRe.FindAllStringIndex(text, -1) {
		for i < len(toks) && toks[i].start < m[0] {
			i++
		}
		for ; i < len(toks) && toks[i].end <= m[1]; i++ {
			toks[i].protected = true
		}
	}
}

func markCovered(toks []token, spans []span) {
	sorted := make([]span, len(spans))
	copy(sorted, spans)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].start < sorted[j].start })
	k := 0
	for i := range toks {
		for k < len(sorted) && sorted[k].end <= toks[i].start {
			k++
		}
		for m := k; m < len(sorted) && sorted[m].start < toks[i].end; m++ {
			if toks[i].start < sorted[m].end {
				toks[i].covered = true
				break
			}
		}
	}
}

// PseudonymizeFacts pseudonymizes structured facts (age, household, territory, needs, and
// sometimes a "nom" or "adresse" field). A field whose name says what it holds (nom, prénom,
// email, téléphone, nir, iban, adresse, date_naissance, numéro allocataire…) becomes a
// placeholder whole; first name and surname fields make one person, so that the situation text
// then shares that person's placeholder. Other fields are pseudonymized as text. facts is not
// modified.
func (p *Pseudonymizer) PseudonymizeFacts(facts map[string]string, m *Mapping) (map[string]string, error) {
	if m == nil {
		return nil, socle.Errorf(socle.EINVALID, "pseudonym: no mapping given; pass a *Mapping (its zero value is ready) to record the placeholders")
	}
	if len(facts) > p.maxFacts {
		return nil, socle.Errorf(socle.ETOOLARGE, "pseudonym: %d facts, over the limit of %d; send the free text as the situation instead", len(facts), p.maxFacts)
	}
	keys := make([]string, 0, len(facts))
	for k, v := range facts {
		if err := p.check(v, "fact "+strconv.Quote(k)); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	st := m.state()
	out := make(map[string]string, len(facts))

	// One person from the name fields, registered first so that the free fields and the
	// situation text link to it.
	var nameParts []string
	var nameKeys []string
	for _, k := range keys {
		if factKind(k) == Person && strings.TrimSpace(facts[k]) != "" {
			nameKeys = append(nameKeys, k)
		}
	}
	// Given names before the surname, so the canonical form reads "Sophie Martin".
	sort.SliceStable(nameKeys, func(i, j int) bool { return isGivenNameKey(nameKeys[i]) && !isGivenNameKey(nameKeys[j]) })
	for _, k := range nameKeys {
		nameParts = append(nameParts, strings.TrimSpace(facts[k]))
	}
	if len(nameParts) > 0 {
		full := strings.Join(nameParts, " ")
		e := st.linkPerson(p.factMention(full))
		for _, k := range nameKeys {
			out[k] = e.placeholder
		}
	}
	for _, k := range keys {
		if _, done := out[k]; done {
			continue
		}
		v := facts[k]
		switch kind := factKind(k); {
		case kind != "" && kind != Person && strings.TrimSpace(v) != "":
			e := st.entityFor(kind, normalizeKey(kind, v), strings.TrimSpace(v))
			out[k] = e.placeholder
		default:
			reserveLiteralPlaceholders(st, v)
			out[k] = st.apply(v, p.detect(v, st)).Text
		}
	}
	return out, nil
}

// factKind says what a fact holds from its name, or "" for a free field.
func factKind(key string) Kind {
	k := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, foldString(key))
	switch k {
	case "nom", "prenom", "prenoms", "nomdenaissance", "nomdusage", "nomdejeunefille", "nomcomplet",
		"nomprenom", "prenomnom", "identite", "name", "firstname", "lastname", "fullname", "givenname",
		"familyname", "surname", "beneficiaire", "usager":
		return Person
	case "email", "mail", "courriel", "adresseemail", "adressemail", "adresseelectronique":
		return Email
	case "telephone", "tel", "portable", "mobile", "phone", "numerodetelephone", "fixe":
		return Phone
	case "nir", "numerodesecuritesociale", "securitesociale", "numerosecu", "secu", "nss", "insee",
		"numeroinsee":
		return NIR
	case "iban", "rib", "bic":
		return IBAN
	case "adresse", "adressepostale", "domicile", "address", "rue", "voie":
		return Address
	case "datedenaissance", "datenaissance", "ddn", "naissance", "nele", "neele", "birthdate",
		"dateofbirth", "dob":
		return BirthDate
	case "numeroallocataire", "allocataire", "numerocaf", "identifiant", "identifiantfrancetravail",
		"numerodossier", "numerodedossier", "passeport", "numeropasseport", "titredesejour",
		"numeroetranger", "agdref", "numerofiscal":
		return Identifier
	}
	return ""
}

func isGivenNameKey(key string) bool {
	k := foldString(key)
	return strings.HasPrefix(k, "prenom") || strings.HasPrefix(k, "first") || strings.HasPrefix(k, "given")
}

// normalizeKey makes the key under which values of a kind are the same entity: digits only for
// numbers, folded words for the rest.
func normalizeKey(kind Kind, v string) string {
	switch kind {
	case Phone:
		d := digits(v)
		switch {
		case strings.HasPrefix(d, "0033"):
			d = "0" + strings.TrimPrefix(d[4:], "0")
		case strings.HasPrefix(d, "33") && strings.HasPrefix(strings.TrimSpace(v), "+"):
			d = "0" + strings.TrimPrefix(d[2:], "0")
		}
		return d
	case NIR, IBAN, Identifier:
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
				return r
			}
			if r >= 'a' && r <= 'z' {
				return r - 'a' + 'A'
			}
			return -1
		}, v)
	case BirthDate:
		return dateKey(v)
	}
	return strings.Join(strings.FieldsFunc(foldString(v), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	}), " ")
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func (k Kind) placeholder(n int) string { return fmt.Sprintf("[%s_%d]", k, n) }
