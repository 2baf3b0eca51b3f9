package insights

import (
	"html"
	"regexp"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/retrieval"
)

// PlanEvent is what is kept of a plan: its needs and whether some step answers each, the
// sections its steps cite and how well they support them, the services it proposes. Not its
// situation, not its text.
func PlanEvent(orgID, userID string, res *plan.Result) socle.UsageEvent {
	e := socle.UsageEvent{OrgID: orgID, UserID: userID, Kind: socle.UsagePlan}
	uncovered := map[string]bool{}
	for _, u := range res.Uncovered {
		uncovered[u.Code] = true
	}
	for _, n := range res.Needs {
		e.Needs = append(e.Needs, socle.NeedUse{Code: n.Code, Covered: !uncovered[n.Code], Stated: n.Stated})
	}
	services := map[string]bool{}
	for _, st := range res.Plan.Steps {
		for _, c := range st.Citations {
			e.Cited = append(e.Cited, socle.CitedSection{GuideID: c.GuideID, VersionN: c.VersionN, SectionID: c.SectionID, Score: st.Support})
		}
		for _, s := range st.Services {
			services[s.VersionID+"/"+s.ServiceID] = true
		}
	}
	for _, m := range res.Services {
		services[m.Service.VersionID+"/"+m.Service.ID] = true
	}
	for s := range services {
		e.Services = append(e.Services, s)
	}
	return e
}

// GoodCoverage is the share of a search's words that one of its first results must hold for
// the search to count as answered: a search whose results match only some common words shows
// in "searches that found nothing good". Raw scores would not do: they depend on the size of
// the organization's doctrine.
const GoodCoverage = 0.5

// coverageHits is how many of the first results are looked at.
const coverageHits = 3

var markPattern = regexp.MustCompile(`<mark>(.*?)</mark>`)

// SearchEvent is what is kept of a search: its text as pseudonymized by the caller, and
// whether one of its first results holds most of its words. query is the text searched, read
// here and not kept; terms analyzes text into the index's terms.
func SearchEvent(orgID, userID, query, pseudonymized string, res retrieval.Result, terms func(string) []string) socle.UsageEvent {
	want := map[string]bool{}
	for _, t := range terms(query) {
		want[t] = true
	}
	found := false
	for i, h := range res.Hits {
		if i == coverageHits || len(want) == 0 {
			break
		}
		marked := map[string]bool{}
		for _, f := range h.Fragments {
			for _, m := range markPattern.FindAllStringSubmatch(f, -1) {
				for _, t := range terms(html.UnescapeString(m[1])) {
					marked[t] = true
				}
			}
		}
		held := 0
		for t := range want {
			if marked[t] {
				held++
			}
		}
		if float64(held) >= GoodCoverage*float64(len(want)) {
			found = true
			break
		}
	}
	return socle.UsageEvent{OrgID: orgID, UserID: userID, Kind: socle.UsageSearch, Query: socle.QueryKey(pseudonymized), Found: found}
}

// OpenEvent is a section opened by a member.
func OpenEvent(orgID, userID, guideID string, versionN int, sectionID string) socle.UsageEvent {
	return socle.UsageEvent{OrgID: orgID, UserID: userID, Kind: socle.UsageOpen,
		Cited: []socle.CitedSection{{GuideID: guideID, VersionN: versionN, SectionID: sectionID}}}
}

// FeedbackEvent is a verdict on a step, tied to the sections the step cites. The comment must
// come pseudonymized, as it is stored with the plan.
func FeedbackEvent(orgID, userID string, step socle.Step, verdict socle.Verdict, comment string) socle.UsageEvent {
	e := socle.UsageEvent{OrgID: orgID, UserID: userID, Kind: socle.UsageFeedback, Verdict: verdict, Comment: comment}
	for _, c := range step.Citations {
		e.Cited = append(e.Cited, socle.CitedSection{GuideID: c.GuideID, VersionN: c.VersionN, SectionID: c.SectionID})
	}
	return e
}

// DraftEvent is what a caseworker kept of a plan's draft when saving it (plan.PassageUses): need
// codes, guides and digests of the doctrine's words, nothing of the case. The planner learns
// from its counts which passages colleagues keep removing or adding.
func DraftEvent(orgID, userID string, uses []socle.PassageUse) socle.UsageEvent {
	return socle.UsageEvent{OrgID: orgID, UserID: userID, Kind: socle.UsageDraft, Passages: uses}
}
