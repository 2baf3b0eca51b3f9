package pseudonym

import (
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Mapping records, for one response, which original each placeholder stands for. It is the
// only place the originals live: it prints, formats, logs and encodes as a count of entities and
// nothing more, so a stray log line or JSON encoding leaks nothing, and it has no way to be
// stored. Use it through a pointer; its zero value is ready. It is safe for concurrent use.
type Mapping struct {
	once sync.Once
	s    *mapState
}

type mapState struct {
	mu            sync.Mutex
	entities      []*entity
	byKey         map[string]*entity // kind + normalized value → entity, for all but people
	persons       []*entity
	byPart        map[string][]*entity // name part → the people who bear it
	linked        map[string]*entity   // mention parts and gender → the person it was linked to
	byPlaceholder map[string]*entity
	counts        map[Kind]int
	reserved      map[string]bool // placeholders written literally in an input: never given
}

// entity is one person, number, address… and the placeholder that stands for it.
type entity struct {
	kind        Kind
	n           int // 0 until the entity is first met in text order
	placeholder string
	original    string // what Restore writes back: for a person, the fullest mention
	// people only
	parts     []string // folded name parts without particles
	gender    gender
	origParts int // parts of original
}

func (m *Mapping) state() *mapState {
	m.once.Do(func() {
		m.s = &mapState{
			byKey:         map[string]*entity{},
			byPart:        map[string][]*entity{},
			linked:        map[string]*entity{},
			byPlaceholder: map[string]*entity{},
			counts:        map[Kind]int{},
			reserved:      map[string]bool{},
		}
	})
	return m.s
}

// Len is the number of entities recorded.
func (m *Mapping) Len() int {
	st := m.state()
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.entities)
}

// String reveals only the number of entities.
func (m *Mapping) String() string {
	if m == nil {
		return "pseudonym.Mapping(nil)"
	}
	return "pseudonym.Mapping{" + strconv.Itoa(m.Len()) + " entities}"
}

// GoString is String, for %#v.
func (m *Mapping) GoString() string { return m.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q, %x…) print String.
func (m *Mapping) Format(f fmt.State, _ rune) { fmt.Fprint(f, m.String()) }

// MarshalJSON encodes the number of entities only.
func (m *Mapping) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return []byte(`{"entities":` + strconv.Itoa(m.Len()) + `}`), nil
}

// MarshalText is String, for encoders that use encoding.TextMarshaler.
func (m *Mapping) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// LogValue makes log/slog record the number of entities only.
func (m *Mapping) LogValue() slog.Value {
	if m == nil {
		return slog.StringValue("nil")
	}
	return slog.GroupValue(slog.Int("entities", m.Len()))
}

// restoreRe finds placeholders in generated text, including the variants a model writes back:
// any case, missing accents, a space instead of the underscore, or no brackets at all (then the
// underscore is required, so that ordinary words are never taken for one).
var restoreRe = regexp.MustCompile(`(?i)\[\s*(PERSONNE|EMAIL|T[EÉé]L[EÉé]PHONE|NIR|IBAN|ADRESSE|DATE[_ ]NAISSANCE|IDENTIFIANT)[_ ](\d{1,7})\s*\]|\b(PERSONNE|EMAIL|T[EÉé]L[EÉé]PHONE|NIR|IBAN|ADRESSE|DATE_NAISSANCE|IDENTIFIANT)_(\d{1,7})\b`)

// Restore puts the originals back in place of the placeholders of text (generated from
// pseudonymized text), for display to the caseworker. A person comes back as the fullest form
// met (Sophie Martin for Mme Martin). Placeholders the mapping does not know are left as they
// are.
func (m *Mapping) Restore(text string) string {
	st := m.state()
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.byPlaceholder) == 0 {
		return text
	}
	return restoreRe.ReplaceAllStringFunc(text, func(ph string) string {
		sm := restoreRe.FindStringSubmatch(ph)
		label, num := sm[1], sm[2]
		if label == "" {
			label, num = sm[3], sm[4]
		}
		kind := kindOfLabel(label)
		n, err := strconv.Atoi(num)
		if kind == "" || err != nil {
			return ph
		}
		if e := st.byPlaceholder[kind.placeholder(n)]; e != nil {
			return e.original
		}
		return ph
	})
}

func kindOfLabel(label string) Kind {
	l := strings.ToUpper(strings.ReplaceAll(foldString(label), " ", "_"))
	for _, k := range AllKinds() {
		if strings.ToUpper(foldString(string(k))) == l {
			return k
		}
	}
	return ""
}

// RemovePlaceholders blanks the placeholders out of a pseudonymized text, for uses where they
// are noise: a retrieval query, where "[PERSONNE_1]" would match the French word "personne".
func RemovePlaceholders(text string) string {
	if !strings.ContainsAny(text, "_[") {
		return text
	}
	return strings.Join(strings.Fields(restoreRe.ReplaceAllString(text, " ")), " ")
}

// reserveRe is restoreRe without the word boundaries: "PERSONNE_1" glued to a word of the input
// could touch a placeholder once pseudonymized, and Restore would then see it.
var reserveRe = regexp.MustCompile(`(?i)\[\s*(PERSONNE|EMAIL|T[EÉé]L[EÉé]PHONE|NIR|IBAN|ADRESSE|DATE[_ ]NAISSANCE|IDENTIFIANT)[_ ](\d{1,7})\s*\]|(PERSONNE|EMAIL|T[EÉé]L[EÉé]PHONE|NIR|IBAN|ADRESSE|DATE_NAISSANCE|IDENTIFIANT)_(\d{1,7})`)

// reserveLiteralPlaceholders keeps the placeholders an input already contains, in any of the
// forms Restore recognizes (a text pasted back after an earlier pseudonymization), from being
// given to new entities, so that Restore leaves them alone.
func reserveLiteralPlaceholders(st *mapState, text string) {
	if !strings.ContainsAny(text, "_[") {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, sm := range reserveRe.FindAllStringSubmatch(text, -1) {
		label, num := sm[1], sm[2]
		if label == "" {
			label, num = sm[3], sm[4]
		}
		n, err := strconv.Atoi(num)
		kind := kindOfLabel(label)
		if err != nil || kind == "" {
			continue
		}
		if ph := kind.placeholder(n); st.byPlaceholder[ph] == nil {
			st.reserved[ph] = true
		}
	}
}

// number gives e its placeholder the first time it is met.
func (st *mapState) number(e *entity) {
	if e.n != 0 {
		return
	}
	n := st.counts[e.kind] + 1
	for st.reserved[e.kind.placeholder(n)] {
		n++
	}
	st.counts[e.kind] = n
	e.n = n
	e.placeholder = e.kind.placeholder(n)
	st.byPlaceholder[e.placeholder] = e
}

// entityFor returns the entity of kind with that normalized key, creating it with original.
func (st *mapState) entityFor(kind Kind, key, original string) *entity {
	st.mu.Lock()
	defer st.mu.Unlock()
	e := st.entityForLocked(kind, key, original)
	st.number(e)
	return e
}

func (st *mapState) entityForLocked(kind Kind, key, original string) *entity {
	k := string(kind) + "\x00" + key
	if e := st.byKey[k]; e != nil {
		return e
	}
	e := &entity{kind: kind, original: original}
	st.byKey[k] = e
	st.entities = append(st.entities, e)
	return e
}

// linkPerson returns the person a mention designates and numbers it (for facts, which have no
// text order).
func (st *mapState) linkPerson(m *mention) *entity {
	st.mu.Lock()
	defer st.mu.Unlock()
	e := st.linkPersonLocked(m)
	st.number(e)
	return e
}

// linkPersonLocked finds the one known person whose name parts include all of the mention's
// (Martin → Sophie Martin), of a compatible gender. When several qualify (Mme Martin in a family
// of Martins) the mention gets a person of its own, shared by identical mentions.
func (st *mapState) linkPersonLocked(m *mention) *entity {
	if len(m.parts) == 0 {
		return st.newPerson(m)
	}
	// The same mention links to the same person every time; this also keeps a text with
	// thousands of "Martin" linear.
	key := strings.Join(m.parts, "\x00") + "\x00" + string(rune('0'+m.gender))
	if e := st.linked[key]; e != nil {
		st.noteMention(e, m)
		return e
	}
	var cands []*entity
	var exact *entity
	// Only the people who bear the rarest of the mention's parts can include all its parts.
	rarest := st.byPart[m.parts[0]]
	for _, p := range m.parts[1:] {
		if l := st.byPart[p]; len(l) < len(rarest) {
			rarest = l
		}
	}
	for _, e := range rarest {
		if !compatible(m.gender, e.gender) || !subset(m.parts, e.parts) {
			continue
		}
		cands = append(cands, e)
		if len(e.parts) == len(m.parts) && (exact == nil || e.gender == m.gender) {
			exact = e
		}
	}
	var e *entity
	switch {
	case len(cands) == 1:
		e = cands[0]
	case exact != nil:
		e = exact
	default:
		e = st.newPerson(m)
	}
	st.linked[key] = e
	st.noteMention(e, m)
	return e
}

// noteMention keeps the gender and the fullest spelling of a person's name.
func (st *mapState) noteMention(e *entity, m *mention) {
	if e.gender == genderUnknown {
		e.gender = m.gender
	}
	if len(m.parts) > e.origParts {
		e.original, e.origParts = m.text, len(m.parts)
	}
}

func (st *mapState) newPerson(m *mention) *entity {
	e := &entity{kind: Person, parts: m.parts, gender: m.gender, original: m.text, origParts: len(m.parts)}
	st.persons = append(st.persons, e)
	st.entities = append(st.entities, e)
	seen := map[string]bool{}
	for _, p := range m.parts {
		if !seen[p] {
			seen[p] = true
			st.byPart[p] = append(st.byPart[p], e)
		}
	}
	return e
}

func compatible(a, b gender) bool { return a == genderUnknown || b == genderUnknown || a == b }

func subset(small, big []string) bool {
	if len(small) == 0 {
		return false
	}
	for _, s := range small {
		found := false
		for _, b := range big {
			if s == b {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// knownNameParts returns the name parts of the people already recorded, so that a later text
// finds them wherever they occur.
func (st *mapState) knownNameParts() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var parts []string
	for _, e := range st.persons {
		parts = append(parts, e.parts...)
	}
	return parts
}

// apply gives every span its entity and placeholder and writes the pseudonymized text.
func (st *mapState) apply(text string, spans []span) Result {
	st.mu.Lock()
	defer st.mu.Unlock()
	ents := make([]*entity, len(spans))
	// People first, fullest mentions first, so that "Mme Martin" met before "Sophie Martin"
	// still links to her.
	var order []int
	for i, s := range spans {
		if s.person != nil {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		return len(spans[order[a]].person.parts) > len(spans[order[b]].person.parts)
	})
	for _, i := range order {
		ents[i] = st.linkPersonLocked(spans[i].person)
	}
	var b strings.Builder
	b.Grow(len(text))
	res := Result{Entities: make([]Entity, 0, len(spans))}
	last := 0
	for i, s := range spans {
		e := ents[i]
		if e == nil {
			e = st.entityForLocked(s.kind, s.key, text[s.start:s.end])
		}
		st.number(e)
		b.WriteString(text[last:s.start])
		outStart := b.Len()
		b.WriteString(e.placeholder)
		res.Entities = append(res.Entities, Entity{
			Kind: s.kind, Placeholder: e.placeholder,
			Start: s.start, End: s.end, OutStart: outStart, OutEnd: b.Len(),
		})
		last = s.end
	}
	b.WriteString(text[last:])
	res.Text = b.String()
	return res
}
