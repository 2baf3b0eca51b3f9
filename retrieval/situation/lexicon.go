package situation

import (
	"bufio"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/socle-project/socle"
)

//go:embed lexique.txt
var lexiqueData string

// Lexicon maps the ways a situation is told to the doctrine's notions: "commandement de payer"
// → impayés de loyer, fonds de solidarité pour le logement, plan d'apurement. Entries belong
// to a need, so that a phrasing also reveals a need the text never names. A Lexicon is
// immutable and safe for concurrent use.
type Lexicon struct {
	entries []entry
}

type entry struct {
	need     string
	triggers []string
	concepts []string
	pattern  *regexp.Regexp
	weak     *regexp.Regexp // the phrasings marked "?": too common to reveal the need alone
	// needles are the longest literal word of each phrasing, without its "*": a text that holds
	// none of them cannot match, and testing that is much cheaper than running the pattern. The
	// longest word, not the first: phrasings written by several people open on "il", "ne",
	// "a", which every note holds. Empty: always run it.
	needles []string
}

// needlesOf returns the longest literal word of each phrasing, or nil when one has none. A
// word class ("@enfant") is not literal: a phrasing of classes alone has no needle.
func needlesOf(phrasings []string) []string {
	var out []string
	for _, p := range phrasings {
		best := ""
		for _, w := range strings.Fields(strings.ReplaceAll(p, "~", " ")) {
			if strings.HasPrefix(w, "@") {
				continue
			}
			if w = strings.TrimSuffix(w, "*"); len(w) > len(best) {
				best = w
			}
		}
		if best == "" {
			return nil
		}
		out = append(out, best)
	}
	return out
}

// Match is a phrasing of the lexicon found in a text.
type Match struct {
	Need     string   // the entry's need code; "" for a glossary term
	Text     string   // the folded words matched
	Weak     bool     // a phrasing marked "?" in the lexicon: alone, it does not reveal the need
	Concepts []string // the notions the entry calls for
	Start    int      // byte offsets in the folded text
	End      int
	// Amount marks an income read from an amount (lowIncome): a fact of the person's budget,
	// which a clause saying something goes well does not take back ("retraite 910 €/mois,
	// dossier bouclé, rien à revoir" is still a low income).
	Amount bool
}

// Default returns the lexicon shipped with Socle (lexique.txt), parsed once.
var Default = sync.OnceValue(func() *Lexicon {
	l, err := ParseLexicon(lexiqueData)
	if err != nil {
		panic("situation: the shipped lexicon does not parse: " + err.Error()) // a test holds it
	}
	return l
})

// Limits of a lexicon: generous for a hand-written one, small enough to compile at once.
const (
	maxEntries  = 5000
	maxTriggers = 200
)

// ParseLexicon reads a lexicon in the format of lexique.txt: "[need]" lines open a need's
// entries, "phrasing; phrasing => notion; notion" lines are entries, "@class = word; word"
// lines name a class of words that phrasings below use, "#" starts a comment.
func ParseLexicon(text string) (*Lexicon, error) {
	l := &Lexicon{}
	need := ""
	classes := map[string][]string{}
	known := map[string]bool{}
	for _, n := range Needs() {
		known[n.Code] = true
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	line := 0
	// An entry is compiled once its last continuation line ("+ phrasing; phrasing") is read.
	var pending *entry
	pendingLine := 0
	flush := func() error {
		if pending == nil {
			return nil
		}
		e := *pending
		pending = nil
		if err := compileEntry(&e, pendingLine, classes); err != nil {
			return err
		}
		if len(l.entries) == maxEntries {
			return socle.Errorf(socle.ETOOLARGE, "the lexicon has over %d entries", maxEntries)
		}
		l.entries = append(l.entries, e)
		return nil
	}
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if more, ok := strings.CutPrefix(s, "+"); ok {
			// More phrasings of the entry above, for the same notions: written by another
			// author, or too many for one line.
			if pending == nil {
				return nil, socle.Errorf(socle.EINVALID, "lexicon line %d: a \"+\" line continues an entry, and there is none above it", line)
			}
			pending.triggers = append(pending.triggers, splitList(more)...)
			continue
		}
		if err := flush(); err != nil {
			return nil, err
		}
		if strings.HasPrefix(s, "@") && !strings.Contains(s, "=>") {
			name, words, err := parseClass(s, classes)
			if err != nil {
				return nil, socle.Errorf(socle.EINVALID, "lexicon line %d: %v", line, err)
			}
			classes[name] = words
			continue
		}
		if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
			need = strings.TrimSpace(s[1 : len(s)-1])
			if !known[need] {
				return nil, socle.Errorf(socle.EINVALID, "lexicon line %d: need %q is not known: use one of the codes of situation.Needs()", line, need)
			}
			continue
		}
		left, right, ok := strings.Cut(s, "=>")
		if !ok {
			return nil, socle.Errorf(socle.EINVALID, "lexicon line %d: want \"phrasing; phrasing => notion; notion\" or \"+ phrasing; phrasing\"", line)
		}
		if need == "" {
			return nil, socle.Errorf(socle.EINVALID, "lexicon line %d: an entry before any [need] line", line)
		}
		pending, pendingLine = &entry{need: need, triggers: splitList(left), concepts: splitList(right)}, line
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("situation: lexicon: %w", err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return l, nil
}

// classPattern is a class's name: "@" then lowercase letters and hyphens.
var classPattern = regexp.MustCompile(`^@[a-z][a-z-]*$`)

// parseClass reads "@name = word; word": a class of words that stand for one another in
// phrasings ("@enfant ~ @frappe" for "gifle son fils", "frappe sa fille", "tape le gamin"), so
// that an entry says once what a caseworker writes in many ways. A class is defined once, of
// words only (no "~", no other class), before the phrasings that use it.
func parseClass(s string, classes map[string][]string) (string, []string, error) {
	left, right, ok := strings.Cut(s, "=")
	name := strings.TrimSpace(left)
	if !ok || !classPattern.MatchString(name) {
		return "", nil, fmt.Errorf("want \"@name = word; word\", the name in lowercase letters and hyphens")
	}
	if _, dup := classes[name]; dup {
		return "", nil, fmt.Errorf("class %s is defined twice", name)
	}
	words := splitList(right)
	if len(words) == 0 {
		return "", nil, fmt.Errorf("class %s has no word", name)
	}
	for i, w := range words {
		if strings.ContainsAny(w, "~@?") {
			return "", nil, fmt.Errorf("class %s: %q holds \"~\", \"@\" or \"?\"; a class lists words and phrases only", name, w)
		}
		words[i] = Fold(w)
	}
	return name, words, nil
}

// compileEntry folds an entry's phrasings and compiles them, its word classes spelled out;
// line is where the entry starts.
func compileEntry(e *entry, line int, classes map[string][]string) error {
	if len(e.triggers) == 0 || len(e.concepts) == 0 {
		return socle.Errorf(socle.EINVALID, "lexicon line %d: an entry needs at least one phrasing and one notion", line)
	}
	if len(e.triggers) > maxTriggers {
		return socle.Errorf(socle.EINVALID, "lexicon line %d: over %d phrasings (with its \"+\" lines)", line, maxTriggers)
	}
	var weak []string
	for i, t := range e.triggers {
		t = Fold(t)
		if w, ok := strings.CutPrefix(t, "?"); ok {
			t = strings.TrimSpace(w)
			weak = append(weak, t)
		}
		e.triggers[i] = t
	}
	// Go's alternation takes the first phrasing that matches at a place: a weak one ("bleus")
	// listed before a strong one that starts alike ("bleus ~ cache*") would hide it.
	strongFirst := make([]string, 0, len(e.triggers))
	for _, t := range e.triggers {
		if !slices.Contains(weak, t) {
			strongFirst = append(strongFirst, t)
		}
	}
	strongFirst = append(strongFirst, weak...)
	var err error
	if e.pattern, err = phrasingPattern(strongFirst, classes); err != nil {
		return socle.Errorf(socle.EINVALID, "lexicon line %d: %v", line, err)
	}
	if len(weak) > 0 {
		alts, err := phrasingAlts(weak, classes)
		if err != nil {
			return socle.Errorf(socle.EINVALID, "lexicon line %d: %v", line, err)
		}
		e.weak = regexp.MustCompile(`^(?:` + strings.Join(alts, "|") + `)$`)
	}
	e.needles = needlesOf(e.triggers)
	return nil
}

// WithGlossary returns the lexicon extended by an organization's glossary: each term
// ("CCAPEX", "AEB") becomes a phrasing that calls for its expansions, and each expansion a
// phrasing that calls for the term, so that a situation that spells out "revenu de solidarité
// active" reaches the doctrine that writes "RSA". The receiver is left as is.
func (l *Lexicon) WithGlossary(entries []socle.GlossaryEntry) *Lexicon {
	out := &Lexicon{entries: append([]entry(nil), l.entries...)}
	add := func(phrasing string, concepts []string) {
		p := glossaryPattern(phrasing)
		if p == nil {
			return
		}
		out.entries = append(out.entries, entry{triggers: []string{phrasing}, concepts: concepts, pattern: p, needles: needlesOf([]string{phrasing})})
	}
	for _, g := range entries {
		term := Fold(strings.TrimSpace(g.Term))
		if term == "" || len(g.Expansions) == 0 {
			continue
		}
		add(term, append([]string(nil), g.Expansions...))
		for _, x := range g.Expansions {
			if fx := Fold(strings.TrimSpace(x)); len(strings.Fields(fx)) > 1 {
				add(fx, []string{strings.TrimSpace(g.Term)}) // one-word expansions are too loose
			}
		}
	}
	return out
}

// glossaryPatterns holds the compiled pattern of each glossary phrasing (nil: it has none).
// WithGlossary runs for every situation search of an organization with a glossary, and
// compiling its phrasings each time was a quarter of a plan's time on the demo organization;
// a phrasing's pattern never changes. Phrasings are few; the cache starts again when it
// passes glossaryPatternsMax, which only an unusual churn of glossary terms reaches.
var glossaryPatterns struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

const glossaryPatternsMax = 20000

// glossaryPattern returns the pattern of one glossary phrasing, nil if it cannot have one.
func glossaryPattern(phrasing string) *regexp.Regexp {
	c := &glossaryPatterns
	c.Lock()
	p, ok := c.m[phrasing]
	c.Unlock()
	if ok {
		return p
	}
	p, err := phrasingPattern([]string{phrasing}, nil)
	if err != nil {
		p = nil
	}
	c.Lock()
	defer c.Unlock()
	if c.m == nil || len(c.m) >= glossaryPatternsMax {
		c.m = map[string]*regexp.Regexp{}
	}
	c.m[phrasing] = p
	return p
}

// Len returns the number of entries.
func (l *Lexicon) Len() int { return len(l.entries) }

// Match finds the lexicon's phrasings in a folded text, in order of their place in it.
func (l *Lexicon) Match(folded string) []Match {
	var out []Match
	for _, e := range l.entries {
		if !mayMatch(folded, e.needles) {
			continue
		}
		for _, loc := range e.pattern.FindAllStringSubmatchIndex(folded, -1) {
			text := folded[loc[2]:loc[3]]
			out = append(out, Match{Need: e.need, Text: text, Concepts: e.concepts, Start: loc[2], End: loc[3], Weak: e.weak != nil && e.weak.MatchString(text)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func mayMatch(folded string, needles []string) bool {
	if len(needles) == 0 {
		return true
	}
	for _, n := range needles {
		if strings.Contains(folded, n) {
			return true
		}
	}
	return false
}

// Expand returns the notions a folded text calls for, each once, in the order found.
func (l *Lexicon) Expand(folded string) []string {
	var out []string
	for _, m := range l.Match(folded) {
		out = appendNew(out, m.Concepts...)
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// phrasingPattern compiles phrasings to one expression matched at word starts: "*" lets a word
// end anywhere, "~" allows up to three words in between, "@name" is any word of that class,
// anything else is literal.
func phrasingPattern(phrasings []string, classes map[string][]string) (*regexp.Regexp, error) {
	alts, err := phrasingAlts(phrasings, classes)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(`(?:^|[^\pL\pN])((?:` + strings.Join(alts, "|") + `))(?:$|[^\pL\pN])`)
}

func phrasingAlts(phrasings []string, classes map[string][]string) ([]string, error) {
	alts := make([]string, 0, len(phrasings))
	for _, p := range phrasings {
		var b strings.Builder
		for i, part := range strings.Split(p, "~") {
			part = strings.TrimSpace(part)
			if part == "" {
				return nil, fmt.Errorf("phrasing %q has an empty side of ~", p)
			}
			if i > 0 {
				b.WriteString(`(?:[^\pL\pN.!?;]+[\pL\pN'-]+){0,3}?[^\pL\pN.!?;]+`)
			}
			for j, w := range strings.Fields(part) {
				if j > 0 {
					b.WriteString(wordGap)
				}
				if !strings.HasPrefix(w, "@") {
					b.WriteString(wordPattern(w))
					continue
				}
				members, ok := classes[w]
				if !ok {
					return nil, fmt.Errorf("phrasing %q uses the class %s, which is not defined above it", p, w)
				}
				b.WriteString("(?:")
				for k, m := range members {
					if k > 0 {
						b.WriteString("|")
					}
					for l, mw := range strings.Fields(m) {
						if l > 0 {
							b.WriteString(wordGap)
						}
						b.WriteString(wordPattern(mw))
					}
				}
				b.WriteString(")")
			}
		}
		alts = append(alts, b.String())
	}
	return alts, nil
}

// wordGap is what separates two words of a phrasing. Reported speech: « plus le droit » de
// sortir reads as the words it quotes.
const wordGap = `[\s«»"“”]+`

// wordPattern is one word of a phrasing: "*" lets it end anywhere.
func wordPattern(w string) string {
	if stem, ok := strings.CutSuffix(w, "*"); ok {
		return regexp.QuoteMeta(stem) + `[\pL\pN]*`
	}
	return regexp.QuoteMeta(w)
}
