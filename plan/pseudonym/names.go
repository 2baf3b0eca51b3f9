package pseudonym

import (
	"strings"
	"unicode/utf8"
)

// Names are found without a model, in three passes over the tokens:
//
//  1. evidence: a civility (Mme Martin), a kinship or professional role (sa fille Léa, son
//     éducateur, Julien), a form label (Nom : DURAND), an apposition (Léa (8 ans), Tom, 5 ans), a
//     maiden name (née Dupont), a first name from the list, or a capitalized word that is no
//     French word, place or institution, away from a sentence start;
//  2. extension: a name runs on over the capitalized words, particles and initials that follow
//     or precede it (Sophie MARTIN, Pierre de La Fontaine, Léa D.);
//  3. propagation: a word found to be a name once is a name everywhere in the text (Martin alone,
//     MARTIN), in lower case too unless it is also a French word.

// mention is one occurrence of a person's name.
type mention struct {
	text   string   // the name as written (without the civility)
	parts  []string // folded parts, particles left out
	gender gender
}

// factMention makes a mention of the name given by structured facts ("Sophie", "MARTIN").
func (p *Pseudonymizer) factMention(full string) *mention {
	toks := tokenize(full, nil)
	m := &mention{text: strings.TrimSpace(full)}
	for _, t := range toks {
		if t.kind == tWord && !has(particles, t.fold) {
			m.parts = append(m.parts, t.fold)
			if m.gender == genderUnknown {
				m.gender, _ = p.lex.firstName(t.fold)
			}
		}
	}
	if len(m.parts) == 0 {
		m.parts = []string{foldString(m.text)}
	}
	return m
}

// nameFinder holds the state of one text's passes.
type nameFinder struct {
	lx   *lexicon
	text string
	toks []token
	name []bool   // token is part of a name
	gend []gender // gender a civility or a role gives the name starting at this token
	// lowerStyle says the writer does not capitalize (most sentences start in lower case), so
	// that lower-case first names count.
	lowerStyle bool
	cls        []wordClass
}

type wordClass struct {
	done      bool
	firstName bool
	word      bool // a French word
	place     bool
	verbDone  bool
	verb      bool // computed on demand by isVerb: it is the costliest question
}

// isVerb says whether toks[i] looks like a form of a French verb.
func (f *nameFinder) isVerb(i int) bool {
	c := &f.cls[i]
	if !c.verbDone {
		c.verbDone = true
		c.verb = f.lx.isVerb(f.toks[i].fold)
	}
	return c.verb
}

func (f *nameFinder) class(i int) wordClass {
	c := &f.cls[i]
	if !c.done {
		fold := f.toks[i].fold
		c.done = true
		_, c.firstName = f.lx.firstName(fold)
		c.word = f.lx.isWord(fold)
		c.place = f.lx.isPlace(fold)
	}
	return *c
}

func (p *Pseudonymizer) findNames(text string, toks []token, st *mapState, spans []span) []span {
	f := &nameFinder{lx: p.lex, text: text, toks: toks, name: make([]bool, len(toks)), gend: make([]gender, len(toks)), cls: make([]wordClass, len(toks))}
	f.lowerStyle = lowerStyle(toks)
	for i := range toks {
		if toks[i].kind == tWord && !toks[i].covered {
			f.evidence(i)
		}
	}
	f.extend()
	f.propagate(st.knownNameParts())
	f.extend()
	return f.mentions(spans)
}

// usable says whether toks[i] may be part of a name at all.
func (f *nameFinder) usable(i int) bool {
	t := &f.toks[i]
	return t.kind == tWord && !t.covered && !t.protected && !t.technical
}

// protect marks institutions (CAF, France Travail, Restos du Cœur) and the names of
// establishments (l'école Jules Ferry) so that no rule takes them for people.
func (p *Pseudonymizer) protect(toks []token) {
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != tWord || toks[i].covered {
			continue
		}
		if n := p.lex.institution(toks, i); n > 0 {
			for k := i; k < i+n; k++ {
				toks[k].protected = true
			}
			i += n - 1
			continue
		}
		if has(establishments, toks[i].fold) && !toks[i].sentStart {
			for k := i + 1; k < len(toks) && k < i+5; k++ {
				t := toks[k]
				if t.kind != tWord || t.nlBefore || !(t.cap || t.upper) || isCivility(toks, k) {
					break
				}
				toks[k].protected = true
			}
		}
	}
}

// nameLike: a capitalized or upper-case word that may be part of a name.
func (f *nameFinder) nameLike(i int) bool {
	t := f.toks[i]
	return f.usable(i) && (t.cap || t.upper)
}

func (f *nameFinder) mark(i int, g gender) {
	f.name[i] = true
	if g != genderUnknown && f.gend[i] == genderUnknown {
		f.gend[i] = g
	}
}

// initialAt says whether toks[i] is an initial (D, D.).
func (f *nameFinder) initialAt(i int) bool {
	t := f.toks[i]
	return f.usable(i) && t.cap && utf8.RuneCountInString(t.text) == 1
}

func (f *nameFinder) evidence(i int) {
	toks := f.toks
	t := toks[i]
	if t.protected || t.technical {
		return
	}
	// 1. Civility.
	if j, ok := civilityAt(toks, i); ok {
		f.afterCivility(i, j)
		return
	}
	// 2. Role: sa fille Léa, le père, Karim, son éducateur référent, Julien.
	if g, ok := roles[t.fold]; ok && (!t.cap || t.sentStart) {
		f.afterRole(i, g)
		return
	}
	// 3. Form label at the start of a line: Nom : DURAND.
	if (t.nlBefore || i == 0) && has(nameLabels, t.fold) {
		f.afterLabel(i)
		return
	}
	// 4. Maiden name: née Dupont.
	if (t.fold == "nee" || t.fold == "ne") && i+1 < len(toks) && f.nameLike(i+1) && !toks[i+1].sentStart {
		if c := f.class(i + 1); !c.place && (!c.word || c.firstName || toks[i+1].upper) {
			f.mark(i+1, genderFemale)
			return
		}
	}
	// 5. Alias: se fait appeler « Le Grand », de son vrai prénom Joël.
	if has(aliases, t.fold) && !t.cap {
		f.afterAlias(i)
		return
	}
	if !(t.cap || t.upper) {
		if f.lowerStyle && f.lowerFirstName(i) || f.lowerFullName(i) {
			f.mark(i, genderUnknown)
		}
		return
	}
	c := f.class(i)
	// 6. Coordination with a name: Stéphane et Aurélie, Léa, Tom et Inès; chez les Moreau.
	if f.coordinated(i) && (c.firstName || !c.word && !c.place && !f.isVerb(i)) {
		f.mark(i, genderUnknown)
		return
	}
	// 7. Apposition: Léa (8 ans), Tom, 5 ans, Lucas, né le…, Amina, sa fille.
	if f.apposition(i) && (!c.word || c.firstName || !t.sentStart) && (!c.place || c.firstName) {
		f.mark(i, genderUnknown)
		return
	}
	prevPlace := f.afterPlaceWord(i)
	switch {
	case t.upper:
		f.upperWord(i, c)
	case f.afterSaint(i):
		// Saint Denis, Sainte Anne: a place or a feast.
	case c.firstName && !c.word && !c.place && !(f.isVerb(i) && t.sentStart):
		// 8. A first name that is nothing else.
		f.mark(i, genderUnknown)
	case c.firstName:
		// 9. A first name that is also a word, a verb or a place (Rose, Pierre, Marie,
		// Florence): only where a thing or a place would not be.
		if prevPlace || f.afterDeterminer(i) || f.titleCase(i) {
			return
		}
		free := !t.sentStart && (!c.place || f.afterPersonWord(i))
		if free || f.nextIsSurname(i) || f.subjectFollows(i) {
			f.mark(i, genderUnknown)
		}
	case !c.word && !c.place && !f.isVerb(i) && utf8.RuneCountInString(t.text) >= 2 && !f.titleCase(i):
		// 10. A capitalized word that is no French word, place or institution. After a
		// determiner (la Direccte, au Fijait) or alone in parentheses (Ata) it is an acronym
		// written in lower case.
		if prevPlace || f.afterDeterminer(i) || f.aloneInParentheses(i) {
			return
		}
		if !t.sentStart || f.verbFollows(i) || f.upperFollows(i) || f.nextIsSurname(i) {
			f.mark(i, genderUnknown)
		}
	}
}

// afterAlias marks the name after an alias word, in quotes or not, or capitalized.
func (f *nameFinder) afterAlias(i int) {
	toks := f.toks
	j := i + 1
	for j < len(toks) && j < i+4 && toks[j].kind == tPunct && strings.Contains(`:"«“'(`, toks[j].text) {
		j++
	}
	if j >= len(toks) || toks[j].nlBefore {
		return
	}
	quoted := j > i+1 && strings.Contains(`"«“`, toks[j-1].text)
	for k := j; k < len(toks) && k < j+3 && f.usable(k) && (toks[k].cap || toks[k].upper) && !toks[k].nlBefore; k++ {
		c := f.class(k)
		if !quoted && c.word && !c.firstName && !(k == j && (toks[k].fold == "le" || toks[k].fold == "la")) {
			break
		}
		f.mark(k, genderUnknown)
	}
}

// upperWord decides on a word in capitals: a surname (DUPONT) unless it is an acronym or a
// word of a heading.
func (f *nameFinder) upperWord(i int, c wordClass) {
	t := f.toks[i]
	n := utf8.RuneCountInString(t.text)
	if c.firstName && !c.word && !c.place {
		f.mark(i, genderUnknown)
		return
	}
	if c.word || c.place || n < 4 || !strings.ContainsAny(t.fold, "aeiouy") || f.afterPlaceWord(i) || f.afterDeterminer(i) {
		return // la CMSA verse…
	}
	// A lone unknown word in capitals is an acronym as often as a surname: it needs a verb after
	// it (DUPONT ne s'est pas présenté). Surnames introduced with a first name or a civility are
	// found by those, and everywhere else by propagation.
	if f.subjectFollows(i) {
		f.mark(i, genderUnknown)
	}
}

// lowerFirstName: in text written without capitals, a first name that is no French word.
func (f *nameFinder) lowerFirstName(i int) bool {
	t := f.toks[i]
	if !f.usable(i) || utf8.RuneCountInString(t.text) < 3 {
		return false
	}
	c := f.class(i)
	return c.firstName && !c.word && !f.isVerb(i) && !c.place && !f.afterDeterminer(i)
}

// lowerFullName: a name typed in lower case in a text that otherwise capitalizes (jean-pierre
// martin, marie dupont). A compound of first names (jean-pierre) is a name; a single first name
// is one when a lower-case surname follows: any word that is no grammatical word, verb or place
// after a first name that is no French word (sophie bernard), or, after a first name that is
// also a word (marie, rose), a word that is neither a French word nor a first name (dupont).
// extend then joins the surname through lowerSurname.
func (f *nameFinder) lowerFullName(i int) bool {
	t := f.toks[i]
	if !f.usable(i) || utf8.RuneCountInString(t.text) < 3 || f.afterDeterminer(i) {
		return false
	}
	c := f.class(i)
	if !c.firstName || c.place {
		return false
	}
	if strings.IndexByte(t.fold, '-') > 0 {
		return true // every part is a first name (lexicon.firstName)
	}
	j := i + 1
	if j >= len(f.toks) || !f.usable(j) || f.toks[j].cap || f.toks[j].upper || f.toks[j].sentStart || f.toks[j].start-t.end != 1 {
		return false
	}
	n := f.toks[j]
	cj := f.class(j)
	if cj.place || has(closedClass, n.fold) || has(afterSubject, n.fold) || has(titles, n.fold) || f.isVerb(j) || utf8.RuneCountInString(n.text) < 3 {
		return false
	}
	return !c.word || !cj.word && !cj.firstName
}

func (f *nameFinder) afterCivility(civ, j int) {
	toks := f.toks
	g := civilities[toks[civ].fold]
	t := toks[j]
	if t.kind != tWord || t.covered || t.protected {
		return
	}
	switch {
	case has(titles, t.fold) && !t.cap:
		return // Madame la Présidente, M. et Mme
	case (t.fold == "le" || t.fold == "la") && t.cap && j+1 < len(toks) && f.nameLike(j+1):
		f.mark(j, g) // Mme Le Gall
		f.mark(j+1, g)
	case t.cap || t.upper:
		if t.fold == "et" {
			return
		}
		f.mark(j, g)
	case f.lowerStyleCivility(civ, j):
		f.mark(j, g)
	}
}

// lowerStyleCivility: "mme martin" — a civility written in lower case followed by a word that is
// neither grammatical nor a verb.
func (f *nameFinder) lowerStyleCivility(civ, j int) bool {
	if f.toks[civ].cap {
		return f.lowerFirstName(j)
	}
	c := f.class(j)
	fold := f.toks[j].fold
	if has(closedClass, fold) || has(afterSubject, fold) || has(titles, fold) || f.isVerb(j) {
		return false
	}
	return c.firstName || !c.word || utf8.RuneCountInString(fold) >= 3
}

func (f *nameFinder) afterRole(i int, g gender) {
	toks := f.toks
	j := i + 1
	// Skip the words that qualify the role and the punctuation before the name.
	direct := true // no "de" between the role and the name: a place name is a name there
	for n := 0; j < len(toks) && n < 5; n++ {
		t := toks[j]
		if t.nlBefore && t.kind == tWord {
			break
		}
		if t.kind == tWord && (has(roleGap, t.fold) || t.protected) || t.text == "," || t.text == ":" || t.text == "(" {
			if t.kind == tWord && (t.fold == "de" || t.fold == "du" || t.fold == "des" || t.fold == "d'" || t.protected) || t.text == "(" {
				direct = false // le conjoint (CJT), le référent du Projet…
			}
			j++
			continue
		}
		break
	}
	if j >= len(toks) || isCivility(toks, j) || toks[j].nlBefore {
		return
	}
	// Right after the role, any capitalized word is a name (sa fille Rose, le père, Dorin
	// Guillaume); after "de" it must look like one (le référent du Projet Insertion Emploi).
	determined := i > 0 && toks[i-1].kind == tWord && has(determiners, toks[i-1].fold)
	if !f.roleName(j) && !(direct && f.directRoleName(j, determined)) {
		return
	}
	f.mark(j, g)
	f.list(j)
}

// directRoleName: right after a role, a capitalized word that is not grammatical, an acronym,
// or a place that is nothing else. An ordinary word needs the role to have its determiner (le
// père, Dorin; not "structure référente Projet Insertion").
func (f *nameFinder) directRoleName(j int, determined bool) bool {
	t := f.toks[j]
	if !f.nameLike(j) || t.sentStart || has(closedClass, t.fold) || t.upper && utf8.RuneCountInString(t.text) < 4 {
		return false
	}
	c := f.class(j)
	if c.word && !c.firstName && !determined {
		return false
	}
	return !c.place || !c.word
}

// roleName says whether toks[j], after a role, is a name: a capitalized word that is not a
// place or an institution, or a first name in lower case.
func (f *nameFinder) roleName(j int) bool {
	if !f.usable(j) {
		return false
	}
	t := f.toks[j]
	c := f.class(j)
	if t.upper && !c.firstName && utf8.RuneCountInString(t.text) < 4 {
		return false // conjoint (CJT)
	}
	if t.cap || t.upper {
		return c.firstName || !c.place && !c.word && !f.isVerb(j)
	}
	return c.firstName && !c.word && !f.isVerb(j) && utf8.RuneCountInString(t.text) >= 3
}

// list follows an enumeration of names after a role or a label: les enfants Jade (6 ans) et
// Louis (9 ans); Enfants : Léa, Tom.
func (f *nameFinder) list(j int) {
	toks := f.toks
	for k := j + 1; k < len(toks); {
		// Skip the rest of the current name and a parenthesis.
		for k < len(toks) && (f.name[k] || toks[k].kind == tWord && f.nameLike(k) && k == j+1) {
			k++
		}
		if k < len(toks) && toks[k].text == "(" {
			for k < len(toks) && toks[k].text != ")" && !toks[k].nlBefore {
				k++
			}
			k++
		}
		if k >= len(toks) || !(toks[k].text == "," || toks[k].fold == "et") || toks[k].nlBefore {
			return
		}
		k++
		if k < len(toks) && toks[k].fold == "et" {
			k++
		}
		if k >= len(toks) || !f.roleName(k) {
			return
		}
		c := f.class(k)
		if !c.firstName && c.word {
			return
		}
		f.mark(k, genderUnknown)
		j = k
		k++
	}
}

func (f *nameFinder) afterLabel(i int) {
	toks := f.toks
	j := i + 1
	for n := 0; j < len(toks) && n < 4 && toks[j].text != ":" && !toks[j].nlBefore; n++ {
		if toks[j].kind == tWord && !has(labelFillers, toks[j].fold) || toks[j].kind == tNumber && len(toks[j].text) > 1 {
			return
		}
		j++
	}
	if j >= len(toks) || toks[j].text != ":" {
		return
	}
	j++
	if j >= len(toks) || toks[j].nlBefore || isCivility(toks, j) {
		return
	}
	strong := toks[i].fold == "nom" || toks[i].fold == "noms" || strings.HasPrefix(toks[i].fold, "prenom")
	if !(toks[j].cap || toks[j].upper) && !(strong && f.usable(j) && !has(closedClass, toks[j].fold)) && !f.roleName(j) {
		return
	}
	if !f.usable(j) {
		return
	}
	if !strong && !f.roleName(j) {
		return
	}
	f.mark(j, genderUnknown)
	// The value runs to the end of the line: "Nom : de La Roche", "Prénom : jean pierre".
	for k := j + 1; k < len(toks) && !toks[k].nlBefore && f.usable(k) && k < j+5; k++ {
		if toks[k].cap || toks[k].upper || strong && !has(closedClass, toks[k].fold) {
			f.mark(k, genderUnknown)
			continue
		}
		break
	}
	f.list(j)
}

const maxNameTokens = 8

// extend grows every name over its neighbours: capitalized words, initials and particles.
func (f *nameFinder) extend() {
	toks := f.toks
	for i := 0; i < len(toks); i++ {
		if !f.name[i] {
			continue
		}
		// Rightwards, to eight tokens at most: no name is longer, and a run of capitalized
		// words (a title, a list) must not become one huge name.
		k := i + 1
		for k < len(toks) && k < i+maxNameTokens {
			if toks[k].nlBefore {
				break
			}
			if toks[k].text == "." && f.initialAt(k-1) && f.name[k-1] && toks[k].start == toks[k-1].end {
				f.name[k] = true // the period of an initial
				k++
				continue
			}
			if f.name[k] {
				k++
				continue
			}
			if f.continues(k) || f.lowerSurname(k) {
				f.name[k] = true
				k++
				continue
			}
			if n := f.particleRun(k); n > 0 {
				for m := k; m < k+n; m++ {
					f.name[m] = true
				}
				k += n
				continue
			}
			break
		}
		// Leftwards: a first name before a surname found by apposition or propagation.
		for b := i - 1; b >= 0 && !f.name[b] && !toks[b+1].nlBefore; b-- {
			if !f.nameLike(b) || toks[b].upper && utf8.RuneCountInString(toks[b].text) < 4 {
				break
			}
			c := f.class(b)
			if !(c.firstName || !c.word && !c.place && !f.isVerb(b) || toks[b].upper && !c.word) {
				break
			}
			if toks[b].sentStart && c.word && !c.firstName || isCivility(toks, b) {
				break
			}
			if b > 0 && isCivility(toks, b-1) {
				f.name[b] = true
				break
			}
			f.name[b] = true
		}
		i = k - 1
	}
}

// continues says whether toks[k], right after a name, goes on with it.
func (f *nameFinder) continues(k int) bool {
	t := f.toks[k]
	if !f.usable(k) || t.sentStart {
		return false
	}
	if f.initialAt(k) {
		return true
	}
	if !(t.cap || t.upper) {
		return false
	}
	if isCivility(f.toks, k) {
		return false
	}
	// A place name right after a name is a surname (Dylan Morin); "Léa, Annecy" or "Léa à
	// Annecy" do not come here.
	return true
}

// lowerSurname: "Mme julie petit" — a lower-case word after a lower-case name given by a
// civility or a role goes on with it unless it is grammatical or a verb.
func (f *nameFinder) lowerSurname(k int) bool {
	t := f.toks[k]
	if !f.usable(k) || t.cap || t.upper || k == 0 || !f.name[k-1] || f.toks[k-1].cap || f.toks[k-1].upper {
		return false
	}
	if k >= 2 && f.name[k-2] {
		return false // one lower-case surname at most
	}
	return !has(closedClass, t.fold) && !has(afterSubject, t.fold) && !has(titles, t.fold) && !f.isVerb(k) &&
		utf8.RuneCountInString(t.text) >= 3
}

// particleRun returns how many tokens from k form "de La", "Ben", "el", "d'" before a name part.
func (f *nameFinder) particleRun(k int) int {
	toks := f.toks
	n := 0
	for m := k; m < len(toks) && n < 3; m++ {
		if toks[m].kind != tWord || !has(particles, toks[m].fold) || toks[m].nlBefore || toks[m].covered {
			break
		}
		n++
	}
	if n == 0 || k+n >= len(toks) {
		return 0
	}
	next := k + n
	if !f.nameLike(next) || toks[next].nlBefore {
		return 0
	}
	c := f.class(next)
	if c.place && !c.firstName {
		return 0
	}
	// A lower-case "de" joins only a name that cannot be a thing: Pierre de La Fontaine, but not
	// Mme Martin de Solidarité.
	if !toks[k].cap && n == 1 && c.word && !toks[next].upper {
		return 0
	}
	return n
}

// propagate marks every other occurrence of a word found to be a name.
func (f *nameFinder) propagate(known []string) {
	names := map[string]bool{}
	for _, k := range known {
		names[k] = true
	}
	toks := f.toks
	for i, t := range toks {
		if f.name[i] && t.kind == tWord && !has(particles, t.fold) && utf8.RuneCountInString(t.fold) >= 2 {
			names[t.fold] = true
		}
	}
	if len(names) == 0 {
		return
	}
	for i, t := range toks {
		if f.name[i] || !names[t.fold] || !f.usable(i) {
			continue
		}
		if t.cap || t.upper {
			f.name[i] = true
			continue
		}
		c := f.class(i)
		if !c.word && !f.isVerb(i) && !has(closedClass, t.fold) {
			f.name[i] = true
		}
	}
}

// mentions turns runs of name tokens into person spans.
func (f *nameFinder) mentions(spans []span) []span {
	toks := f.toks
	for i := 0; i < len(toks); i++ {
		if !f.name[i] {
			continue
		}
		j := i
		for j+1 < len(toks) && f.name[j+1] && !toks[j+1].nlBefore && j+1 < i+maxNameTokens {
			j++
		}
		// A run never starts or ends with a particle alone.
		for i <= j && toks[i].kind == tWord && has(particles, toks[i].fold) && !f.partOfName(i, j) {
			i++
		}
		if i > j {
			continue
		}
		m := &mention{}
		for k := i; k <= j; k++ {
			if toks[k].kind == tWord && !(has(particles, toks[k].fold) && k < j) {
				m.parts = append(m.parts, toks[k].fold)
			}
			if f.gend[k] != genderUnknown && m.gender == genderUnknown {
				m.gender = f.gend[k]
			}
		}
		// The gender of a first name, when the mention is not a lone word that may as well be
		// a surname ("Martin").
		if m.gender == genderUnknown && (len(m.parts) > 1 || !f.class(i).word) {
			if g, ok := f.lx.firstName(toks[i].fold); ok {
				m.gender = g
			}
		}
		if len(m.parts) == 0 {
			i = j
			continue
		}
		start, end := toks[i].start, toks[j].end
		m.text = f.text[start:end]
		spans = append(spans, span{start: start, end: end, kind: Person, person: m})
		i = j
	}
	return spans
}

// partOfName: a particle that begins a name (Le Gall, El Amrani, De Gaulle) when written with a
// capital and followed by more name.
func (f *nameFinder) partOfName(i, j int) bool {
	return f.toks[i].cap && i < j
}
