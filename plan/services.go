package plan

import (
	"sort"
	"strings"

	"github.com/socle-project/socle"
)

// eligible keeps the services a person with these facts may use: within their age bounds and
// offered where they live. A fact left out excludes nothing.
func eligible(svcs []socle.Service, f Facts) []socle.Service {
	var out []socle.Service
	for _, s := range svcs {
		if f.Age > 0 && !s.ServesAge(f.Age) {
			continue
		}
		if f.Territory != "" && len(s.Territories) > 0 && !coversAny(s.Territories, f.Territory) {
			continue
		}
		out = append(out, s)
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

// ServiceMatch is a service judged relevant to a need of the case.
type ServiceMatch struct {
	Service socle.Service
	Need    string
	Score   float64
}

// matchServices scores each eligible service against each need: a shared data·inclusion theme
// counts most, then the words of the need's query and evidence found in the service's name,
// description and conditions. It returns the matches above a floor, best first.
func matchServices(terms Terms, svcs []socle.Service, needs []Detected) []ServiceMatch {
	var out []ServiceMatch
	for _, s := range svcs {
		text := weights(terms(s.Name + " " + s.Name + " " + s.Description + " " + s.Eligibility))
		best := ServiceMatch{Service: s}
		for _, n := range needs {
			score := 0.0
			if sharesTheme(s.Themes, n.Themes) {
				score += 1
			}
			ts := terms(n.Query + " " + strings.Join(n.Evidence, " "))
			score += overlapOf(text, ts)
			if score > best.Score {
				best.Score, best.Need = score, n.Code
			}
		}
		if best.Score >= 0.25 {
			out = append(out, best)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// overlapOf is the share of the query's distinct terms the text holds.
func overlapOf(text map[string]float64, query []string) float64 {
	q := distinct(query)
	if len(q) == 0 {
		return 0
	}
	n := 0
	for _, t := range q {
		if text[t] > 0 {
			n++
		}
	}
	return float64(n) / float64(len(q))
}

// sharesTheme reports whether a service's theme falls under one of a need's theme prefixes.
func sharesTheme(themes, prefixes []string) bool {
	for _, t := range themes {
		for _, p := range prefixes {
			if strings.HasPrefix(t, p) {
				return true
			}
		}
	}
	return false
}

// attachServices gives each step up to two services matched to its need, best first, and
// returns the matches no step took, for the plan's list of services.
func attachServices(steps []socle.Step, matches []ServiceMatch) []ServiceMatch {
	used := map[string]bool{}
	for i := range steps {
		for _, m := range matches {
			if len(steps[i].Services) >= 2 {
				break
			}
			key := m.Service.VersionID + "/" + m.Service.ID
			if m.Need != steps[i].Need || used[key] {
				continue
			}
			used[key] = true
			steps[i].Services = append(steps[i].Services, socle.ServiceRef{VersionID: m.Service.VersionID, ServiceID: m.Service.ID, Name: m.Service.Name})
		}
	}
	var rest []ServiceMatch
	for _, m := range matches {
		if !used[m.Service.VersionID+"/"+m.Service.ID] {
			rest = append(rest, m)
		}
	}
	return rest
}
