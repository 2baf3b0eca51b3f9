package plan

import (
	"math"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval/situation"
)

// The JSON shape of a plan, in `socle plan --json` and the API: the contract integrators read.
type (
	Report struct {
		ID        string `json:"id,omitempty"`
		ExpiresAt string `json:"expires_at,omitempty"`
		// Draft is the plan made but not saved, sealed: send it back with the steps as finished
		// to save it (POST /api/v1/plans with "draft"), from any server, within the hour.
		Draft     string   `json:"draft,omitempty"`
		Title     string   `json:"title"`
		Generator string   `json:"generator"`
		Fallback  string   `json:"fallback,omitempty"`
		Needs     []string `json:"needs"`
		// NeedsDetected are the needs the plan answers, with their labels and what revealed
		// them; NotCoveredNeeds those no step answers (also listed in NotCovered, by label).
		NeedsDetected   []ReportNeed `json:"needs_detected,omitempty"`
		NotCoveredNeeds []ReportNeed `json:"not_covered_needs,omitempty"`
		// NeedsSuggested are needs the situation may show that the plan did not search for,
		// with the words that suggest them and how likely they are: send one back in
		// facts.needs to have it planned.
		NeedsSuggested []ReportNeed `json:"needs_suggested,omitempty"`
		// EmptyReason says why the plan has no step.
		EmptyReason string `json:"empty_reason,omitempty"`
		// Facts are what the situation's text states (age, pregnancy, household, département).
		Facts      *situation.Facts `json:"facts_read,omitempty"`
		Steps      []ReportStep     `json:"steps"`
		NotCovered []ReportStep     `json:"not_covered"`
		Services   []ReportService  `json:"services"`
		// StepsOffered are sentences of the doctrine near the steps that the plan did not take,
		// each cited like a step: add one when saving the draft ({"offered": 2} among "steps").
		StepsOffered []ReportStep `json:"steps_offered,omitempty"`
	}
	ReportStep struct {
		Action    string           `json:"action"`
		Need      string           `json:"need,omitempty"`
		Support   float64          `json:"support,omitempty"`
		Reason    string           `json:"reason,omitempty"`
		Citations []ReportCitation `json:"citations"`
		Services  []ReportService  `json:"services"`
		// What the caseworker added: their own step (no citation), the day due, who does it.
		Own     bool           `json:"own,omitempty"`
		Due     string         `json:"due,omitempty"`
		Who     socle.Assignee `json:"who,omitempty"`
		Partner string         `json:"partner,omitempty"`
		// Learned says colleagues moved this passage before: "often_added" (a step because they
		// often added it from the passages offered), "often_removed" (offered because they
		// often took it out).
		Learned string `json:"learned,omitempty"`
		// Rule is a methodology lead's decision for this passage and need: "keep" (proposed
		// as a step whatever colleagues removed) or "set_aside" (offered beside the steps).
		Rule string `json:"rule,omitempty"`
	}
	// ReportCitation is the passage a step quotes: where it is, and the quote.
	ReportCitation struct {
		ReportSection
		Quote string `json:"quote"`
	}
	ReportNeed struct {
		Code    string `json:"code"`
		Label   string `json:"label"`
		LabelEN string `json:"label_en"`
		Stated  bool   `json:"stated,omitempty"`
		// Urgent needs (a child at risk, violence, no roof tonight) come before the others; one
		// the guides give no instruction for is to be handled by the organization's own
		// emergency procedure, not left at the foot of the plan.
		Urgent   bool     `json:"urgent,omitempty"`
		Evidence []string `json:"evidence,omitempty"`
		Reason   string   `json:"reason,omitempty"`
		// Probability is, for a suggested need, the needs model's probability that it is there.
		Probability float64 `json:"probability,omitempty"`
		// Doubted says that a suggested need was read in the situation's words, but that the
		// needs model doubts it is what the person needs (it is more often the note's context).
		Doubted bool `json:"doubted,omitempty"`
		// Unsure says that a need detected, and planned, is one the needs model puts low: the
		// caseworker checks it first (situation.CheckThreshold).
		Unsure bool `json:"unsure,omitempty"`
		// Sure says that a need detected, and planned, was read by the needs model alone, sure
		// of it (situation.SureThreshold): Evidence are the words that weigh most for it, and
		// Probability is the model's.
		Sure bool `json:"sure,omitempty"`
		// Read are, for a need not covered that the guides speak of, the sections to read.
		Read []ReportSection `json:"read,omitempty"`
	}
	// ReportSection points to a passage of a guide's section.
	ReportSection struct {
		Guide     string     `json:"guide"`
		Version   int        `json:"version"`
		SectionID string     `json:"section_id"`
		Path      []string   `json:"path"`
		Pages     []int      `json:"pages"`
		Span      socle.Span `json:"span"`
	}
	ReportService struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Contact string `json:"contact,omitempty"`
		Link    string `json:"link,omitempty"`
	}
)

// Report is the plan in its JSON shape, identifying details restored for the caseworker.
// services gives contacts and links of the services the plan names, by "versionID/serviceID".
func (res *Result) Report(services map[string]socle.Service) Report {
	needs := make([]string, 0, len(res.Needs))
	for _, n := range res.Needs {
		needs = append(needs, n.Code)
	}
	r := NewReport(res.Plan, needs, services, res.Restore)
	r.Fallback = res.Fallback
	r.EmptyReason = res.EmptyReason
	if res.TextFacts != (situation.Facts{}) {
		f := res.TextFacts
		r.Facts = &f
	}
	for _, n := range res.Needs {
		r.NeedsDetected = append(r.NeedsDetected, ReportNeed{Code: n.Code, Label: n.Label, LabelEN: n.LabelEN, Stated: n.Stated, Urgent: n.Urgent, Evidence: n.Evidence, Unsure: n.Unsure, Sure: n.Sure, Probability: math.Round(n.Probability*100) / 100})
	}
	for _, n := range res.Suggested {
		r.NeedsSuggested = append(r.NeedsSuggested, ReportNeed{Code: n.Code, Label: n.Label, LabelEN: n.LabelEN, Urgent: n.Urgent, Evidence: n.Evidence, Probability: math.Round(n.Probability*100) / 100, Doubted: n.Doubted})
	}
	for _, u := range res.Uncovered {
		n, _ := NeedByCode(Needs(), u.Code)
		rn := ReportNeed{Code: u.Code, Label: u.Label, LabelEN: n.LabelEN, Urgent: n.Urgent, Reason: u.Reason}
		for _, ref := range u.Read {
			rn.Read = append(rn.Read, ReportSection{Guide: ref.GuideSlug, Version: ref.VersionN, SectionID: ref.SectionID,
				Path: ref.Path, Pages: pageRange(ref.PageStart, ref.PageEnd), Span: ref.Span})
		}
		r.NotCoveredNeeds = append(r.NotCoveredNeeds, rn)
	}
	for _, m := range res.Services {
		r.Services = append(r.Services, reportService(m.Service.ID, m.Service.Name, m.Service))
	}
	for _, s := range res.Offered {
		r.StepsOffered = append(r.StepsOffered, reportStep(s, services, res.Restore))
	}
	return r
}

// NewReport puts a plan in its JSON shape. restore may be nil (a saved plan stays
// pseudonymized: its mapping was never kept).
func NewReport(p socle.Plan, needs []string, services map[string]socle.Service, restore func(string) string) Report {
	if restore == nil {
		restore = func(s string) string { return s }
	}
	out := Report{ID: p.ID, Title: p.Title, Generator: p.Generator, Needs: needs,
		Steps: []ReportStep{}, NotCovered: []ReportStep{}, Services: []ReportService{}}
	if out.Needs == nil {
		out.Needs = []string{}
	}
	if !p.ExpiresAt.IsZero() {
		out.ExpiresAt = p.ExpiresAt.Format("2006-01-02T15:04:05Z07:00")
	}
	for _, s := range p.Steps {
		out.Steps = append(out.Steps, reportStep(s, services, restore))
	}
	for _, s := range p.NotCovered {
		out.NotCovered = append(out.NotCovered, reportStep(s, services, restore))
	}
	return out
}

// reportStep puts a step in its JSON shape.
func reportStep(s socle.Step, services map[string]socle.Service, restore func(string) string) ReportStep {
	o := ReportStep{Action: restore(s.Action), Need: s.Need, Support: s.Support, Reason: s.Reason, Citations: []ReportCitation{}, Services: []ReportService{},
		Own: s.Own, Due: s.Due, Who: s.Who, Partner: restore(s.Partner)}
	o.Rule = string(s.Ruled)
	if s.Learned != "" {
		o.Learned = "often_" + string(s.Learned)
	}
	for _, c := range s.Citations {
		o.Citations = append(o.Citations, ReportCitation{ReportSection: ReportSection{Guide: c.GuideSlug, Version: c.VersionN, SectionID: c.SectionID,
			Path: c.Path, Pages: pageRange(c.PageStart, c.PageEnd), Span: c.Span}, Quote: c.Quote})
	}
	for _, ref := range s.Services {
		o.Services = append(o.Services, reportService(ref.ServiceID, ref.Name, services[ref.VersionID+"/"+ref.ServiceID]))
	}
	return o
}

// pageRange is a passage's pages in the JSON shape: [first, last] for a paginated source, [] for
// another.
func pageRange(start, end int) []int {
	if start <= 0 {
		return []int{}
	}
	return []int{start, end}
}

func reportService(id, name string, svc socle.Service) ReportService {
	return ReportService{ID: id, Name: name, Contact: svc.Contact, Link: svc.Link}
}
