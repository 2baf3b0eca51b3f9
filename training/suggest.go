package training

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/socle-project/socle"
)

// A trainer starts from a suggestion and edits it: one guide's structure, or the sections
// caseworkers actually cite in their plans. Usage is counted from what saved plans record of
// their citations and of the needs each step answers, never from the situation's text.

// FromGuide suggests a path through one guide: its top-level sections in order.
func (s *Service) FromGuide(ctx context.Context, orgID, slug string) (Draft, error) {
	g, err := s.Store.GuideBySlug(ctx, orgID, slug)
	if err != nil {
		return Draft{}, err
	}
	vs, err := s.Store.Versions(ctx, orgID, g.ID)
	if err != nil {
		return Draft{}, err
	}
	v, err := publishedVersion(g, vs, 0, 1)
	if err != nil {
		return Draft{}, err
	}
	secs, err := s.Store.Sections(ctx, orgID, v.ID)
	if err != nil {
		return Draft{}, err
	}
	top := 0
	for _, sec := range secs {
		if sec.Level > 0 && (top == 0 || sec.Level < top) {
			top = sec.Level
		}
	}
	d := Draft{Title: "Découvrir : " + g.Title, Description: fmt.Sprintf("Les parties de « %s », dans l'ordre du guide.", g.Title)}
	seenTop := map[string]bool{}
	for _, sec := range secs {
		// A part whose heading has no text of its own is read through its first section.
		if len(sec.Path) < top || sec.Level == 0 {
			continue
		}
		part := sec.Path[top-1]
		if seenTop[part] {
			continue
		}
		seenTop[part] = true
		d.Steps = append(d.Steps, StepDraft{Guide: g.Slug, Version: v.N, SectionID: sec.ID})
	}
	if len(d.Steps) == 0 {
		return d, socle.Errorf(socle.EINVALID, "guide %q has no section to start a path from", slug)
	}
	return d, nil
}

// UsageCount is a section cited by plans for one need.
type UsageCount struct {
	Need      string // the need's code, "" when the step had none
	GuideID   string
	SectionID string
	Plans     int
}

// maxUsageSteps bounds a suggestion from usage: an onboarding path, not a census.
const maxUsageSteps = 15

// FromUsage suggests a path through the sections most cited by the plans saved since, grouped
// by the need they answered, needs in order of use.
func (s *Service) FromUsage(ctx context.Context, orgID string, since time.Time) (Draft, []UsageCount, error) {
	plans, err := s.Store.Plans(ctx, orgID, socle.PlanFilter{Since: since, Limit: 100_000})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return Draft{}, nil, err
	}
	type key struct{ need, guide, section string }
	counts := map[key]int{}
	needUse := map[string]int{}
	for _, p := range plans {
		seen := map[key]bool{}
		for _, st := range p.Steps {
			for _, c := range st.Citations {
				k := key{st.Need, c.GuideID, c.SectionID}
				if !seen[k] {
					seen[k] = true
					counts[k]++
					needUse[st.Need]++
				}
			}
		}
	}
	var usage []UsageCount
	for k, n := range counts {
		usage = append(usage, UsageCount{Need: k.need, GuideID: k.guide, SectionID: k.section, Plans: n})
	}
	sort.Slice(usage, func(i, j int) bool {
		a, b := usage[i], usage[j]
		if needUse[a.Need] != needUse[b.Need] {
			return needUse[a.Need] > needUse[b.Need]
		}
		if a.Need != b.Need {
			return a.Need < b.Need
		}
		if a.Plans != b.Plans {
			return a.Plans > b.Plans
		}
		return a.SectionID < b.SectionID
	})
	d := Draft{Title: "Ce que les professionnels utilisent", Description: fmt.Sprintf("Les passages les plus cités dans les plans enregistrés depuis le %s, par besoin.", since.Format("02/01/2006"))}
	type target struct {
		slug string
		v    socle.Version
		ok   bool
	}
	targets := map[string]target{}
	seen := map[string]bool{}
	var kept []UsageCount
	for _, u := range usage {
		if len(d.Steps) == maxUsageSteps {
			break
		}
		t, known := targets[u.GuideID]
		if !known {
			if g, err := s.Store.Guide(ctx, orgID, u.GuideID); err == nil {
				vs, err := s.Store.Versions(ctx, orgID, g.ID)
				if err != nil {
					return d, nil, err
				}
				v, err := publishedVersion(g, vs, 0, 1)
				t = target{slug: g.Slug, v: v, ok: err == nil}
			}
			targets[u.GuideID] = t
		}
		// A guide gone or withdrawn since, a section no longer published, a section cited for
		// several needs (one step): skipped.
		if !t.ok || seen[u.GuideID+"/"+u.SectionID] {
			continue
		}
		if _, err := s.Store.Section(ctx, orgID, t.v.ID, u.SectionID); err != nil {
			continue
		}
		seen[u.GuideID+"/"+u.SectionID] = true
		d.Steps = append(d.Steps, StepDraft{Guide: t.slug, SectionID: u.SectionID, Note: fmt.Sprintf("Cité dans %d plan(s).", u.Plans)})
		kept = append(kept, u)
	}
	if len(d.Steps) == 0 {
		return d, nil, socle.Errorf(socle.ENOTFOUND, "no saved plan since %s cites the published doctrine: start from a guide instead", since.Format("02/01/2006"))
	}
	return d, kept, nil
}
