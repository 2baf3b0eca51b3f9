// Package situation reads a caseworker's description of a situation the way a colleague would:
// the needs it shows (most of them implied: "son mari est décédé" calls for a survivor's
// pension nobody named), the doctrine's notions its phrasings call for, through a French
// social-protection lexicon shipped as data and extended by each organization's glossary, and
// the facts it states (age, pregnancy, studies, household, département). It works on text alone:
// no index, no model, the same reading for the same words.
package situation

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Reading is what a situation's text says, read once.
type Reading struct {
	Needs []Detected // urgent first, then by how much the text says of each
	Facts Facts
	// Matches are the lexicon's phrasings found in the text, in order, with the notions each
	// calls for; those of no need in particular (glossary terms outside any need's sentences)
	// have Need "".
	Matches []Match
	// Suggested are the needs the needs model reads that the lexicon did not (more likely first):
	// offered to the caseworker, not searched for until they take one. Adding them all unasked
	// detected 7 points more of the needs the notes' authors meant, at the same precision, but
	// did not change the plans' citations and left most of them "not covered": the model knows
	// a need is there, not which of the doctrine's notions it calls for (docs/plans.md).
	Suggested []Detected
}

// Options tune a reading. The zero value reads with the default lexicon and no stated needs.
type Options struct {
	Lexicon *Lexicon // nil: Default()
	// Stated are needs the caseworker names (codes or labels, French or English): they are
	// detected whatever the text says.
	Stated []string
	// Removed are needs the caseworker struck out (codes): never detected.
	Removed []string
	// Year is the current year, to read an age from a year of birth; 0 leaves such ages out.
	Year int
	// NeedModel suggests the needs it reads that the lexicon did not (nil: DefaultNeedModel);
	// NoSuggestions suggests none.
	NeedModel     *NeedModel
	NoSuggestions bool
	// KeepDoubted keeps among the needs read those the needs model doubts (DoubtThreshold):
	// the lexicon's reading alone, for measuring it.
	KeepDoubted bool
	// NoSure keeps among the suggestions those the needs model is sure of (SureThreshold),
	// which are otherwise read as needs: the lexicon's reading alone, for measuring it.
	NoSure bool
}

// Read reads a situation.
func Read(text string, o Options) Reading {
	lex := o.Lexicon
	if lex == nil {
		lex = Default()
	}
	folded := Fold(text)
	sentences := sentencesOf(text)
	foldedSentences := make([]string, len(sentences))
	for i, s := range sentences {
		foldedSentences[i] = Fold(s)
	}
	removed := map[string]bool{}
	for _, c := range o.Removed {
		removed[strings.TrimSpace(strings.ToLower(c))] = true
	}
	matches := matchAll(lex, folded)
	sentenceMatches := make([][]Match, len(sentences))
	sentenceSpans := make([]textSpans, len(sentences))
	for i, fs := range foldedSentences {
		sentenceMatches[i] = matchAll(lex, fs)
		sentenceSpans[i] = spansOf(fs)
	}
	spans := spansOf(folded)
	// The note's opening label names the writer's service ("CESF bailleur social.", "UDAF,
	// déléguée MJAGBF.", "Accueil de jour, permanence santé."), not what the person needs.
	if len(sentences) > 1 && isHeader(foldedSentences[0]) {
		if i := strings.Index(folded, foldedSentences[0]); i >= 0 {
			spans.jobs = append(spans.jobs, []int{i, i + len(foldedSentences[0])})
		}
		sentenceSpans[0].jobs = append(sentenceSpans[0].jobs, []int{0, len(foldedSentences[0])})
	}
	var out []Detected
	for _, n := range Needs() {
		if removed[n.Code] {
			continue
		}
		ev := n.evidenceIn(folded, matches, spans)
		d := Detected{Need: n, Evidence: ev.words, Concepts: ev.concepts, Stated: stated(n, o.Stated)}
		if !d.Stated && (!ev.reveals() || !n.Urgent && len(ev.matches) == 0 && len(appendNew(nil, ev.words...)) < 2) {
			// A need's own word alone, with nothing the lexicon reads around it, is more often
			// the note's context than its ask: "loyer 450 €", "pension alimentaire", "en arrêt
			// maladie". An urgent need's ("115") still counts.
			continue
		}
		for i, fs := range foldedSentences {
			if se := n.evidenceIn(fs, sentenceMatches[i], sentenceSpans[i]); len(se.words) > 0 {
				d.Sentences = append(d.Sentences, sentences[i])
			}
		}
		d.Facets = facetsOf(ev.matches, sentences, foldedSentences)
		out = append(out, d)
	}
	// Glossary terms and other notions of no need go to the needs whose sentences hold them.
	for i := range matches {
		m := &matches[i]
		if m.Need != "" {
			continue
		}
		for j := range out {
			for _, s := range out[j].Sentences {
				if strings.Contains(Fold(s), m.Text) {
					out[j].Glossary = appendNew(out[j].Glossary, m.Concepts...)
				}
			}
		}
	}
	facts := ReadFacts(text, o.Year)
	if d, ok := minorInDanger(folded, facts, out, removed); ok {
		out = append(out, d)
	}
	out = supportAfterAssessment(folded, matches, spans, out, removed, sentences, foldedSentences, sentenceMatches, sentenceSpans)
	out = childViolence(folded, out)
	sortNeeds(out)
	model := o.NeedModel
	if model == nil {
		model = DefaultNeedModel()
	}
	feats := featuresOf(folded)
	var doubted []Detected
	if !o.KeepDoubted {
		out, doubted = model.doubt(out, feats)
	}
	written := writtenForms(text)
	for i := range out {
		out[i].Written = asWritten(out[i].Evidence, written)
	}
	for i := range doubted {
		doubted[i].Evidence = asWritten(doubted[i].Evidence, written)
		doubted[i].Written = doubted[i].Evidence
	}
	r := Reading{Needs: out, Facts: facts, Matches: matches}
	if !o.NoSuggestions {
		skip := maps.Clone(removed)
		for _, d := range slices.Concat(out, doubted) {
			skip[d.Code] = true
		}
		// A doubted need is offered like a suggestion, after the model's own (whose
		// probabilities are above one half): the caseworker who sees it in the note adds it.
		suggested := model.suggest(text, feats, sentences, foldedSentences, skip)
		if !o.NoSure {
			var sure []Detected
			sure, suggested = sureOf(suggested, spans.reassured, folded)
			r.Needs = append(r.Needs, sure...)
			sortNeeds(r.Needs)
		}
		r.Suggested = append(suggested, doubted...)
	}
	return r
}

// matchAll finds what in a folded text speaks of a need beyond the needs' own words: the
// lexicon's phrasings, a low income stated as an amount, and the organization's glossary terms
// whose expansion names a need ("ASLL" → "accompagnement social lié au logement", "AEEH" →
// "allocation d'éducation de l'enfant handicapé": the acronym says what its expansion says).
func matchAll(lex *Lexicon, folded string) []Match {
	ms := lex.Match(folded)
	for _, m := range ms {
		if m.Need != "" {
			continue
		}
		for _, n := range Needs() {
			for _, c := range m.Concepts {
				if fc := Fold(c); n.Matches(fc) {
					ms = append(ms, Match{Need: n.Code, Text: m.Text, Concepts: m.Concepts, Start: m.Start, End: m.End, Weak: !n.MatchesStrongly(fc)})
					break
				}
			}
		}
	}
	ms = append(ms, lowIncome(folded)...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	return ms
}

// facetsOf groups a need's lexicon matches by entry (the same notions), in order found, the
// weak ones only when there is nothing else.
func facetsOf(matches []Match, sentences, foldedSentences []string) []Facet {
	strong := false
	for _, m := range matches {
		strong = strong || !m.Weak
	}
	var out []Facet
	index := map[string]int{}
	for _, m := range matches {
		if strong && m.Weak {
			continue
		}
		key := strings.Join(m.Concepts, ";")
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Facet{Text: m.Text, Concepts: m.Concepts})
		}
		for j, fs := range foldedSentences {
			if strings.Contains(fs, m.Text) && !slices.Contains(out[i].Sentences, sentences[j]) {
				out[i].Sentences = append(out[i].Sentences, sentences[j])
			}
		}
	}
	return out
}

func stated(n Need, names []string) bool {
	for _, s := range names {
		if fs := Fold(strings.TrimSpace(s)); fs != "" && (fs == n.Code || fs == Fold(n.Label) || fs == strings.ToLower(n.LabelEN)) {
			return true
		}
	}
	return false
}

// sortNeeds puts urgent needs first, then the needs the text says most about.
func sortNeeds(ds []Detected) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Urgent != ds[j].Urgent {
			return ds[i].Urgent
		}
		return ds[i].weight() > ds[j].weight()
	})
}

func (d *Detected) weight() int {
	w := len(d.Evidence)
	if d.Stated {
		w += 3
	}
	return w
}

func appendNew(list []string, xs ...string) []string {
outer:
	for _, x := range xs {
		for _, y := range list {
			if y == x {
				continue outer
			}
		}
		list = append(list, x)
	}
	return list
}

// sentencesOf cuts a situation into sentences at ". ", "! ", "? ", "; " and line breaks, but
// not after an abbreviation ("Mme K., 41 ans", "2 enf. de 3 ans").
// isHeader reports whether a note's first sentence (folded), with more after it, is a label
// of the service or the meeting rather than about the person: short, naming a service or a
// meeting, and neither the person nor an age ("MSA, accueil.", "Entretien ML.", "Service
// social du travail (entreprise de transport).").
func isHeader(first string) bool {
	return len(strings.Fields(first)) <= 8 && (serviceWord.MatchString(first) || placeAndRole.MatchString(first) && !verbLike.MatchString(first)) &&
		!ageRe.MatchString(first) && !personWord.MatchString(first) && !aboutSomeone.MatchString(first)
}

// placeAndRole is a note's signature by someone who is not a caseworker: a place and the
// writer's role in it, with no verb ("Auto-école, le gérant.", "Piscine municipale, la
// maîtresse-nageuse du créneau scolaire."): the driving school is where the writer works, not
// a need for mobility.
var placeAndRole = regexp.MustCompile(`^[\pL' -]{3,40}, (?:le |la |l'|les )[\pL' -]{2,50}\.?$`)

// verbLike tells a caseworker's shorthand of the same shape, which says something ("Violences, le
// mari a été condamné."), from a signature, which has no verb.
var verbLike = regexp.MustCompile(`\b(?:est|sont|a|ont|ete|etait|fait|ne|n'|s'|se|qu'|dit|va|vient|veut|doit|peut|vit|part|reste)\b`)

// aboutSomeone is a short first sentence that still tells of the person: a date, a number, a
// passive ("Suivi par un MJPM depuis 2019.").
var aboutSomeone = regexp.MustCompile(`\d{2,}|\b(?:suivie?s?|orientee?s?|adressee?s?|envoyee?s?|signalee?s?) (?:par|vers)\b`)

var serviceWord = regexp.MustCompile(`\b(?:accueil|entretien|permanence|service|rdv|rendez-vous|visite|vad|suivi|ml|mission locale|ccas|cias|caf|msa|udaf|cidff|crous|chrs|cesf|as|spip|pmi|pcb|carsat|mds|france travail|ft|mjpm|mjagbf|referente?|deleguee?|point)\b`)

var personWord = regexp.MustCompile(`\b(?:m|mme|mlle|mr|monsieur|madame|jeune|homme|femme|couple|famille|enfant|enfants|bebe|fille|garcon|fils|pere|mere|parents?|salariee?|etudiante?|lyceenne?|collegienne?|retraitee?|veuve?|majeure?|mineure?|personne|ado|adolescente?|dame|patiente?|usagere?|beneficiaire|il|elle|ils|elles|sa|son|ses)\b`)

func sentencesOf(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		start := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			if (c == '.' || c == '!' || c == '?' || c == ';') && (i+1 == len(line) || line[i+1] == ' ') {
				if c == '.' && abbreviation(line[start:i]) {
					continue
				}
				if part := strings.TrimSpace(line[start : i+1]); part != "" {
					out = append(out, part)
				}
				start = i + 1
			}
		}
		if part := strings.TrimSpace(line[start:]); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// abbreviation reports whether text ends with a word that a period abbreviates: one capital
// ("K."), or a caseworker's shorthand ("enf.", "M.", "Mme.", "env.").
func abbreviation(text string) bool {
	i := strings.LastIndexAny(text, " (")
	w := text[i+1:]
	if len([]rune(w)) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true
	}
	switch strings.ToLower(w) {
	case "m", "mme", "mlle", "enf", "env", "cf", "etc", "dpt", "dép", "dept", "tél", "tel", "n°", "st", "ste", "av", "bd":
		return true
	}
	return false
}

// Fold lowercases, strips accents and turns typographic apostrophes into plain ones, so that
// phrasings written without accents match any spelling.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '’' || r == 'ʼ' || r == '‘':
			b.WriteByte('\'')
		case r == '\u00a0' || r == '\u202f' || r == '\u2007':
			b.WriteByte(' ') // no-break spaces, common in French typography
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// minorNeeds are the needs that, for a minor, are a child protection matter: a child without a
// roof, without food or subject to violence is a child in danger (code de l'action sociale et
// des familles, art. L221-1 and L223-2: the aide sociale à l'enfance takes in a minor whose
// safety is at risk, and shelters a minor alone at once). Notes about such minors name the
// shelter, the hunger or the blows, rarely the child protection they call for.
var minorNeeds = []string{"hebergement", "alimentation", "violences"}

// minorInDanger derives the need for child protection when the note's person is a minor
// (an age under 18 read from the text) and shows a need minorNeeds lists. Its evidence is that
// need's: what the caseworker sees is the child sleeping out, not a danger named. Where the
// note reports an evaluation that found no danger (assessedSafe), only a need read from signs of
// violence still shows one.
func minorInDanger(folded string, f Facts, found []Detected, removed map[string]bool) (Detected, bool) {
	if f.Age <= 0 || f.Age >= 18 || removed["danger-enfant"] {
		return Detected{}, false
	}
	for _, d := range found {
		if d.Code == "danger-enfant" {
			return Detected{}, false
		}
	}
	for _, d := range found {
		if !slices.Contains(minorNeeds, d.Code) {
			continue
		}
		if assessedSafe.MatchString(folded) && !violenceSigns.MatchString(strings.Join(d.Evidence, " ")) {
			continue // an evaluation found no danger, and nothing here is a blow or a mark
		}
		n, _ := NeedByCode(Needs(), "danger-enfant")
		return Detected{
			Need: n, Evidence: append([]string{"mineur"}, d.Evidence...), Sentences: d.Sentences,
			Concepts: []string{"mineur en danger", "protection de l'enfance", "aide sociale à l'enfance", "accueil provisoire d'urgence", "information préoccupante"},
			Facets:   []Facet{{Text: "mineur", Concepts: []string{"mineur en danger", "protection de l'enfance", "aide sociale à l'enfance"}, Sentences: d.Sentences}},
		}, true
	}
	return Detected{}, false
}

// supportAfterAssessment reads the parents' need for support where an evaluation found no danger
// in what the note tells of a child (assessedSafe): "après évaluation la CRIP a conclu à l'absence
// de danger et classé", with a child who comes to school late and hungry, calls for the help the
// guide gives parents "lorsque les difficultés éducatives ne relèvent pas du danger".
func supportAfterAssessment(folded string, matches []Match, spans textSpans, found []Detected, removed map[string]bool, sentences, foldedSentences []string, sentenceMatches [][]Match, sentenceSpans []textSpans) []Detected {
	if removed["parentalite"] || !assessedSafe.MatchString(folded) || slices.ContainsFunc(found, func(d Detected) bool { return d.Code == "parentalite" || d.Code == "danger-enfant" }) {
		return found
	}
	danger, _ := NeedByCode(Needs(), "danger-enfant")
	ev := danger.evidenceAssessed(folded, matches, spans, false)
	if !ev.reveals() {
		return found
	}
	support, _ := NeedByCode(Needs(), "parentalite")
	d := Detected{Need: support, Evidence: ev.words, Concepts: supportConcepts}
	for i, fs := range foldedSentences {
		if se := danger.evidenceAssessed(fs, sentenceMatches[i], sentenceSpans[i], false); len(se.words) > 0 {
			d.Sentences = append(d.Sentences, sentences[i])
		}
	}
	return append(found, d)
}

// supportConcepts are the doctrine's words for the help parents get when there is no danger.
var supportConcepts = []string{"soutien à la parentalité", "aide éducative à domicile", "technicien de l'intervention sociale et familiale"}

// childViolence leaves out the need against violence in a couple or a family when the blows a
// note tells are a child's and no partner is named: "son père l'a frappé avec sa ceinture" calls
// for child protection (danger-enfant, read too), not the 3919 and a victims' association for
// a woman beaten by her partner. A caseworker who means both states it.
func childViolence(folded string, found []Detected) []Detected {
	child, violence := -1, -1
	for i, d := range found {
		switch d.Code {
		case "danger-enfant":
			child = i
		case "violences":
			if !d.Stated {
				violence = i
			}
		}
	}
	if child < 0 || violence < 0 || NamesPartner(folded) || AgainstHer(folded) {
		return found
	}
	return slices.Delete(found, violence, violence+1)
}

// AgainstHer reports whether a folded note tells violence the person says was done to her ("il
// m'a serrée hier soir devant la petite", "la prochaine fois il me tue"): hers, whoever the note
// names, not a child's, and a partner's though the note does not name him.
func AgainstHer(folded string) bool { return againstHer.MatchString(folded) }

var againstHer = regexp.MustCompile(`\b(?:il|elle) m'a (?:frappee?|serree?|battue?|giflee?|poussee?|etranglee?|menacee?|cognee?|tapee?)\b|\b(?:il|elle) (?:va )?me (?:tue|tuer|frappe|bat|cogne|tape)\b`)

// NamesPartner reports whether a folded note names a partner, present or past (a husband, a
// companion, an ex, a couple): where it does not, violence is not a couple's.
func NamesPartner(folded string) bool { return partnerWords.MatchString(folded) }

// partnerWords name a partner, present or past: also the man a woman is "séparée de M." from,
// and the father of her children (batch V), and the man she calls only « lui » ("c'est « lui »
// qui gère les comptes", batch BR; "« lui » avait encore ses clés", fresh16).
var partnerWords = regexp.MustCompile(`« ?lui ?»|\b(?:mari|epoux|epouse|femme|conjointe?|compagnon|compagne|concubine?|couple|ex|ex-\pL+|petit ami|petite amie|copain|copine|pacse|pacsee|conjuga\pL*|concubin\pL*)\b|\b(?:separee?s?|divorcee?s?) (?:de|d'avec) (?:m|monsieur|son|leur)\b|\ble pere (?:de|des) (?:ses|leurs) enfants\b`)
