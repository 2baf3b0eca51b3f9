package plan

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	socle "github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/retrieval/situation"
)

// Extractive drafts a plan from the doctrine's own sentences: the actionable ones (what to do,
// whom to contact, which form, which deadline) of the few documents that bear most on the case
// and on each of its needs, set in the order the methodology itself follows. A need no
// document bears on closely enough gets no step (the planner lists it as not covered) rather
// than steps from a document that only shares words with it. Each step quotes its sentence, so
// it is verifiable word for word. It needs no model and gives the same plan for the same case
// and doctrine.
type Extractive struct {
	Terms      Terms
	MaxSteps   int // 0 means 8
	PerSection int // steps drawn from one section of a document at most; 0: by the number of needs
	// wide draws candidates for a reader who chooses among them (Selector) rather than a plan:
	// twice the documents and two or three times the steps of each, from documents closer to
	// the floor; and the filters that read the note with rules (a variant, a stage, a
	// condition, someone else's duty, another need) are left to the reader, who reads the note
	// itself: with them, a perfect reader's plans cited a core document in 40 of the 64, their
	// mistakes hiding the right sentence (docs/plans.md, thirteenth round).
	wide bool
}

// Name identifies the generator in saved plans.
func (g *Extractive) Name() string { return "extractive" }

// candidate is a sentence that could become a step.
type candidate struct {
	passage    *Passage
	start, end int // in the passage's text
	text       string
	action     float64 // how much it reads as an instruction, 0 to 1
	relevance  float64 // how much it bears on the case
	need       string
	offTopic   bool // its section is about a need the case does not have
	// focus is how much the sentence itself speaks of the case (relevance.focus); -1 when the
	// context does not say how the case's words weigh.
	focus float64
	// after is the sentence this one follows in a guide ("La demande se fait en ligne…" after
	// "Vérifier l'ouverture des droits au RSA"), by its passage and start; "" for most.
	after string
	// inChapter: the sentence sits in a guide's chapter about a need the case shows, where
	// every sentence is about that need and the note's own words are not needed to tell so.
	inChapter bool
}

// at names a candidate's sentence by its passage and its place in it.
func (c *candidate) at() string { return c.passage.ID + "@" + strconv.Itoa(c.start) }

func (c *candidate) score() float64 {
	s := c.action * (0.25 + c.relevance) / (1 + 0.08*float64(c.passage.Rank))
	if c.offTopic {
		s *= 0.25
	}
	return s
}

// Generate drafts the plan.
func (g *Extractive) Generate(ctx context.Context, c *Context) (Draft, error) {
	if len(c.Needs) == 0 {
		// Without a need, the passages found are about the note's incidental words ("un bleu
		// au bras" brings the school allowance, "abri" a jet-ski's rules): steps from them
		// mislead more than an empty plan that asks for the need (ReasonNoNeed), which the
		// caseworker adds in one click. A model (Generator other than this one) may still
		// read what the note asks.
		return Draft{}, nil
	}
	maxSteps, perSection := g.MaxSteps, g.PerSection
	if maxSteps <= 0 {
		maxSteps = 8
	}
	if perSection <= 0 {
		// A case with one need may draw more of the one section about it; a case with many
		// needs spreads over more sections.
		perSection = min(max(maxSteps/max(len(c.Needs), 1), 2), 6)
	}
	caseTerms := weights(slices.DeleteFunc(g.Terms(c.Situation), timeTerms(g.Terms)))
	needTerms := map[string]map[string]float64{}
	for _, n := range c.Needs {
		// Distinct terms: a word that both the query and the evidence hold counts once.
		needTerms[n.Code] = weights(distinct(g.Terms(n.Query + " " + strings.Join(n.Concepts, " ") + " " + strings.Join(n.Evidence, " "))))
	}

	detected := map[string]bool{}
	for _, n := range c.Needs {
		detected[n.Code] = true
	}
	all := Needs()
	spread := distinctGuides(c.Passages) >= spreadGuides
	note := fold(c.Situation)
	young := speaksOfYouth(note)
	elderNamed := namesElder(note)
	// A guide's chapter or condition on violence in a couple is for a note that names a
	// partner: an old man's nephew who keeps his bank card, a father who hits his son, call for
	// other chapters.
	// Nor one whose violence a boss, a colleague, a neighbour or a stranger did, told without a
	// partner ("son patron… l'a frappé lors de l'explication", the note naming his companion
	// elsewhere; batch AZ).
	couple := (situation.NamesPartner(note) && !violenceByOthers(c.Needs)) || situation.AgainstHer(note)
	var cands []candidate
	for i := range c.Passages {
		if err := ctx.Err(); err != nil {
			return Draft{}, err
		}
		p := &c.Passages[i]
		text := p.Text()
		named, ours := sectionNeed(all, detected, p, !spread, &c.memo)
		off := named && !ours
		// In a guide, a chapter about a need the case shows may name another need's words in
		// passing ("le service communal d'hygiène et de santé" under "Logement indigne"): the
		// chapter says what the sentence is about.
		inOurChapter := !spread && ours
		// The headings are folded once for the passage, not once per sentence.
		headings := foldHeadings(p.Section.Path)
		path := strings.Join(headings, " ")
		if !spread && principles.MatchString(path) {
			// A guide's principles ("Principes de l'accompagnement": consent before any step
			// taken for the person, professional secrecy) hold for every case and are no step of
			// one: of the demo notes' authors, none listed one, and readers read them off (7
			// plans).
			continue
		}
		before, prevTaken := len(cands), false
		// underFailed: the sentences before, in the same paragraph of a guide, are under a
		// condition the case does not meet ("Lorsque le bailleur a fait délivrer une
		// assignation, prévenir… Conseiller à la personne de se présenter à l'audience."): a
		// guide's paragraph often keeps its condition until it states another.
		underFailed, prevEnd := false, 0
		// lead: a guide's statement held for the instruction after it ("Une personne sans
		// domicile stable doit disposer d'une adresse… Orienter vers le CCAS…"): the reason
		// the instruction gives itself, one step with it rather than a step of its own.
		lead := -1
		sentences := ingest.Sentences(text)
		for k, sp := range sentences {
			// Whether the sentence before became a candidate: "La demande se fait en ligne…"
			// is about what that sentence asked for.
			prevTaken, before = len(cands) > before, len(cands)
			s, e := trimMarker(text, sp.Start, sp.End)
			if s >= e {
				continue
			}
			sentence := text[s:e]
			f := fold(sentence)
			// held caches conditionsHold for the sentence: a guide's paragraphs read it first.
			held, heldKnown := false, false
			if !spread && c.rel != nil && !g.wide {
				if strings.Contains(text[min(prevEnd, s):s], "\n") {
					underFailed = false // a new paragraph, a list item
				}
				prevEnd = e
				if guideCondition.MatchString(withoutException(f)) {
					held, heldKnown = conditionsHold(g.Terms, c.rel, f), true
					underFailed = !held
				} else if underFailed && (off || c.rel.ownFocus(g.Terms(sentence)) < 2*minFocus) {
					// Unless it speaks of the case in its own words, two of them at least (one
					// is often a common word met by chance, "jour" in "accueil de jour"):
					// "Orienter vers le point conseil budget… les crédits en cours" after
					// "Lorsque l'endettement est durable" is for anyone with credits. In the
					// chapter of a need the case does not show, not even then: "Conseiller à la
					// personne de se présenter à l'audience" after an eviction's condition is no
					// step for a father before the family judge.
					continue
				}
			}
			// Read in its whole section: a list's announcement or the paragraph under a
			// heading line may lie outside the passage.
			if !c.memo.standsAlone(p, p.Span.Start+s, p.Span.Start+e) {
				continue
			}
			if isHeading(f, headings) || contraindicated(detected, f, path) {
				continue
			}
			if !spread && !couple && (strings.Contains(path, "conjuga") || strings.Contains(f, "conjuga")) {
				continue
			}
			follows := !spread && refersBack.MatchString(f)
			if follows && !prevTaken {
				// In a guide, the request of the sentence before, which does not apply.
				continue
			}
			a := c.memo.actionability(sentence)
			if follows {
				// What continues an instruction is one, in whatever mood it is written.
				a = max(a, 0.5)
			}
			if unfinishedStatement(sentence, a) {
				continue
			}
			if underEligibility(p.Section.Path) && !entitlement.MatchString(f) {
				a *= 0.4 // "Résider en France…" under "Conditions": who is entitled, not what to do
			}
			if a < 0.5 || len(sentence) < 25 || len(sentence) > 600 {
				continue
			}
			// A condition for the elderly may be for the old parent a carer's note names
			// ("sa mère, 84 ans"), whatever the age of the person who came.
			if !ageFits(sentence, c.Facts.Age, young) && !(elderNamed && forTheElderly(f)) {
				continue
			}
			if c.rel != nil && !g.wide && !c.rel.variantFits(p.Section.Path) {
				continue // the variant of someone the case says nothing of
			}
			if c.rel != nil {
				// "Permet de réaliser une demande d'Apa à Paris": a sentence of a place is for
				// its people, whatever heading it sits under; one of a renewal for someone who
				// holds what it renews.
				if !c.rel.person.fitsNamedPlace(f) || !g.wide && (!c.rel.person.fitsStage(f) || !c.rel.person.fitsWorker(f) || !c.rel.person.fitsChildrenAge(f) || !spread && !c.rel.holdsTopic(f)) {
					continue
				}
			}
			// A sentence is read with its headings: "Orienter vers le CCAS" says little until
			// one knows it sits under "Domiciliation".
			ts := append(g.Terms(sentence), headingTerms(g.Terms, p)...)
			if follows {
				a /= 2 // it follows its sentence, and does not come before it
			}
			cand := candidate{passage: p, start: s, end: e, text: sentence, action: a, offTopic: off, inChapter: inOurChapter}
			if follows {
				cand.after = cands[len(cands)-1].at()
			}
			cand.relevance = 1.5 * overlap(ts, caseTerms)
			best := 0.0
			for _, n := range c.Needs { // in order, so that ties go to the more urgent need
				if o := needOverlap(ts, needTerms[n.Code]); o > best+0.02 {
					best, cand.need = o, n.Code
				}
			}
			if best < minNeedOverlap {
				cand.need = "" // it answers no need in particular
			}
			// The need whose search found the passage keeps it unless another need's words
			// clearly fit the sentence better.
			if p.Need != "" && detected[p.Need] {
				if o := needOverlap(ts, needTerms[p.Need]); o >= minNeedOverlap/2 && o >= best-0.25 {
					best, cand.need = max(best, o), p.Need
				}
			}
			// The search's own judgment: what a query ranked first bears on the case, whatever
			// words it uses.
			cand.relevance += best + 0.4/float64(max(p.QueryRank, 1))
			cand.focus = -1
			if c.rel != nil {
				// A sentence of the right document may be for someone else: a condition the
				// note does not state ("Si vous êtes jugé en matière pénale, …"), another
				// person's duty, a request for what the person already has, a subject left in
				// the sentence before, another need (docs/plans.md, third round).
				if anaphoric.MatchString(f) || !g.wide && (!heldKnown && !conditionsHold(g.Terms, c.rel, f) || heldKnown && !held || c.rel.othersDuty(f) || c.rel.asksAgainFolded(sentence, f) || !inOurChapter && (namesOtherNeed(all, detected, f) || addressedToOtherNeed(all, detected, f))) {
					continue
				}
				cand.focus = c.rel.focus(g.Terms(sentence), cand.need)
				// A sentence that speaks of the case in its own words is on its topic,
				// whatever need its section's heading names ("Pour l'aide alimentaire,
				// orienter vers l'épicerie solidaire" under "Aides financières").
				//
				// In a guide, where a chapter is named after a need, it takes the note's own words:
				// "l'APA peut en financer une partie" under "Proches aidants" shares a notion with an
				// old woman's need, not what her note says. Two of them, as a condition failed
				// takes: one is often a common word met by chance ("déposé", of an FSL file, in
				// "a déposé une demande de logement social"; thirty-seventh round: 2 off-topic
				// steps of the notes tuned on fewer, 1 on).
				if cand.offTopic && !spread {
					cand.offTopic = c.rel.ownFocus(g.Terms(sentence)) < 2*minFocus
				} else {
					cand.offTopic = cand.offTopic && cand.focus < minFocus
				}
			}
			if lead >= 0 {
				if !strings.Contains(text[lead:s], "\n") {
					cand.start = lead
					cand.text = text[lead:e]
				}
				lead = -1
			}
			if !spread && !follows && (k == 0 || strings.Contains(text[sentences[k-1].End:s], "\n")) && k+1 < len(sentences) && leadsInstruction(text, s, e, sentences[k+1]) {
				lead = s
				continue
			}
			cands = append(cands, cand)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score() > cands[j].score() })

	// The plan is drawn from the few documents that bear most on the case (sections, when the
	// doctrine is one or two guides): the best one, the best of each need that the doctrine
	// supports, then the next ones while they stay close to the best. A document far below the
	// best brings more off-topic steps than answers (docs/plans.md).
	maxU, first, perNeed, extra, floor := maxUnits, perFirstUnit, perUnit, perExtraUnit, unitFloor
	if g.wide {
		maxU, first, perNeed, extra, floor = 2*maxUnits, 3*perFirstUnit, 3*perUnit, 2*perExtraUnit, unitFloor/2
	} else if !spread {
		first, perNeed = guidePerFirstUnit, guidePerUnit
	}
	picked := make([]bool, len(cands))
	perSec := map[string]int{}
	var chosen []*candidate
	chosenAt := map[string]bool{}
	take := func(i int) bool {
		c := &cands[i]
		key := c.passage.VersionID + "/" + c.passage.Section.ID
		if picked[i] || spread && perSec[key] >= perSection || len(chosen) >= maxSteps || nearDuplicate(g.Terms, c, chosen) {
			return false
		}
		if c.after != "" && !chosenAt[c.after] {
			return false // not without the sentence it follows
		}
		picked[i] = true
		chosenAt[c.at()] = true
		perSec[key]++
		chosen = append(chosen, c)
		// In a guide, the sentence that says how to do what this one asks ("La demande se
		// fait en ligne sur le site de la CAF" after "Vérifier l'ouverture des droits au RSA")
		// is the same step's second half: the step quotes both, as they stand in the passage.
		for last := c.at(); ; {
			j := slices.IndexFunc(cands, func(f candidate) bool { return f.after == last })
			if j < 0 || picked[j] {
				break
			}
			picked[j] = true
			last = cands[j].at()
			chosenAt[last] = true
			c.end = cands[j].end
			c.text = c.passage.Text()[c.start:c.end]
		}
		return true
	}
	unitOf := func(p *Passage) string {
		if spread {
			return p.GuideID
		}
		return p.VersionID + "/" + p.Section.ID
	}
	uScore := map[string]float64{}
	for i := range c.Passages {
		p := &c.Passages[i]
		uScore[unitOf(p)] = max(uScore[unitOf(p)], p.weight())
	}
	var units []string
	inUnits := map[string]bool{}
	for i := range cands {
		// A document only the whole situation's search found, and no need's, is about a
		// detail of the story ("sa fille lycéenne"), not about what the person needs.
		if len(c.Needs) > 0 && cands[i].passage.Need == "" && cands[i].passage.Score > 0 {
			continue
		}
		if u := unitOf(cands[i].passage); !inUnits[u] && !cands[i].offTopic {
			inUnits[u] = true
			units = append(units, u)
		}
	}
	sort.SliceStable(units, func(a, b int) bool { return uScore[units[a]] > uScore[units[b]] })
	type pick struct{ unit, need string }
	var picks []pick
	pickedUnit := map[string]bool{}
	addUnit := func(u, need string) {
		if !pickedUnit[u] && len(picks) < maxU {
			pickedUnit[u] = true
			picks = append(picks, pick{u, need})
		}
	}
	if len(units) > 0 {
		top := uScore[units[0]]
		addUnit(units[0], "")
		for _, n := range c.Needs {
			if !needSupported(c.Passages, n.Code) {
				continue
			}
			best, bestScore := "", 0.0
			for i := range cands {
				cd := &cands[i]
				// In a guide, outside the need's chapter, a sentence the need's words barely touch
				// ("Lors du premier entretien, le professionnel présente le service" for a bank
				// account blocked) does not make its document the need's.
				if cd.need != n.Code || cd.offTopic || !spread && !cd.inChapter && cd.focus >= 0 && cd.focus < 2*minFocus {
					continue
				}
				if s := cd.passage.needScore(n.Code); s > 0 && (best == "" || s > bestScore) {
					best, bestScore = unitOf(cd.passage), s
				}
			}
			if best != "" && uScore[best] >= needFloor*top {
				addUnit(best, n.Code)
			}
		}
		for _, u := range units[1:] {
			if uScore[u] >= floor*top {
				addUnit(u, "")
			}
		}
	}
	for k, pk := range picks {
		limit := perNeed
		switch {
		case k == 0:
			limit = first
		case pk.need == "":
			limit = extra
		}
		var idx []int
		for i := range cands {
			if unitOf(cands[i].passage) == pk.unit && !cands[i].offTopic {
				idx = append(idx, i)
			}
		}
		// The need the unit was chosen for first, then the sentences that speak most of the
		// case, then its most relevant passage, then the better sentence.
		sort.SliceStable(idx, func(a, b int) bool {
			x, y := &cands[idx[a]], &cands[idx[b]]
			if pk.need != "" && (x.need == pk.need) != (y.need == pk.need) {
				return x.need == pk.need
			}
			// A guide's section gives its instructions in the order its authors act on
			// them ("évaluer le danger", then "appeler le 17", then "mise à l'abri"): the
			// first ones that hold for the case, rather than those sharing most words with it.
			if !spread && !g.wide && x.passage.Section.Ordinal == y.passage.Section.Ordinal {
				return x.passage.Span.Start+x.start < y.passage.Span.Start+y.start
			}
			if x.focus >= 0 && x.focus*x.action != y.focus*y.action {
				return x.focus*x.action > y.focus*y.action
			}
			if x.passage.weight() != y.passage.weight() {
				return x.passage.weight() > y.passage.weight()
			}
			return x.score() > y.score()
		})
		// The best document of the case, or of a need, gives its best instruction, unless too
		// short to stand without its context ("Se munir de ses identifiants."); more steps,
		// and the steps of a document chosen only for being close to the best, must speak of
		// the case in their own words, not only sit in the right document.
		n := 0
		for _, i := range idx {
			if len(c.Needs) > 0 && cands[i].need == "" {
				continue // it answers none of the needs the case shows
			}
			// A reader who chooses (wide) is shown the document's other instructions too: it
			// can tell which apply, where the words of the case cannot.
			if cands[i].focus >= 0 && cands[i].focus < minFocus && (n > 0 && !g.wide && (spread || !cands[i].inChapter) || len(cands[i].text) < 40 || k > 0 && pk.need == "" && !g.wide) {
				continue
			}
			if n < limit && take(i) {
				n++
			}
		}
	}

	// The steps of an urgent need first (a child at risk, violence, no roof tonight): the
	// caseworker acts on them before anything else, whatever chapter of the guides says so.
	// Then the methodology's own order: guide by guide, section by section, sentence by sentence.
	urgent := map[string]bool{}
	for _, n := range c.Needs {
		urgent[n.Code] = n.Urgent
	}
	sort.SliceStable(chosen, func(i, j int) bool {
		a, b := chosen[i], chosen[j]
		if urgent[a.need] != urgent[b.need] {
			return urgent[a.need]
		}
		if a.passage.GuideID != b.passage.GuideID {
			return a.passage.Rank < b.passage.Rank
		}
		if a.passage.Section.Ordinal != b.passage.Section.Ordinal {
			return a.passage.Section.Ordinal < b.passage.Section.Ordinal
		}
		return a.passage.Span.Start+a.start < b.passage.Span.Start+b.start
	})
	var d Draft
	for _, c := range chosen {
		d.Steps = append(d.Steps, DraftStep{
			Action:    c.text,
			Rationale: strings.Join(c.passage.Section.Path, " › "),
			Need:      c.need,
			Citations: []DraftCitation{{PassageID: c.passage.ID, Quote: c.text}},
		})
	}
	return d, nil
}

// How a plan is drawn from the documents found, tuned on the tuning half of the situations
// development set (docs/plans.md).
const (
	maxUnits     = 4 // documents (or sections) a plan draws from
	perFirstUnit = 3 // steps from the document that bears most on the case
	perUnit      = 2 // steps from the best document of each need
	perExtraUnit = 1 // steps from a document chosen for being close to the best
	// In a guide, a section is a procedure whose sentences each say whom they are for (their
	// conditions are read): its instructions that hold are steps, in order, more than three of
	// them when the section has them (twenty-third round: 3 → 6 gave 11 judged sentences more
	// on the notes tuned on, for one step off their topic more).
	guidePerFirstUnit = 6
	guidePerUnit      = 3
	unitFloor         = 0.5 // a further document must bear on the case at least this much of the best
	needFloor         = 0.3 // the best document of a need, this much of the best: below, the need is not covered
	// minFocus is the weight of the case's words a step beyond a document's first must hold
	// (relevance.focus, in units of the case's rarest word): about one word of the case that
	// is not common.
	minFocus = 0.25
)

// weight is how much a passage bears on the case: its score when the planner scored it, its
// place in the context otherwise.
func (p *Passage) weight() float64 {
	if p.Score > 0 {
		return p.Score
	}
	return 1 / float64(rankK+max(p.Rank, 1))
}

// needSupported reports whether some passage bears on a need nearly as much as the best
// passage bears on the case: a need whose best passages are far below is not answered by the
// guides, whatever words they share with it.
func needSupported(ps []Passage, need string) bool {
	top, best := 0.0, 0.0
	for i := range ps {
		top = max(top, ps[i].weight())
		best = max(best, ps[i].needScore(need))
	}
	return best > 0 && best >= needFloor*top
}

func distinctGuides(ps []Passage) int {
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.GuideID] = true
	}
	return len(seen)
}

// minNeedOverlap is the share of a need's query words a sentence (with its headings) must
// share to count as answering that need.
const minNeedOverlap = 0.2

// offTopic reports whether a passage's section is about a need the case does not show. The
// deepest heading that names a need decides: "Organiser une mise à l'abri" under "Violences
// conjugales" is for victims of violence; "Victime de violences conjugales", a variant of a
// fiche on unemployment benefit, is for them too, whatever the fiche's title names;
// "Licenciement pour inaptitude" names employment rights, a need of a case about them.
//
// In a methodology guide (guide), a heading also names a need by the words guides name its
// chapter with ("Personnes étrangères", situation.Need.NamesChapter).
func offTopic(all []Need, detected map[string]bool, p *Passage, guide bool) bool {
	named, ours := sectionNeed(all, detected, p, guide, nil)
	return named && !ours
}

// sectionNeed reports whether the deepest heading of a passage that names a need names one
// (named), and one the case shows (ours). memo, when not nil, keeps what each heading names.
func sectionNeed(all []Need, detected map[string]bool, p *Passage, guide bool, memo *docMemo) (named, ours bool) {
	path := p.Section.Path
	for i := len(path) - 1; i >= 0; i-- {
		codes := memo.needsNamed(all, fold(path[i]), guide)
		for _, c := range codes {
			ours = ours || detected[c]
		}
		if len(codes) > 0 {
			return true, ours
		}
	}
	return false, false
}

func headingTerms(terms Terms, p *Passage) []string {
	return terms(strings.Join(p.Section.Path, " "))
}

// The age conditions doctrine puts on a person: "Pour un jeune de 16 à 25 ans…", "Pour une
// personne de plus de 25 ans…". Conditions on someone else ("les enfants de moins de six ans")
// do not start this way and are left alone.
var (
	ageRange = regexp.MustCompile(`^pour (?:un|une) (?:jeune|personne|adulte|femme|homme|majeur|mineur)[^,]*? de (\d+) a (\d+) ans`)
	ageOver  = regexp.MustCompile(`^pour (?:un|une) (?:jeune|personne|adulte|femme|homme|majeur)[^,]*? de plus de (\d+) ans`)
	ageUnder = regexp.MustCompile(`^pour (?:un|une) (?:jeune|personne|adulte|femme|homme|mineur)[^,]*? de moins de (\d+) ans`)
	// "Lorsqu'une personne âgée vit isolée": for someone of elderlyAge or more. So is the CLIC, the
	// local centre for the elderly: the demo notes' authors listed it for none of four people of
	// 24 to 58; the blind readers read it off for two (24, 57), on for two (56, 58).
	elderly = regexp.MustCompile(`\b(?:lorsqu'une|lorsque la|pour une|pour la|si la|quand une|quand la) personne agee\b|\bcentre local d'information et de coordination\b`)
	// "Pour une personne de 60 ans ou plus": the bound is in.
	ageAtLeast = regexp.MustCompile(`^pour (?:un|une) (?:personne|adulte|femme|homme|majeur)[^,]*? de (\d+) ans (?:ou plus|et plus)`)
)

// ageFits reports whether a sentence's condition on the person's age, if any, holds for age
// (unknown when 0). An unknown age fits a condition for the young only when the note speaks of
// youth (young): "Pour un jeune de 16 à 25 ans" is not for a man whose note gives no age and
// nothing young.
func ageFits(sentence string, age int, young bool) bool {
	f := fold(sentence)
	if age == 0 {
		if m := ageRange.FindStringSubmatch(f); m != nil && atoi(m[2]) <= youngMax {
			return young
		}
		// "Pour une personne de plus de 25 ans" is not for a note about a young person whose
		// age it did not read as the person's ("Appel de la gérante, qui a Bilal (19 ans,
		// CEJ) à l'essai", batch Y).
		if m := ageOver.FindStringSubmatch(f); m != nil && atoi(m[1]) >= 25 && young {
			return false
		}
		if m := ageUnder.FindStringSubmatch(f); m != nil && atoi(m[1]) <= youngMax {
			return young
		}
		return true
	}
	if m := ageRange.FindStringSubmatch(f); m != nil {
		return atoi(m[1]) <= age && age <= atoi(m[2])
	}
	if m := ageOver.FindStringSubmatch(f); m != nil {
		return age > atoi(m[1])
	}
	if m := ageAtLeast.FindStringSubmatch(f); m != nil {
		return age >= atoi(m[1])
	}
	if elderly.MatchString(f) {
		return age >= elderlyAge
	}
	if m := ageUnder.FindStringSubmatch(f); m != nil {
		return age < atoi(m[1])
	}
	return true
}

// namesElder reports whether a note gives someone an age of elderlyAge or more.
func namesElder(folded string) bool {
	for _, m := range agesNamed.FindAllStringSubmatch(folded, -1) {
		if age := atoi(m[1]); age >= elderlyAge && age < 120 {
			return true
		}
	}
	return false
}

var agesNamed = regexp.MustCompile(`\b(\d{2,3})\s*ans\b`)

// forTheElderly reports whether a sentence's condition is an age of elderlyAge or more.
func forTheElderly(folded string) bool {
	if elderly.MatchString(folded) {
		return true
	}
	for _, re := range []*regexp.Regexp{ageAtLeast, ageOver} {
		if m := re.FindStringSubmatch(folded); m != nil && atoi(m[1]) >= elderlyAge {
			return true
		}
	}
	return false
}

// elderlyAge is the age from which the doctrine's "personne âgée" is one (the APA's 60).
const elderlyAge = 60

// youngMax is the highest upper age bound of a condition for the young (the mission locale's
// 25, the young adults' contracts' 21).
const youngMax = 30

// theirTeens are the person's children told by their age group ("2 ados au collège", "ses deux
// adolescents"): youth of someone else's. "Mme T. sans emploi, 2 ados au collège" is no young
// woman for the mission locale (of 13 notes naming teenagers so, no author listed it, batch BQ).
var theirTeens = regexp.MustCompile(`(?:\b\d+|\bdeux|\btrois|\bquatre|\bses|\bleurs|\bdes) (?:enfants? )?(?:ados?|adolescente?s?|collegien(?:ne)?s?|lyceen(?:ne)?s?)\b`)

// speaksOfYouth reports whether a folded note tells of a young person whose age it does not
// give, its teenage children aside.
func speaksOfYouth(note string) bool {
	return youthWords.MatchString(theirTeens.ReplaceAllString(note, ""))
}

// youthWords are what a note says of a young person whose age it does not give.
var youthWords = regexp.MustCompile(`\b(?:jeunes?|etudiante?s?|lyceen(?:ne)?s?|collegien(?:ne)?s?|apprentie?s?|mineure?s?|ados?|adolescente?s?|majeure? depuis|sortie? de l'ase|jeune majeure?|mission locale|cej|contrat d'engagement jeune)\b`)

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// trimMarker drops a list marker ("- ", "• ", "1. ", "a) ") at the start of a sentence.
func trimMarker(text string, s, e int) (int, int) {
	if m := listMarker.FindStringIndex(text[s:e]); m != nil {
		s += m[1]
	}
	return s, e
}

var listMarker = regexp.MustCompile(`^(?:[-•*–]|\d{1,2}[.)]|[a-z][.)])\s+`)

// The shapes of an instruction in French procedure texts, matched on folded text.
var (
	// An opening clause that sets the occasion: "Pour une personne sans domicile, …",
	// "Lorsque le bailleur a…, …", "En cas de danger immédiat, …", "Dès le premier impayé, …",
	// a list in brackets inside it ("Lorsque le logement présente des signes (humidité,
	// moisissures), …").
	// Whole words only: "Signaler le logement au SCHS, qui peut…" opens on no clause ("si").
	leadClause = regexp.MustCompile(`^(?:(?:pour|lorsque|quand|si|s'ils?|des|avant|apres|au|aux|a|dans|en|face)\b|lorsqu'|en cas d)(?:[^,;:()]|\([^()]*\)){0,200},\s*`)
	moreLead   = regexp.MustCompile(`^(?:ou|et)\s+(?:(?:lorsque|quand|si|s'ils?|des|avant|apres|dans)\b|lorsqu'|en cas d)(?:[^,;:()]|\([^()]*\)){0,200},\s*`)
	// An infinitive opening the sentence: "Vérifier…", "Orienter…", "Ne pas…".
	// An object pronoun may come first: "L'orienter vers…", "lui proposer…", "les accompagner".
	infinitive = regexp.MustCompile(`^(?:ne pas |n'|ne |se |s'|l'|le |la |les |lui |leur |y |en |me |m')*([a-z]+(?:er|ir|re|oir))\b`)
	// An obligation or an opening, also in the second person of texts written for the public:
	// "doit", "il convient de", "est tenu de", "vous devez", "vous pouvez", "il est possible de".
	obligation = regexp.MustCompile(`\b(?:doit|doivent|il convient|il faut|est tenue?s?|sont tenue?s?|vous devez|vous pouvez|vous devrez|vous pourrez|il est (?:possible|conseille|recommande|necessaire) de|la demande (?:doit|se fait|peut))\b`)
	// An imperative of the public's texts: "Adressez-vous…", "Contactez…", "Renseignez-vous…".
	imperative = regexp.MustCompile(`^(?:ne |n')?[a-z]{3,}ez\b`)
	// A professional as subject of an action: "le travailleur social oriente…", "la
	// responsable de secteur peut accorder…".
	agentAction = regexp.MustCompile(`\b(?:le|la|les|chaque|tout|toute|l')\s*(?:travailleu(?:r|se)|professionnel(?:le)?|referent(?:e)?|intervenant(?:e)?|assistant(?:e)?|educat(?:eur|rice)|conseill(?:er|ere)|responsable|equipe|service|commission|psychologue|medecin)s?\b(?:[\s,']+qui(?:[\s,']+[\p{L}\d-]+){1,16}?)?(?:[\s,']+[\p{L}\d-]+){0,6}?[\s,']+(?:peut (?:etre )?|peuvent )?(?:veille|propose|proposer|oriente|orienter|transmet|transmettre|saisit|saisir|informe|informer|accompagne|verifie|redige|elabore|recoit|remplit|signale|previent|contacte|sollicite|evalue|organise|recueille|explique|presente|remet|conseille|aide|relit|rencontre|accorde|accorder|demande|demander)\b`)
	// Concrete means: a number to call, a form, a deadline, a place to apply.
	concrete = regexp.MustCompile(`\b(?:115|119|3919|17|114|112|15|cerfa|formulaire|dossier|delai|dans les? (?:\d+|deux|trois|quatre|cinq|six|huit|quinze)|jours?|mois|aupres d|en ligne|numero|rendez-vous|attestation|justificatif)`)
)

// anaphoric opens a sentence whose subject is in the sentence before ("Il est tenu au paiement
// du loyer…", "Il ne doit alors pas s'écouler…", "Par l'apprenti qui doit…", "Leur accord doit
// être écrit…"), or whose place is ("La banque doit y préciser…"): out of its context, a step
// that does not say whom, what or where it is about. "Il faut", "Il convient", "Il est possible
// de" are impersonal and stay.
var anaphoric = regexp.MustCompile(`^(?:(?:il|elle|ils|elles|celle-ci|celui-ci|celles-ci|ceux-ci|cette derniere|ce dernier)\s+(?:ne\s+|n')?(?:doit|doivent|est tenue?|sont tenue?s|peut|peuvent|a|ont)\b|vous (?:pouvez|devez|pourrez|devrez) (?:le|la|les|l'|y) (?:faire|effectuer|envoyer|deposer|adresser|remplir)\b|par\s+[^,]*$|leurs?\s+[\p{L}-]+\s+(?:ne\s+|n')?(?:doit|doivent|est|sont|peut|peuvent)\b)|^[^,;:]{0,60}?\b(?:doit|doivent|peut|peuvent|pouvez|devez|pourrez|devrez) y (?:preciser|joindre|deposer|faire|figurer|mentionner|indiquer|inscrire|acceder|envoyer|adresser|presenter|retrouver|trouver|consulter|ajouter|apposer|rencontrer|recevoir|obtenir|demander|signaler|repondre)\b`)

// namesOtherNeed reports whether a sentence names, by a need's own words, a need the case does
// not show: "renseignez-vous auprès de votre MDPH" in the fiche of an old-age benefit is for a
// disabled person, "vous pouvez demander la complémentaire santé solidaire" for someone whose
// difficulty is health costs.
func namesOtherNeed(all []Need, detected map[string]bool, folded string) bool {
	folded = withoutException(folded)
	other := false
	for i := range all {
		if all[i].Code == "ressources" {
			continue // an amount or a means test is in every benefit's text, whatever it is for
		}
		if all[i].MatchesStrongly(folded) {
			if detected[all[i].Code] {
				return false // it names one of the case's needs too
			}
			other = true
		}
	}
	return other
}

// addressee is whom a sentence sends its reader to: "renseignez-vous auprès de votre MDPH",
// "adressez-vous au CCAS", "contactez la Caf".
var addressee = regexp.MustCompile(`\b(?:aupres d(?:e|u|es)|adressez-vous a(?:u|ux)?|contactez|contacter|saisissez|s'adresser a(?:u|ux)?)\s+(?:la |le |l'|les |votre |vos |son |sa |ses |un |une )?((?:[^\s,;:.()]+\s*){1,5})`)

// addressedToOtherNeed reports whether a sentence sends the person to the body of a need the
// case does not show, whatever else it names: "Avant de faire votre demande, renseignez-vous
// auprès de votre MDPH" in the fiche of the old-age minimum is for a disabled person, even
// though it names the old-age minimum too (namesOtherNeed lets it pass for that).
func addressedToOtherNeed(all []Need, detected map[string]bool, folded string) bool {
	for _, m := range addressee.FindAllStringSubmatch(folded, -1) {
		other := false
		for i := range all {
			if all[i].Code == "ressources" || !all[i].MatchesStrongly(m[1]) {
				continue // the Caf or a means test are every benefit's, whatever it is for
			}
			if detected[all[i].Code] {
				other = false
				break
			}
			other = true
		}
		if other {
			return true
		}
	}
	return false
}

// exceptionClause is what a sentence leaves out ("Vous avez droit à la rente sauf si vous avez
// été condamné pour un motif familial"): neither a condition the note must state nor another
// need the sentence is about.
var exceptionClause = regexp.MustCompile(`\bsauf (?:si|s'il|s'ils|en cas d|lorsque|lorsqu'|quand|pour)\b[^.;]*`)

func withoutException(folded string) string {
	if !strings.Contains(folded, "sauf ") {
		return folded
	}
	return exceptionClause.ReplaceAllString(folded, "")
}

// conditionClause is a condition on who or when a sentence is for: "Si vous êtes jugé…",
// "lorsque vous ne pouvez pas être indemnisé…", "en cas d'infraction…", up to the clause's end;
// or the harm a remedy is for ("demander l'indemnisation pour une atteinte grave à vos biens").
var conditionClause = regexp.MustCompile(`(?:^|[\s,;(])(?:` + conditionLeads + `)\b[^,;:.()]{0,200}`)

const conditionLeads = `si|s'il|s'ils|lorsque|lorsqu'|quand|en cas (?:de|d')|des que|des lors que|en tant que|pour (?:un|une|des) (?:dommages?|atteintes?|prejudices?|incapacites?|pertes?|sinistres?)`

// guideCondition adds, for a methodology guide, the occasions and the lacks a professional's
// instruction is for: "Dès le premier impayé de loyer, …", "Après une chute ou une
// hospitalisation, …", "Pour une personne sans couverture maladie, …", "à toute personne dont
// les ressources sont faibles".
// Fiches written to the public use the same words for a timeline ("Dès la naissance, la
// déclaration…") more than for whom a step is (measured: one plan fewer of the 64 citing a
// core document when fiches are read so).
var guideCondition = regexp.MustCompile(`(?:^|[\s,;(])(?:` + conditionLeads + `|des (?:le|la|les|l')|apres (?:une?|la|le|l'|sa|son)|pour (?:une|un|toute|tout) (?:personnes?|jeunes?|familles?|foyers?|femmes?|hommes?) sans|(?:a|pour) toute personne dont)\b[^,;:.()]{0,200}`)

// conditionLead is the connective a condition opens on, not part of it; "dès le premier
// impayé" holds for any arrears, the first or the fourth.
var conditionLead = regexp.MustCompile(`^[\s,;(]*(?:si|s'il|s'ils|lorsque|lorsqu'|quand|en cas (?:de|d')|des que|des lors que|en tant que|des (?:le|la|les|l')\s*(?:premiere?s?\b)?|apres|pour (?:une|un|toute|tout) \S+ sans|(?:a|pour) toute personne dont|pour (?:un|une|des))`)

// neutralVerb says how what a condition is about comes to be known, or that the person has it,
// and is not part of it: "lorsqu'une personne révèle des violences conjugales" holds when a
// neighbour reports the blows, "lorsque la personne présente un handicap" for a multiple
// sclerosis.
var neutralVerb = regexp.MustCompile(`\b(?:revelent|revele|evoquent|evoque|signalent|signale|confient|confie|(?:fait|font) etat (?:de |d')|declarent|declare|rapportent|rapporte|(?:dit|disent) subir|exprime|presentent|presente|souffrent (?:de |d')|souffre (?:de |d')|(?:est|sont) atteinte?s? (?:de |d'))`)

// genericSubject is whom every instruction of a guide is about, which no note says: "lorsqu'une
// personne révèle…" is about what she reveals.
var genericSubject = regexp.MustCompile(`^\s*(?:une|la|toute) personnes?\b`)

// atHome is where a household's people live, which any note of a household meets: "lorsque des
// enfants vivent au domicile" holds for "ils ont deux enfants, 3 ans et un bébé".
var atHome = regexp.MustCompile(`\b(?:vit|vivent|habite|habitent|sont|est) (?:au domicile|a la maison|au foyer|sous le meme toit)\b`)

// whenNeeded leaves a step to the caseworker's judgment, no condition on the person: "si
// nécessaire une information préoccupante", "si besoin", "si possible"; "en cas de besoin de
// soins urgents" is one.
var whenNeeded = regexp.MustCompile(`^[\s,;(]*(?:si|s'il (?:le )?faut|en cas de) (?:necessaire|besoin|possible|utile)(?:\s*$|\s+(?:une?|le|la|les|l'|a|au|aux|et|pour)\b)`)

// supportStage is a condition on where the person is in a support or a right: oriented,
// followed, registered, a beneficiary, a contract signed.
var supportStage = regexp.MustCompile(`^\s*(?:(?:est|sont|a ete|ont ete)\s+(?:orientee?s?|suivie?s?|accompagnee?s?|inscrite?s?|beneficiaires?|allocataires?|titulaires?)|beneficie|beneficient|percoit|percoivent|a signe|ont signe)\b`)

// aboutToLapse: a condition on a right or a paper that ends or is renewed.
var aboutToLapse = regexp.MustCompile(`\b(?:expir\w*|renouvel\w*|perime\w*|suspendu\w*|arrive a (?:son )?terme|prend fin)\b`)

// served: a condition on a paper served or received.
var served = regexp.MustCompile(`\b(?:a fait delivrer|a delivre|a recu|a ete delivre\w*|est delivre\w*|notifie\w*)\b`)

// lacksServed reports whether a condition on a paper served ("le bailleur a fait délivrer un
// commandement de payer") names, after its verb, what the note says the person has not received
// ("pas de commandement"): who serves it ("le bailleur") may be lacked for other reasons.
func (r *relevance) lacksServed(condition string) bool {
	loc := served.FindStringIndex(condition)
	return loc != nil && slices.ContainsFunc(r.terms(condition[loc[1]:]), func(t string) bool { return r.lacking[t] })
}

// surrounded: someone lives with the person, or comes or calls every day.
var surrounded = regexp.MustCompile(`\b(?:passe|passent|vient|viennent|appelle|appellent|telephone|telephonent)\s+(?:la voir\s+|le voir\s+)?(?:tous les (?:jours|soirs|matins)|chaque (?:jour|soir|matin))\b|\bs'est installee? chez (?:elle|lui)\b|\bvit (?:avec|chez) (?:sa|son|ses) (?:fille|fils|enfants|petit-fils|petite-fille|neveu|niece|soeur|frere)\b|\bvit (?:avec|chez) (?:eux|nous|sa famille|leur famille)\b|\bvivent avec (?:elle|lui)\b`)

// relativeActs is a relative who calls, asks or acts for the person ("appel du fils de M. R.",
// "appelle pour son oncle", "VAD à la demande de sa fille", "sa nièce demande ce qu'elle peut
// faire"): whoever the note is about has someone, whatever else (money taken, memory lost) it
// tells, unless the note says she sees no one ("elle ne voit plus personne de la semaine").
// Of the demo notes' authors, one of eight wanted the volunteers' visits for such a note, and
// it said so (docs/plans.md, twenty-ninth round).
var relativeActs = regexp.MustCompile(`\b(?:appel|mail|courriel|message)\s+(?:de|du|de la)\s+(?:son |sa )?(?:fils|fille|niece|neveu|frere|soeur|petit-fils|petite-fille|gendre|belle-fille)\b|\ba la demande de (?:sa|son) (?:fille|fils|niece|neveu)\b|\b(?:appelle|appelait|telephone|ecrit|vient) pour (?:son|sa) (?:pere|mere|oncle|tante|grand-pere|grand-mere|frere|soeur)\b|\bm'a parle de (?:son|sa) (?:pere|mere|oncle|tante)\b|\b(?:niece|neveu) de\b|\b(?:fils|fille|niece|neveu|enfants) (?:est prete?|sont prets|demande\w*|voudrai\w*|veu\w+|souhaite\w*)\b`)

// seesNoOne is a note saying the person sees no one, whoever calls for her.
var seesNoOne = regexp.MustCompile(`\bne voit (?:plus )?personne\b|\baucune visite\b|\bpersonne ne (?:vient|passe)\b|\bsolitude\b|\bse sent (?:tres )?seule?\b`)

// isolation: what says the person is alone besides the facts read ("vit seule" is one): no
// family around, no visit, a home far from all.
var isolation = regexp.MustCompile(`\bisole\w*|\bsolitude\b|\bseule? (?:au|dans|chez elle|chez lui|a la maison)\b|\bpas de famille\b|\bplus de famille\b|\baucune famille\b|\bne voit (?:plus )?personne\b|\baucune visite\b|\bn'a plus personne\b|\bpersonne ne (?:vient|passe|l'attend\w*)\b|\bveuf\b|\bsans enfants?\b|\bpas d'enfants?\b`)

// cutOff is what shows an old person cut off from others, beyond living alone: no one who
// comes or is there, no family, a life within four walls ("ne sort plus", "la voisine lui monte
// le pain"), relatives who come no more, only at weekends, or live elsewhere. Of the notes tuned
// on (A–AI) that the visits of volunteers were given to or judged for, the authors listed it for
// 26 of 33 that tell so, and for none of 11 that only say the person is alone, widowed or old
// (thirty-third round): a woman abused, a man back from hospital with help at home, a wife who
// cares for her husband are not lonely for that.
var cutOff = regexp.MustCompile(seesNoOne.String() + `|\bpersonne ne l'attend\w*|\bpersonne n'est (?:venu|passe)\b|\bne sort plus\b|\bne descend plus\b|\b(?:pas de|aucune|plus de) famille\b|\bn'a plus personne\b|\bjournees (?:sont )?longues\b|\b(?:lui|leur) monte\b|\bisolee?\b|\btout seul\b|\b(?:sans|pas d')\s*enfants?\b|\bne (?:vient|viennent|passe|passent) (?:plus|que|qu')|\b(?:fille|fils|enfants?|neveu|niece|soeur|frere)\b[^.;]{0,25}?\b(?:(?:habite|habitent)\s+(?:a |au |en |aux )?[a-z]|(?:vit|vivent|installee?s?) (?:a|au|en|aux) [a-z])`)

// isolated is a condition of living alone or cut off: "lorsqu'une personne âgée vit isolée",
// "si la personne est isolée".
// rentProcedureWords are the acts of a landlord's procedure (a demand to pay, a summons, an
// eviction).
const rentProcedureWords = `\bcommandement\b|\bassign\w*|\bhuissier\b|\bcommissaire de justice\b|\bexpulsion\b`

// courtNamed is a note that tells a procedure: a demand, a summons, a bailiff, a hearing (a
// family judge's included).
var courtNamed = regexp.MustCompile(rentProcedureWords + `|\baudience\b|\btribunal\b`)

// lastingDebt is the condition of a lasting debt; debtLasts a note that tells one; debtOver a
// note that says the debts are over ("plan terminé en janvier, plus aucun crédit aujourd'hui").
var (
	debtOver    = regexp.MustCompile(`\bplus (?:aucun|de) credits?\b|\bplus (?:aucune|de) dettes?\b|\bplan (?:de surendettement )?termine\b|\bdettes? (?:soldee|reglee|apuree|effacee)s?\b`)
	lastingDebt = regexp.MustCompile(`\bendettement est durable\b`)
	debtLasts   = regexp.MustCompile(`\bdepuis (?:des annees|des mois|plusieurs (?:annees|mois)|(?:deux|trois|quatre|cinq|six|sept|huit|dix|\d+) ans)\b|\b(?:plusieurs|deux|trois|quatre|cinq|six|sept|huit|\d+) credits?\b|\bcredits? renouvelables?\b|\bcredits? (?:pour (?:payer|rembourser)|avec) (?:l'autre|un autre|les autres)\b|\bun credit (?:pour|avec) (?:payer )?(?:l'autre|un autre)\b|\bsurendett\w*|\bdecouvert (?:permanent|depuis|chaque mois|tous les mois)\b|\btoujours a decouvert\b`)
)

// failing is a condition on a failure of the person's: a commitment not kept; failed a note
// that tells one.
var (
	failing = regexp.MustCompile(`\bnon[- ]respect\w*|\bmanquements?\b`)
	failed  = regexp.MustCompile(`\bnon[- ]respect\w*|\bmanquements?\b|\bn'(?:a|ont) pas (?:respecte|tenu)\b|\bpas (?:respecte|tenu)e?s?\b|\bsanction\w*|\bradiee?s?\b|\bradiation\b|\bechec\b`)
)

// childrenAtHome is a condition on children in the household; childless a note that says there
// are none.
var (
	childrenAtHome = regexp.MustCompile(`\benfants? (?:vit|vivent|sont|est|presents?)\b`)
	childless      = regexp.MustCompile(`\b(?:sans|pas d'|aucun|n'a pas d'|n'ont pas d'|n'a jamais eu d')\s*enfants?\b|\b(?:ses|leurs|les) (?:deux |trois |quatre |\d )?enfants (?:sont )?(?:tous )?majeurs\b`)
)

var isolated = regexp.MustCompile(`\b(?:vit|vivent|est|sont)\s+(?:isolee?s?|seule?s?)\b`)

// caseworkerMoment is a time of the support itself ("dès le premier entretien", "lors du
// premier accueil"), which every case reaches.
var caseworkerMoment = regexp.MustCompile(`^\s*(?:le |la |l')?(?:premier |premiere )?(?:entretien|accueil|rendez-vous|contact|rencontre|diagnostic)\b`)

// lack is a condition on what the person lacks: "pour une personne sans couverture maladie".
var lack = regexp.MustCompile(`^[\s,;(]*pour (?:une|un|toute|tout) \S+ sans\b`)

// examples are what a condition lists in brackets right after it: "des signes d'insalubrité
// (humidité, moisissures, nuisibles)".
var examples = regexp.MustCompile(`^\s*\(([^()]{1,300})\)`)

// exampleHeld reports whether one of the examples in brackets that follow a condition (rest is
// the sentence after it) holds for the case: a note that says "moisissures" meets "des signes
// d'insalubrité (humidité, moisissures…)".
func exampleHeld(r *relevance, rest string, notions map[string]float64) bool {
	m := examples.FindStringSubmatch(rest)
	if m == nil {
		return false
	}
	for _, ex := range strings.Split(m[1], ",") {
		ex = strings.TrimSpace(ex)
		if ex == "" {
			continue
		}
		// An example that is a lack ("absence de chauffage") holds when the note says the
		// lack, not when it names the heating the person has.
		if l := exampleLack.FindString(ex); l != "" {
			if !r.spread && r.saysLacking(ex[len(l):]) {
				return true
			}
			continue
		}
		if r.held(ex, notions) {
			return true
		}
	}
	return false
}

// exampleLack opens an example that is a lack: "absence de chauffage", "manque d'eau chaude".
var exampleLack = regexp.MustCompile(`^(?:absence|manque|defaut|pas|sans)\s*(?:de |d'|du |des )?`)

// conditionsHold reports whether every condition a sentence (folded) puts on its reader holds
// for the case (relevance.held): "Si vous êtes titulaire d'un permis probatoire" is for someone
// else unless the caseworker wrote "probatoire".
func conditionsHold(terms Terms, r *relevance, folded string) bool {
	clause := conditionClause
	if !r.spread {
		clause = guideCondition
	}
	f := withoutException(folded)
	locs := clause.FindAllStringIndex(f, -1)
	// A condition joined to the one before by "ou" is its alternative ("lorsque la demande
	// dépasse le délai anormalement long, ou en cas de logement indigne…"): either holds.
	for k := 0; k < len(locs); {
		holds, j := false, k
		for ; j < len(locs) && (j == k || alternative.MatchString(f[locs[j-1][1]:locs[j][0]+1])); j++ {
			holds = holds || clauseHolds(terms, r, f, locs[j])
		}
		if !holds {
			return false
		}
		k = j
	}
	return true
}

// suspected is a suspicion's object, before whom it concerns; abuseSign is what a folded note
// tells of abuse: harm, money taken or withdrawn, papers signed, someone's hold, neglect.
var (
	suspected = regexp.MustCompile(`\bsuspicion (?:de |d')(.*?)(?:\s+(?:envers|a l'egard|chez|aupres)\b.*)?$`)
	abuseSign = regexp.MustCompile(`\b(?:maltrait\w*|abus\w*|escroqu\w*|arnaqu\w*|volee?s?|vole|vols?|retir\w*|retraits?|argent|carte bancaire|cheq\w*|coups?|frapp\w*|gifl\w*|bleus?|hematomes?|marques|enferm\w*|insult\w*|menac\w*|neglig\w*|delaiss\w*|profit\w*|emprise|prend tout|procuration|signe\w*|demarch\w*|sale|souill\w*|avec sa carte|garde\w* (?:la monnaie|l'argent|son argent|sa carte))\b`)
)

// alternative is what lies between two conditions one of which suffices: ", ou ".
var alternative = regexp.MustCompile(`^\s*,?\s*ou\s*[\s,;(]?$`)

// clauseHolds reports whether one condition of a sentence (folded, at loc) holds for the case.
func clauseHolds(terms Terms, r *relevance, f string, loc []int) bool {
	// The connective is not the condition: "en tant que" stems like "tante".
	whole := f[loc[0]:loc[1]]
	m := conditionLead.ReplaceAllString(whole, "")
	if !r.spread {
		// In a guide, how a fact came to be known, where a household lives and whom
		// every instruction is about are no conditions on the case.
		m = genericSubject.ReplaceAllString(atHome.ReplaceAllString(neutralVerb.ReplaceAllString(m, ""), ""), "")
	}
	if !r.spread && supportStage.MatchString(m) {
		// A stage of the support the person is at ("lorsque la personne est orientée vers
		// un accompagnement social") is what the note says of her, not what its needs
		// imply: a man with no income at his first visit is not yet oriented.
		if !r.heldBy(m, r.says, nil) {
			return false
		}
		return true
	}
	if !r.spread && r.rentPaid && strings.Contains(m, "impaye") {
		return false // "dès le premier impayé de loyer" is not for a tenant whose rent is paid
	}
	if !r.spread && isolated.MatchString(m) {
		// An old man who cares for his wife does not live isolated, nor a woman whose
		// daughter comes every evening or whose grandson lives with her; one who lives
		// alone, or has no family around, does.
		if r.person.facts.Couple && !r.person.facts.Alone || surrounded.MatchString(r.person.text) || !r.person.facts.Alone && !isolation.MatchString(r.person.text) ||
			relativeActs.MatchString(r.person.text) && !seesNoOne.MatchString(r.person.text) {
			return false
		}
		// An old person "vit isolée" when the note shows her cut off, not when it says she is
		// widowed or lives alone: the visits of volunteers are for loneliness.
		if elderly.MatchString(whole) && !cutOff.MatchString(r.person.text) {
			return false
		}
	}
	if childrenAtHome.MatchString(whole) && childless.MatchString(r.person.text) {
		return false // "lorsque des enfants vivent au domicile" is not for a woman "sans enfant"
	}
	if caseworkerMoment.MatchString(m) {
		return true // "dès le premier entretien": when the caseworker acts, not whom for
	}
	if saysAbsent(m, r.person.text) {
		return true // "lorsque les difficultés ne relèvent pas du danger": the note says there is none
	}
	if !r.spread && vitalExpense.MatchString(m) {
		// A vital expense the person cannot meet ("lorsque la personne ne peut pas faire face à
		// une dépense vitale : alimentation, énergie…") is hunger the note tells (a need of
		// food read). Word by word, it held for none of the 44 notes whose authors judged the
		// emergency aid (batches A–AE). A supplier's cut announced is not enough: for it, the
		// authors want the energy's own steps (the FSL's energy part, a delay asked of the
		// supplier), and the aid for none of 5 notes.
		_, food := r.needQ["alimentation"]
		return food
	}
	if !r.spread && notDanger.MatchString(m) {
		// Nor is a danger a note shows no sign of, where it tells a parent's difficulties with
		// a child (a need of parenting support read, a parent overwhelmed, a child who comes
		// home at midnight, insults, fits of anger): no blow, no mark, no neglect, no child
		// locked in. Word by word, "les difficultés éducatives" held for 4 of the 24 notes whose
		// authors judged the AED (batches A–AE).
		_, parenting := r.needQ["parentalite"]
		return parenting && eduDifficulty.MatchString(r.person.text) && !childHarmShown.MatchString(unsaid.ReplaceAllString(r.person.text, ""))
	}
	if whenNeeded.MatchString(whole) {
		return true // "transmettre si nécessaire une information": the caseworker's judgment
	}
	if !r.spread && noShelterTonight.MatchString(whole) && noRoofTonight.MatchString(r.person.text) {
		// No shelter for the night is what the note tells of the night ("ne sait pas où il va
		// dormir ce soir", "rien pour ce soir", three nights in his car), whatever words the
		// need was read from: read from them alone, the 115's condition held for 18 of the 40
		// notes whose authors judged it (batches A–AE).
		return true
	}
	if lack.MatchString(whole) {
		// What a person lacks holds when the note reads a lack of it ("sans domicile" for
		// "sans solution d'hébergement"), or says it (relevance.lacks).
		if !r.lacks(m) {
			return false
		}
		return true
	}
	if courtStage.MatchString(m) && (!courtNamed.MatchString(r.person.text) || r.noProcedure) {
		// A demand to pay or a summons served ("lorsque le bailleur a fait délivrer un
		// commandement de payer") is one the note tells: two rents forgotten, paid since, are
		// no procedure, whatever notions of arrears a housing need brings.
		return false
	}
	if aid, unfit := housingAidCondition.MatchString(m), unfitCondition.MatchString(m); !r.spread && (aid || unfit) {
		// "Lorsque le foyer perçoit une aide au logement": an APL or an AL the note tells
		// paid ("APL 310 € versée au bailleur"), not one it says is lacking. "Lorsque le
		// logement est non décent" is what the note shows of the home: black walls, windows
		// that do not close, no heating, damp. A clause may join both.
		return (!aid || housingAidHeld.MatchString(r.person.text) && !housingAidLacking.MatchString(r.person.text)) &&
			(!unfit || unfitSigns.MatchString(r.person.text))
	}
	if planShort.MatchString(m) && !r.spread {
		// A repayment plan that does not suffice ("lorsque le plan d'apurement ne suffit
		// pas") is a rent debt the note tells too large for one: a procedure begun (a demand
		// to pay, a summons), a plan tried and failed or refused, or three months unpaid and
		// more. Word by word it held for 7 of the 26 notes whose authors judged the FSL.
		// What the words of the condition hold besides still holds it.
		if !r.rentPaid && rentDebt.MatchString(r.person.text) &&
			(rentProcedure.MatchString(r.person.text) && !r.noProcedure || planTried.MatchString(r.person.text) || monthsUnpaid.MatchString(r.person.text)) {
			return true
		}
	}
	if urgentCare.MatchString(m) && !r.spread {
		// Urgent care without rights ("en cas de besoin de soins urgents sans droits ouverts")
		// is what the note tells: a wound, a pain, a pregnancy without a consultation, insulin
		// run out, beside papers or a health card the person has not. Read word by word, it held
		// for 4 of the 40 notes whose authors judged the PASS (batches A–AE).
		return acuteCare.MatchString(r.person.text) && noCover.MatchString(r.person.text)
	}
	if lastingDebt.MatchString(m) {
		// A lasting debt ("lorsque l'endettement est durable") is one the note tells lasting:
		// credits piled up or repaid one with another, an overdraft for months, debts for
		// years. A word for a debt of two months is not ("durable" no note writes).
		return debtLasts.MatchString(r.person.text) && !debtOver.MatchString(r.person.text)
	}
	if failing.MatchString(m) && !failed.MatchString(r.person.text) {
		// A failure ("en cas de non-respect des engagements") is one the note tells: the
		// words of the commitment ("CER signé", read as "contrat d'engagements réciproques")
		// say it was made, not broken.
		return false
	}
	if s := suspected.FindStringSubmatch(m); s != nil && !r.spread {
		// What is suspected is the condition, not whom it would be done to: "en cas de
		// suspicion de maltraitance ou d'abus de faiblesse envers une personne âgée ou
		// vulnérable" is not held by a woman of 84 who can no longer wash alone. Nor is it by
		// the notions an old man's isolation brings (the lexicon reads "maltraitance d'une
		// personne âgée" beside "isolement", for the search): the note tells a sign of it.
		if !abuseSign.MatchString(r.person.text) {
			return false
		}
		m = s[1]
	}
	if !r.held(m, r.caseQ) && !exampleHeld(r, f[loc[1]:], r.caseQ) {
		return false
	}
	if !r.spread && (aboutToLapse.MatchString(m) && r.saysLacking(m) || r.lacksServed(m)) {
		// What the note says the person lacks cannot lapse, nor has it been served:
		// "lorsque le titre de séjour arrive à expiration" is not for a man who "n'a aucun
		// titre de séjour", "lorsque le bailleur a fait délivrer un commandement de payer"
		// not for a tenant with "pas d'huissier, pas de commandement".
		return false
	}
	// "Si votre courrier concerne un dossier de surendettement déjà connu de la Banque de
	// France": what is already so must be said of the case, not only its subject.
	if i := strings.Index(m, "deja "); i >= 0 && !r.statedBy(terms(m[i+len("deja "):])) {
		return false
	}
	return true
}

// urgentCare is the PASS's condition; acuteCare and noCover are what a folded note tells of it:
// a need of care that will not wait, and no health cover to pay for it.
var (
	urgentCare = regexp.MustCompile(`\bbesoin de soins urgents\b`)
	// The non-decent home's conditions, and what a folded note tells of them.
	housingAidCondition = regexp.MustCompile(`\ble foyer percoit une aide au logement\b`)
	housingAidHeld      = regexp.MustCompile(`\b(?:apl|al|als|alf|aide au logement|aide personnalisee au logement|allocation logement)\b`)
	housingAidLacking   = regexp.MustCompile(`\b(?:pas d'|sans |plus d'|aucune )(?:apl|al|aide au logement)\b|\b(?:apl|al) (?:suspendue|coupee|supprimee)\b`)
	unfitCondition      = regexp.MustCompile(`\ble logement est non decent\b`)
	unfitSigns          = regexp.MustCompile(`\b(?:moisissures?|humidite|humides?|champignons?|taches noires|murs? (?:sont )?noirs|(?:plafond|angle|mur)s? (?:\w+ )?noirs?|murs\b[^.;]{0,40}\bsont noirs|eau sur les (?:vitres|murs)|ruissel\w*|infiltrations?|fenetres? qui ne ferment|radiateurs? (?:en panne|qui ne|ne marche)|sans chauffage|pas de chauffage|(?:chaudiere|chauffage|poele)s? (?:est |sont )?(?:en panne|hors service|hs)|fils electriques|nuisibles|cafards|punaises|insalubr\w*|indecen\w*|non decen\w*|saturnisme)\b`)
	// planShort is the FSL's condition; rentDebt, planTried and monthsUnpaid what a folded
	// note tells of a rent debt.
	planShort     = regexp.MustCompile(`\ble plan d'apurement ne suffit pas\b`)
	rentProcedure = regexp.MustCompile(rentProcedureWords)
	rentDebt      = regexp.MustCompile(`\bloyers?\b|\bdette loc\w*|\barriere\w* locatif\w*`)
	planTried     = regexp.MustCompile(`\b(?:plans? d'apurement|echeancier)s? (?:\w+ ){0,3}?(?:n'a pas tenu|pas tenu|jamais tenu|non (?:respecte|tenu)e?s?|echoue|abandonnee?|refusee?)\b|\brefuse\w* (?:le |un |tout )?(?:plan d'apurement|echeancier)\b`)
	monthsUnpaid  = regexp.MustCompile(`\b(?:[3-9]|1\d|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\s+(?:mois|loyers)\b|\b(?:[3-9]|1\d) ?x ?\d{3}\b`)
	acuteCare     = regexp.MustCompile(`\b(?:plaies?|infect\w*|douleurs?|fievre|gonflee?|rage de dents?|mal de dents?|une dent|saign\w*|suinte|boite|tousse|crache\w*|insuline|enceinte|grossesse|\d+ sa|contractions|blessee?|brulee?|fracture|urgences|sau|vertiges|malaises?|traitement)\b`)
	noCover       = regexp.MustCompile(`\b(?:pas|plus|ni|sans|aucune?|jamais eu) (?:de |d')?(?:carte vitale|couverture|droits?|secu|securite sociale|assurance maladie|papiers?|titre)\b|\bsans-papiers\b|\bdeboutee?s?\b|\bvisa(?: [\w']+){0,3},? (?:expire|perime)\w*|\bcarte vitale\b[^.;]{0,40}\b(?:refusee|ne passe plus|perdue|disparue?|plus valable|marche plus)\b|\bne sait pas si (?:ses droits|il est|elle est)\b|\bencore couverte?\b`)
)

// childHarmStems are the stems of harm done to a child: blows, marks, burns, abuse, neglect.
const childHarmStems = `frapp|gifl|battu|cogn|secou|hematome|ecchymose|brulure|maltrait|attouchement|negligen|carence`

// notDanger is the AED's condition; childHarmShown what a folded note tells of harm to a child;
// unsaid what it says is not there ("pas de coups", "aucune violence"), taken out before.
var (
	vitalExpense   = regexp.MustCompile(`\bne peut pas faire face a une depense vitale\b`)
	notDanger      = regexp.MustCompile(`\bles difficultes educatives ne relevent pas du danger\b`)
	eduDifficulty  = regexp.MustCompile(`\b(?:n'y arrive plus|ne sait plus|ne savent plus|depassee?s?|debordee?s?|crises?|coleres?|insult\w*|claque\w*|refuse\w* (?:de|d'aller)|fugu\w*|ne l'ecoute plus|n'ecoute plus|rentre (?:a|vers) (?:minuit|\d+ ?h)|absences?|absenteisme|decroch\w*|exclu\w*|crie|cadrer|autorite|conflits?|tensions?|devoirs)\b`)
	childHarmShown = regexp.MustCompile(`\b(?:` + childHarmStems + `|enferm)\w*|\b(?:bleus?|coups?|tape|laissee?s? seule?s?)\b`)
	unsaid         = regexp.MustCompile(`\b(?:pas de|pas d'|aucune?|sans|ni)\s*(?:\w+\s+)?\w+`)
)

// absentCondition is a condition that something is not there ("ne relèvent pas du danger"), with
// the word of what is not.
var absentCondition = regexp.MustCompile(`\bne \pL+ pas (?:du |de la |de l'|des |de |d')(\pL+)`)

// saidAbsent is what a folded note says is not there, with its word: "n'y voit pas de danger",
// "a conclu à l'absence de danger", "aucun danger".
var saidAbsent = regexp.MustCompile(`\b(?:absence d[e']|pas d[e']|aucune? |sans )\s*(\pL+)`)

// saysAbsent reports whether a folded condition that something is not there holds of a folded
// note that says so in its own way.
func saysAbsent(condition, note string) bool {
	m := absentCondition.FindStringSubmatch(condition)
	if m == nil {
		return false
	}
	for _, n := range saidAbsent.FindAllStringSubmatch(note, -1) {
		if n[1] == m[1] {
			return true
		}
	}
	return false
}

// variantLabel opens the label of a fiche's variant: who it is for, in the second person.
var variantLabel = regexp.MustCompile(`^vous (?:etes|avez|percevez|travaillez|residez|vivez|habitez|representez|beneficiez|n'etes|n'avez)\b`)

// publicInstruction is the present tense texts for the public use to instruct: "Vous adressez
// le formulaire à votre MSA", "Vous déposez votre demande en ligne".
var publicInstruction = regexp.MustCompile(`^vous (?:vous )?[a-z]{3,}ez\b`)

// unfinishedStatement reports whether a sentence of actionability a is a statement left
// without its full stop: a label or a line cut from its list ("L'allocation est versée au
// bailleur", "Vous pouvez fournir une copie scannée des papiers demandés", a variant's name),
// not a step. An item of things to do opens on its verb (a ≥ 1) and needs no stop.
func unfinishedStatement(sentence string, a float64) bool {
	t := strings.TrimSpace(sentence)
	return a < 1 && t != "" && !strings.ContainsAny(t[len(t)-1:], ".!;…)»\"")
}

// stateRule is what a thing must be: "doit être" and an adjective ("accessible", "loyale",
// "équivalent"), not a participle of what someone does ("doit être déposée").
var stateRule = regexp.MustCompile(`\bdoi(?:t|vent) etre (?:\S+ )?\S+(?:ble|bles|ale|ales|al|aux|if|ive|ifs|ives|ant|ante|ants|antes|ent|ente|ents|entes)\b`)

// beneficiaryOption is what someone in the person's place may ask for, told in the third
// person: "les héritiers peuvent demander à la banque du défunt de prélever…", "le locataire
// peut saisir la commission". Whether the person is one of them is the document's choice and
// the conditions' (conditionsHold).
var beneficiaryOption = regexp.MustCompile(`^(?:les|le|la|l'|une?)\s*(?:heritiers?|proches|conjoint survivant|locataires?|salariee?s?|parents?|beneficiaires?|victimes?|demandeurs?|demandeuses?|assuree?s?|allocataires?|jeunes?|etudiante?s?|personnes? (?:agees?|handicapees?|concernees?))\b[^.;:]{0,80}?\b(?:peut|peuvent) (?:demander|obtenir|beneficier|saisir|solliciter|percevoir|s'adresser|contacter|deposer|faire (?:une|la|sa|leur) demande)\b`)

// entitlement is a sentence that tells the reader a right is theirs ("Vous avez droit à la
// rente", "Vous pouvez bénéficier de…"): under a case's conditions, it is the conclusion of
// the case, not one more condition.
// noShelterTonight is the 115's condition; noRoofTonight what a folded note tells of a night
// with no roof.
var (
	noShelterTonight = regexp.MustCompile(`\bsans solution d'hebergement pour la nuit\b`)
	noRoofTonight    = regexp.MustCompile(`\bne sait pas ou (?:\w+ ){0,2}dormir\b|\b(?:aucun endroit|nulle part|personne chez qui) (?:ou )?dormir\b|\brien pour ce soir\b|\bpas de solution (?:pour )?(?:ce soir|cette nuit)\b|\b(?:passe|passee|a passe|ont passe) (?:la|les \w+|deux|trois|plusieurs|ses) nuits? (?:dans|sur|dehors|a la|au)\b|\b(?:dort|dorment|dormi) (?:dehors|dans (?:sa|la|une|leur|son) (?:voiture|camion|rue)|sur un banc|dans (?:le|un) hall)\b`)
)

// principles is the heading of a guide's standing rules.
var principles = regexp.MustCompile(`\bprincipes? (?:de l'accompagnement|d'intervention|generaux|deontologiques|d'action|ethiques)\b|\bdeontologie\b|\bcharte\b|\bnos valeurs\b`)

// requestable is an aid a guide says may be requested ("Une aide financière d'urgence peut être
// demandée à la commission des aides", "L'intervention d'une TISF peut être demandée"): what the
// caseworker can ask for, told in the passive, as a beneficiaryOption is in the active.
var requestable = regexp.MustCompile(`^(?:une?|l'|le|la|les)\s*[^.;:]{0,80}?\b(?:peut|peuvent) etre (?:demandee?s?|sollicitee?s?|mobilisee?s?)\b`)

var entitlement = regexp.MustCompile(`^vous (?:avez droit|pouvez (?:beneficier|percevoir|obtenir|toucher|pretendre))\b`)

// aidDefinition is a sentence that defines an aid, a right or a procedure the person may use,
// or tells what it grants or covers ("Le FSL accorde des aides financières aux personnes
// qui…", "L'AME donne droit à la prise en charge…", "La CSS est une mutuelle qui rembourse…").
var aidDefinition = regexp.MustCompile(`\b(?:est une (?:aide|allocation|prestation|avance|garantie|caution|mesure|procedure|indemnite|mutuelle|complementaire sante|couverture|rente|bourse)|est un (?:dispositif|droit|pret|accompagnement|service|fonds|conge|contrat|complement)|est (?:destinee?|accordee?|versee?) (?:a|aux|au|par)|permet (?:de|a|aux|au|d')|(?:accorde|accordent|verse|versent|attribue|attribuent) (?:des|une|un) (?:aides?|allocations?|prestations?|subventions?|prets?|secours|indemnites?)|donnen?t? droit (?:a|au|aux)|prend(?:nent)? en charge)\b`)

// measureDefinition is a sentence that defines what a tool measures or gathers ("La grille
// Aggir permet de mesurer le degré de perte d'autonomie", "… un référentiel d'évaluation qui
// permet de recueillir…"): knowledge of the doctrine, not an aid to mobilize.
var measureDefinition = regexp.MustCompile(`\bpermet(?:tent)? (?:de |d')(?:mesurer|recueillir|evaluer|determiner|calculer|identifier|verifier|connaitre|savoir|definir|classer|apprecier|reperer)\b`)

var acronym = regexp.MustCompile(`\b\p{Lu}{2,}[\p{Lu}\d]*\b`)

// eligibilityHeading names the sections that list who is entitled or what it pays: their
// infinitives ("Avoir moins de 25 ans") are conditions, not steps.
var eligibilityHeading = regexp.MustCompile(`^(?:conditions?\b|qui est concerne|qui peut|beneficiaires|montant|sanctions?|peine encourue|obligations?\b)`)

// The deepest heading that says what its section holds decides: "Sur place" or "Démarche"
// under "Conditions d'attribution" tells how to apply (a fiche read as text nests every
// heading under the one before, so its conditions are an ancestor of all that follows).
func underEligibility(path []string) bool {
	for i := len(path) - 1; i >= 0; i-- {
		h := fold(path[i])
		if procedureHeading.MatchString(h) {
			return false
		}
		if eligibilityHeading.MatchString(h) {
			return true
		}
	}
	return false
}

// procedureHeading names the sections that tell how to apply.
var procedureHeading = regexp.MustCompile(`^(?:demarches?\b|sur place|en ligne|par courrier|par telephone|ou s'adresser|comment (?:faire|proceder|demander|obtenir)|procedure\b|faire (?:la|sa|votre) demande|demande\b)`)

// nominal catches an infinitive used as a subject ("Conduire avec … constitue un délit"): it
// states a rule, it does not ask anyone to act.
var nominal = regexp.MustCompile(`\b(?:constitue|est puni|est interdit|est passible|entraine|est une infraction)\b`)

// notVerbs are words shaped like infinitives that open sentences as nouns or adjectives.
var notVerbs = map[string]bool{
	"premier": true, "dernier": true, "leur": true, "entre": true, "contre": true, "autre": true,
	"titre": true, "cadre": true, "centre": true, "ordre": true, "nombre": true, "lettre": true,
	"offre": true, "chiffre": true, "membre": true, "foyer": true, "loyer": true, "dossier": true,
	"courrier": true, "quartier": true, "metier": true, "calendrier": true, "fichier": true,
	"papier": true, "plaisir": true, "avenir": true, "soir": true, "espoir": true, "notre": true,
	"votre": true, "hier": true, "particulier": true, "chaque": true, "cette": true, "cet": true,
	"pouvoir": true, "devoir": true, "savoir": true, "mer": true, "fer": true, "air": true,
	"livre": true, "vivre": true, "suivre": false, "pere": true, "mere": true, "frere": true,
	"caractere": true, "matiere": true, "maniere": true, "premiere": true, "derniere": true,
	"psychiatre": true, "pediatre": true, "geriatre": true, "pedopsychiatre": true, "theatre": true,
}

// conditionVerbs open the conditions of a benefit rather than steps.
var conditionVerbs = map[string]bool{
	"etre": true, "avoir": true, "resider": true, "habiter": true, "posseder": true, "percevoir": true,
	"disposer": true, "beneficier": true, "justifier": true, "remplir": false,
}

// nounLike reports whether a word shaped like an infinitive is a noun of a common family:
// "fermeture", "mesure", "procédure" (-ure), "formulaire", "titulaire", "salaire" (-aire),
// "agriculteur"… The few verbs of those shapes are kept.
func nounLike(w string) bool {
	switch w {
	case "faire", "refaire", "defaire", "satisfaire", "plaire", "taire", "extraire", "distraire", "conclure", "exclure", "inclure":
		return false
	}
	return strings.HasSuffix(w, "ure") || strings.HasSuffix(w, "aire")
}

// refersBack opens a sentence on the request the sentence before spoke of: "La demande se fait
// en ligne sur le site de la CAF" follows "Vérifier l'ouverture des droits au RSA", and is no
// step for someone the RSA sentence is not for (a retiree, a man already on the RSA).
// A record of what was just done ("Noter l'heure de l'appel et la réponse obtenue") follows its
// act the same way, and so does what the same professional does next ("Il en informe sa
// responsable le jour même" after "Tout professionnel… transmet une information préoccupante"),
// and what is said of the file or its delay ("Le dossier comprend…", "Prévenir la personne que
// le délai de traitement peut dépasser quatre mois" after the MDPH file), or of the body that
// decides ("La commission se réunit chaque mardi" after the emergency grant asked of it).
var refersBack = regexp.MustCompile(`^(?:la commission (?:se reunit|statue|examine|siege)\b|(?:la|cette|sa|leur) demande (?:se |est |doit |peut |comporte )|(?:le|ce) dossier (?:comprend|comporte|se |est |doit )|prevenir (?:la personne )?que le delai\b|(?:noter|consigner)\b|(?:il|elle) en (?:informe|avise|refere)\b)`)

// leadsInstruction reports whether a guide's sentence (text[s:e]), the first of its paragraph,
// states a right or a duty that the next sentence, an instruction in the infinitive, acts on:
// it is that instruction's reason, one step with it (one in the demo guide; of the demo notes'
// authors, three of seven who wanted its instruction gave it too, four left it out).
func leadsInstruction(text string, s, e int, next socle.Span) bool {
	f := fold(text[s:e])
	if !statesARight.MatchString(f) || guideCondition.MatchString(withoutException(f)) || strings.Contains(text[e:next.Start], "\n") {
		return false
	}
	ns, ne := trimMarker(text, next.Start, next.End)
	return ns < ne && isInfinitiveStep(fold(text[ns:ne]))
}

// statesARight opens on whom a right or a duty is for, and says it: "Une personne sans domicile
// stable doit disposer d'une adresse", "Toute personne a droit à…".
var statesARight = regexp.MustCompile(`^(?:une?|toute?) [^,;:]*\b(?:doit|doivent|a droit|ont droit)\b`)

// isInfinitiveStep reports whether text opens on an instruction in the infinitive.
func isInfinitiveStep(text string) bool {
	m := infinitive.FindStringSubmatch(text)
	return m != nil && len(m[1]) >= 4 && !notVerbs[m[1]] && !nounLike(m[1]) && !conditionVerbs[m[1]] && !nominal.MatchString(text)
}

// actionability says how much a sentence reads as something to do: 1 for an instruction in
// the infinitive, 0.75 for a professional's obligation or action, more with concrete means.
func actionability(sentence string) float64 {
	// Acronyms are never verbs, though "CER" ends like one: mask them before folding.
	f := fold(acronym.ReplaceAllString(sentence, "SIGLE"))
	f = strings.TrimLeft(f, " \"«(")
	// A second condition joined to the first ("Lorsque la demande dépasse le délai, ou en cas
	// de logement indigne, informer la personne…") leads the instruction too.
	main := moreLead.ReplaceAllString(leadClause.ReplaceAllString(f, ""), "")
	if strings.HasPrefix(f, "pour ") {
		// "Pour actualiser votre situation, signaler un changement… : service automatisé 7
		// jours/7": what follows the colon is what the sentence says.
		if _, after, ok := strings.Cut(f, " : "); ok {
			main = after
		}
	}
	score := 0.0
	if m := infinitive.FindStringSubmatch(main); m != nil && len(m[1]) >= 4 && !notVerbs[m[1]] && !nounLike(m[1]) && !nominal.MatchString(main) {
		score = 1
		if conditionVerbs[m[1]] {
			// "Avoir moins de 25 ans", "Résider en France", "Ne pas être éligible à…": who is
			// entitled, listed in the infinitive like steps are. A deadline or an amount in it
			// ("plus de 9 mois par an") does not make it something to do.
			return 0.3
		}
	} else if imperative.MatchString(main) && !notVerbs[strings.Fields(main)[0]] {
		score = 1
	} else if _, after, ok := strings.Cut(main, " : "); ok && isInfinitiveStep(after) {
		// "Le travailleur social ne donne pas de conseil sur le séjour : orienter la personne
		// vers…": a rule, then what to do, after the colon.
		score = 1
	} else if stateRule.MatchString(f) {
		// "L'information donnée au patient doit être accessible et loyale": what something
		// must be, a rule, not something to do.
		score = 0.3
	} else if obligation.MatchString(f) || agentAction.MatchString(f) || publicInstruction.MatchString(main) || beneficiaryOption.MatchString(main) || entitlement.MatchString(main) || requestable.MatchString(main) {
		score = 0.75
	} else if aidDefinition.MatchString(f) && !measureDefinition.MatchString(f) {
		// "L'avance Loca-Pass est une aide gratuite … pour financer le dépôt de garantie": what
		// to mobilize, told as a definition, the way catalogs and fiches name a right.
		score = 0.55
	}
	if score > 0 && concrete.MatchString(f) {
		score += 0.2
	}
	trimmed := strings.TrimSpace(sentence)
	if strings.HasSuffix(trimmed, "?") || strings.HasSuffix(trimmed, ":") {
		return 0 // a question or an announcement of a list, not an instruction
	}
	if variantLabel.MatchString(f) && !strings.ContainsAny(trimmed[len(trimmed)-1:], ".!;") && utf8.RuneCountInString(trimmed) < 120 {
		// "Vous percevez une allocation veuvage", "Vous travaillez sans autorisation de
		// travail": the case a fiche's variant is for, written as its label, not a step.
		return 0
	}
	return min(score, 1.2)
}

// weights counts terms: a term's weight in a query is how often it occurs.
func weights(ts []string) map[string]float64 {
	w := map[string]float64{}
	for _, t := range ts {
		w[t]++
	}
	return w
}

// needOverlap is overlap against a need's terms (its query, the notions read for it, the
// note's words that revealed it), counted as if they were at most needTermsCap: a note that
// says much of a need ("moisissures", "fenêtres qui ne ferment plus", "radiateur", "APL versée
// au bailleur", "propriétaire injoignable") brings it many notions, and a sentence on one of
// its situations ("Lorsque le logement présente des signes d'insalubrité…") then covers a share
// of them too small to answer it, however well it fits. Capped, the more the note says of a
// need, the more the sentences about what it says count.
func needOverlap(ts []string, w map[string]float64) float64 {
	total := 0.0
	for _, v := range w {
		total += v
	}
	if total == 0 {
		return 0
	}
	got := 0.0
	for _, t := range distinct(ts) {
		got += w[t]
	}
	return min(1, got/min(total, needTermsCap))
}

// needTermsCap is the size of a need's terms past which needOverlap no longer divides: the
// demo notes' plans gain 9 judged sentences and 2 off-topic steps at any cap from 21 to 28, and
// twice as many off-topic steps as judged sentences at 18 (docs/plans.md, twenty-ninth round).
const needTermsCap = 24

// overlap scores how much of a weighted term set a sentence covers, 0 to 1.
func overlap(ts []string, w map[string]float64) float64 {
	if len(w) == 0 {
		return 0
	}
	total := 0.0
	for _, v := range w {
		total += v
	}
	got := 0.0
	seen := map[string]bool{}
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			got += w[t]
		}
	}
	return got / total
}

// nearDuplicate reports whether c says much the same as a sentence already chosen.
func nearDuplicate(terms Terms, c *candidate, chosen []*candidate) bool {
	a := distinct(terms(c.text))
	for _, o := range chosen {
		b := distinct(terms(o.text))
		inter := 0
		set := map[string]bool{}
		for _, t := range b {
			set[t] = true
		}
		for _, t := range a {
			if set[t] {
				inter++
			}
		}
		if union := len(a) + len(b) - inter; union > 0 && float64(inter)/float64(union) > 0.6 {
			return true
		}
		// One says all the other says and little more: "Consultez un médecin." beside
		// "Consultez un médecin qui vous prescrira de nouvelles lentilles…".
		if small := min(len(a), len(b)); small >= 3 && float64(inter) >= 0.85*float64(small) {
			return true
		}
	}
	return false
}

// othersViolence names an aggressor who is no partner nor family: at work, next door, in the
// street.
var othersViolence = regexp.MustCompile(`\b(?:son|sa|leur|un|une|le|la|des) (?:patron|patronne|employeur|chef|cheffe|collegue|collegues|voisin|voisine|voisins|client|cliente|inconnu|inconnus|individu|individus)\b`)

// violenceByOthers reports whether the sentences that show the need of violence name such an
// aggressor and no partner.
func violenceByOthers(needs []Detected) bool {
	for _, n := range needs {
		if n.Code != "violences" {
			continue
		}
		said := strings.Join(n.Sentences, " ")
		f := fold(said)
		return said != "" && othersViolence.MatchString(f) && !situation.NamesPartner(f)
	}
	return false
}
