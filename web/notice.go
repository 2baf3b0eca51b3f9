package web

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-project/socle"
)

// A saved plan keeps its citations pinned to the text it cited. When a later publication
// changes or removes a cited section, the plan says so on the step, with the date and a link
// to the comparison; the quote itself does not move.

// noticeKey names a citation's section at its version.
func noticeKey(c socle.Citation) string { return citationKey(c.GuideSlug, c.SectionID, c.VersionN) }

func citationKey(guideSlug, sectionID string, n int) string {
	return fmt.Sprintf("%s/%s/%d", guideSlug, sectionID, n)
}

// noticeFor is the template function that finds a citation's notice, if any.
func noticeFor(notices map[string]socle.ChangeNotice, guideSlug, sectionID string, n int) *socle.ChangeNotice {
	if c, ok := notices[citationKey(guideSlug, sectionID, n)]; ok {
		return &c
	}
	return nil
}

// doctrineChanges finds, for each citation of a plan, the first change published to the cited
// section after the cited version, by noticeKey.
func (s *Server) doctrineChanges(ctx context.Context, orgID string, pl socle.Plan) (map[string]socle.ChangeNotice, error) {
	byGuide := map[string][]string{}
	oldest := map[string]int{}
	for _, st := range pl.Steps {
		for _, c := range st.Citations {
			byGuide[c.GuideID] = append(byGuide[c.GuideID], c.SectionID)
			if n, ok := oldest[c.GuideID]; !ok || c.VersionN < n {
				oldest[c.GuideID] = c.VersionN
			}
		}
	}
	out := map[string]socle.ChangeNotice{}
	for guideID, sections := range byGuide {
		ns, err := s.Store.ChangeNotices(ctx, orgID, socle.NoticeFilter{GuideID: guideID, SectionIDs: sections, AfterN: oldest[guideID]})
		if socle.IsKind(err, socle.ENOTFOUND) {
			continue // the guide is gone
		}
		if err != nil {
			return nil, err
		}
		for _, st := range pl.Steps {
			for _, c := range st.Citations {
				if c.GuideID != guideID {
					continue
				}
				k := noticeKey(c)
				for _, n := range ns { // ordered by the version that made them
					if _, seen := out[k]; !seen && n.SectionID == c.SectionID && n.FromN >= c.VersionN {
						out[k] = n
					}
				}
			}
		}
	}
	return out, nil
}

// doctrineChangeJSON tells an integration that a cited section changed after the plan cited it.
type doctrineChangeJSON struct {
	Step      int          `json:"step"`
	Citation  int          `json:"citation"`
	Guide     string       `json:"guide"`
	SectionID string       `json:"section_id"`
	Change    socle.Change `json:"change"`
	From      int          `json:"from_version"`
	To        int          `json:"to_version"`
	At        time.Time    `json:"at"`
	Diff      string       `json:"diff"`
}

func doctrineChangesJSON(pl socle.Plan, notices map[string]socle.ChangeNotice) []doctrineChangeJSON {
	out := []doctrineChangeJSON{}
	for i, st := range pl.Steps {
		for j, c := range st.Citations {
			n, ok := notices[noticeKey(c)]
			if !ok {
				continue
			}
			out = append(out, doctrineChangeJSON{Step: i, Citation: j, Guide: c.GuideSlug, SectionID: c.SectionID, Change: n.Change,
				From: c.VersionN, To: n.ToN, At: n.At, Diff: fmt.Sprintf("/api/v1/guides/%s/diff?from=%d&to=%d", c.GuideSlug, c.VersionN, n.ToN)})
		}
	}
	return out
}
