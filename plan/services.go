package plan

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/socle-project/socle"
)

// eligible keeps the services a person with these facts may use: within their age bounds and
// offered where they live. A fact left out excludes nothing.
func eligible(docs []serviceDoc, f Facts) []serviceDoc {
	var out []serviceDoc
	for _, d := range docs {
		s := d.svc
		if f.Age > 0 && !s.ServesAge(f.Age) {
			continue
		}
		if f.Territory != "" && len(s.Territories) > 0 && !coversAny(s.Territories, f.Territory) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func coversAny(areas []string, place string) bool {
	for _, a := range areas {
		if socle.TerritoryCovers(a, place) {
			return true
		}
	}
	return false
}

// ServiceMatch is a service judged relevant to the case, and the need it answers best.
type ServiceMatch struct {
	Service socle.Service
	Need    string
	Score   float64
}

// serviceDoc is a service read for ranking: its analyzed terms, name counting twice.
type serviceDoc struct {
	svc   socle.Service
	tf    map[string]int
	terms int
}

func newServiceDoc(terms Terms, s socle.Service) serviceDoc {
	d := serviceDoc{svc: s, tf: map[string]int{}}
	for _, t := range terms(s.Name + " " + s.Name + " " + s.Description + " " + s.Eligibility + " " + s.Provider) {
		d.tf[t]++
		d.terms++
	}
	return d
}

// matchServices ranks the eligible services for a case with BM25 over the catalog: the
// situation's own words count fully, the words of each need's query and notions half, and a
// service sharing a need's data·inclusion theme gets a bonus, the less as more needs share the
// theme. A service is kept when it scores at least a third of the best and, when the case shows
// needs, answers one of them; its need is the one whose words it matches most.
func matchServices(terms Terms, docs []serviceDoc, situation string, needs []Detected) ([]ServiceMatch, func(string) float64) {
	if len(docs) == 0 {
		return nil, nil
	}
	df := map[string]int{}
	total := 0
	for _, d := range docs {
		for t := range d.tf {
			df[t]++
		}
		total += d.terms
	}
	avg := float64(total) / float64(len(docs))
	idf := func(t string) float64 {
		n := float64(df[t])
		return math.Log(1 + (float64(len(docs))-n+0.5)/(n+0.5))
	}
	bm25 := func(d serviceDoc, query []weightedTerm) float64 {
		const k1, b = 1.2, 0.75
		score := 0.0
		for _, q := range query {
			tf := float64(d.tf[q.term])
			if tf == 0 {
				continue
			}
			score += q.weight * idf(q.term) * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(d.terms)/avg))
		}
		return score
	}
	caseQuery := queryOf(withoutUnits(terms, terms(otherSense.ReplaceAllString(fold(situation), " "))), 1)
	sharedBy := themeSharing()
	needQueries := make([][]weightedTerm, len(needs))
	for i, n := range needs {
		// The need's query and the doctrine's notions the note calls for, not the note's own
		// words that revealed it: "jour et nuit", an exhausted carer's, is the 115's hours.
		needQueries[i] = queryOf(terms(otherSense.ReplaceAllString(fold(n.Query+" "+strings.Join(n.Concepts, " ")), " ")), 0.5)
	}
	var out []ServiceMatch
	for _, d := range docs {
		m := ServiceMatch{Service: d.svc, Score: bm25(d, caseQuery)}
		best, themed := 0.0, false
		for i, n := range needs {
			s := bm25(d, needQueries[i])
			if th := sharedTheme(d.svc.Themes, n.Themes); th != "" {
				// A theme of one need says what the service is for; one that four needs
				// share ("accompagnement pour l'accès aux droits") says little.
				s += 2 / float64(max(sharedBy[th], 1))
				themed = true
			}
			if s > best {
				best, m.Need = s, n.Code
			}
		}
		if m.Score == 0 && !themed {
			continue // a service must share a word with the case itself, or a need's theme
		}
		if len(needs) > 0 && best == 0 {
			// The note's words alone ("jour et nuit" of an exhausted carer, the 115's hours)
			// bring services for nothing it needs: with needs read, a service answers one.
			continue
		}
		m.Score += best
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, idf
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	top := out[0].Score
	keep := out[:0]
	for _, m := range out {
		if m.Score > 0 && m.Score >= top/3 && len(keep) < maxServices {
			keep = append(keep, m)
		}
	}
	return keep, idf
}

// maxServices is how many services a plan lists at most: a list a caseworker reads. On the
// 552 benefits of aides-jeunes matched for 411 notes (TestServiceMatchingDevSet), 30 listed
// 28 a plan, 6% of them judged relevant; 10 list 13% relevant and 70% of the core benefits
// (82% with 30). Chosen on that measure.
const maxServices = 10

// sharesTheme reports whether a service's theme falls under one of a need's theme prefixes.
func sharesTheme(themes, prefixes []string) bool { return sharedTheme(themes, prefixes) != "" }

// sharedTheme returns the need's theme prefix a service's theme falls under, "" if none.
func sharedTheme(themes, prefixes []string) string {
	for _, t := range themes {
		for _, p := range prefixes {
			if strings.HasPrefix(t, p) {
				return p
			}
		}
	}
	return ""
}

// themeSharing counts, for each theme prefix of the needs, how many needs list it.
var themeSharing = sync.OnceValue(func() map[string]int {
	out := map[string]int{}
	for _, n := range Needs() {
		for _, t := range n.Themes {
			out[t]++
		}
	}
	return out
})

// otherSense holds the phrases whose words mean something else than alone: child support is
// no food ("pension alimentaire" is not the food bank's "alimentaire").
var otherSense = regexp.MustCompile(`\b(?:pensions? alimentaires?|obligations? alimentaires?|creances? alimentaires?)\b`)

// attachTop is how many of the best matches may be attached to steps: a step gets one of the
// services that bear most on the case, never one from the tail of the ranking.
const attachTop = 8

// distinctive is the least inverse document frequency, over the catalog, of a word that ties a
// service to a step: "garantie" does, "mois" does not.
const distinctive = 2.5

// attachServices gives each step up to two services among the best matches that share a
// distinctive word with the step itself, and returns the other matches, one per name, for the
// plan's list of services.
func attachServices(terms Terms, idf func(string) float64, steps []socle.Step, matches []ServiceMatch) []ServiceMatch {
	used := map[string]bool{}
	top := matches[:min(len(matches), attachTop)]
	for i := range steps {
		names := map[string]bool{}
		words := map[string]bool{}
		for _, t := range terms(steps[i].Action) {
			words[t] = true
		}
		for _, m := range top {
			if len(steps[i].Services) >= 2 {
				break
			}
			key, name := m.Service.VersionID+"/"+m.Service.ID, strings.ToLower(strings.TrimSpace(m.Service.Name))
			if used[key] || names[name] || !sharesWord(terms, idf, m.Service, words) {
				continue
			}
			used[key], names[name] = true, true
			steps[i].Services = append(steps[i].Services, socle.ServiceRef{VersionID: m.Service.VersionID, ServiceID: m.Service.ID, Name: m.Service.Name})
		}
	}
	var rest []ServiceMatch
	names := map[string]bool{}
	for _, m := range matches {
		name := strings.ToLower(strings.TrimSpace(m.Service.Name))
		if !used[m.Service.VersionID+"/"+m.Service.ID] && !names[name] {
			names[name] = true
			rest = append(rest, m)
		}
	}
	return rest
}

// sharesWord reports whether a service's name or description holds one of the words that is
// distinctive in the catalog.
func sharesWord(terms Terms, idf func(string) float64, s socle.Service, words map[string]bool) bool {
	for _, t := range terms(s.Name + " " + s.Description) {
		if words[t] && idf(t) >= distinctive {
			return true
		}
	}
	return false
}

// weightedTerm is a query term and its weight.
type weightedTerm struct {
	term   string
	weight float64
}

// queryOf makes a query of distinct terms in a fixed order, so that a service's score is the
// same sum, to the last digit, from one plan to the next (a map's order is not).
func queryOf(ts []string, weight float64) []weightedTerm {
	d := distinct(ts)
	sort.Strings(d)
	q := make([]weightedTerm, len(d))
	for i, t := range d {
		q[i] = weightedTerm{t, weight}
	}
	return q
}

// withoutUnits drops the terms of a quantity's unit — "82 ans", "dans 2 mois", "900 €": a
// note is full of them and so are the catalog's conditions ("enfants de moins de six ans"), and
// sharing one says nothing of what the person needs (an 82-year-old was offered the mother and
// child service for "ans").
func withoutUnits(terms Terms, ts []string) []string {
	units := map[string]bool{}
	for _, u := range terms(quantityUnits) {
		units[u] = true
	}
	out := ts[:0:0]
	for _, t := range ts {
		if !units[t] {
			out = append(out, t)
		}
	}
	return out
}

const quantityUnits = "an ans année années mois semaine semaines jour jours heure heures minute minutes euro euros € fois"
