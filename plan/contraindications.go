package plan

import "regexp"

// Some steps are wrong for a need whatever else fits: practice forbids them. Family mediation
// puts a victim of domestic violence face to face with the abuser (the law rules it out when
// violence is alleged, art. 373-2-10 of the Code civil), and a plan for such a case must not
// propose it, even when the note's separation brings the mediation fiche first. Nor does it
// fit a child in danger, whose protection comes before any agreement between the parents
// (readers of fresh20 found mediation steps for two such children, docs/plans.md).
var contraindications = []struct {
	need  string         // when this need is detected…
	steps *regexp.Regexp // …no step whose sentence or headings (folded) say this
}{
	{"violences", mediation},
	{"danger-enfant", mediation},
	// A person who can no longer see to her own interests is protected first: the budget point
	// and a budget support ask her to manage her money, which the measure will do for her. Of
	// the demo notes' plans that gave those steps with a need of legal protection read, their
	// authors listed 2 and left out 4 (A–BJ), and both readers of batch BL read them "a later
	// stage, protection first" for one more.
	{"protection-juridique", budgetSupportSteps},
}

var mediation = regexp.MustCompile(`\bmediat(?:ion|eur|rice)s?\b`)

// Some steps serve one need only, whatever other need brings their passage: orienting a young
// child's parents to the PMI's consultations supports them as parents. A child in danger is the
// CRIP's first, and a mother's lack of a car is no call for a consultation: of the demo notes'
// plans that gave the PMI step with no need of parenting read, 9 were off their authors' lists
// and 2 on (batches A–AR, the thirty-fifth round).
var prerequisites = []struct {
	steps *regexp.Regexp // a step whose sentence (folded) says this…
	need  string         // …is for a case where this need is detected
}{
	{pmiStep, "parentalite"},
}

// contraindicated reports whether a sentence, read with its headings (both folded), is a step
// practice forbids for one of the needs detected, or one for a need not detected.
func contraindicated(detected map[string]bool, folded, headings string) bool {
	for _, c := range contraindications {
		if detected[c.need] && (c.steps.MatchString(folded) || c.steps.MatchString(headings)) {
			return true
		}
	}
	for _, p := range prerequisites {
		if !detected[p.need] && p.steps.MatchString(folded) {
			return true
		}
	}
	return false
}
