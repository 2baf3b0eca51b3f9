package retrieval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// isolationWords is a small vocabulary shared by every organization, so that any query
// matches passages of several organizations and only the filter keeps them apart.
var isolationWords = strings.Fields("accompagnement enfant famille logement insertion emploi référent " +
	"évaluation contrat orientation santé handicap protection aide sociale urgence hébergement " +
	"allocation revenu solidarité jeunesse parentalité budget dette mobilité formation")

// TestSearchNeverCrossesOrganizations is a property test: over random organizations,
// guides, versions and states, random filters and random queries, in every mode, every
// hit belongs to the organization searched and passes the filter; and the searches do
// find things, so the property is not vacuous.
func TestSearchNeverCrossesOrganizations(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			nOrgs := 2 + r.IntN(4)
			kinds := []socle.GuideKind{socle.KindMethodology, socle.KindCatalog, socle.KindReference}
			states := []socle.VersionState{socle.StatePublished, socle.StatePublished, socle.StateDraft, socle.StateReview}
			type where struct {
				org, guide, version string
				kind                socle.GuideKind
				state               socle.VersionState
			}
			truth := map[string]where{} // passage key → where it lives
			var passages []Passage
			var versions []string
			for o := 0; o < nOrgs; o++ {
				org := fmt.Sprintf("org-%d-%d", seed, o)
				for g := 0; g < 1+r.IntN(3); g++ {
					// Guide and version ids repeat across organizations on purpose: a
					// filter naming them must still not reach another organization.
					guide := fmt.Sprintf("g%d", g)
					kind := kinds[r.IntN(len(kinds))]
					for v := 0; v < 1+r.IntN(2); v++ {
						version := fmt.Sprintf("v%d-%d", g, v)
						versions = append(versions, version)
						state := states[r.IntN(len(states))]
						for s := 0; s < 2+r.IntN(6); s++ {
							words := make([]string, 5+r.IntN(20))
							for i := range words {
								words[i] = isolationWords[r.IntN(len(isolationWords))]
							}
							p := testPassage(org, guide, version, fmt.Sprintf("s%d", s), strings.Join(words, " "))
							p.Kind, p.State = kind, state
							passages = append(passages, p)
							truth[p.Key()] = where{org, guide, version, kind, state}
						}
					}
				}
			}
			e := newTestEngine(t, passages...)
			found := 0
			for i := 0; i < 60; i++ {
				org := fmt.Sprintf("org-%d-%d", seed, r.IntN(nOrgs+1)) // one organization has nothing
				q := Query{Text: strings.Join([]string{isolationWords[r.IntN(len(isolationWords))], isolationWords[r.IntN(len(isolationWords))]}, " "), Limit: 50}
				q.Mode = Modes[r.IntN(len(Modes))]
				if r.IntN(3) == 0 {
					q.GuideIDs = []string{fmt.Sprintf("g%d", r.IntN(3))}
				}
				if r.IntN(3) == 0 {
					q.Kinds = []socle.GuideKind{kinds[r.IntN(len(kinds))]}
				}
				if r.IntN(4) == 0 {
					q.VersionID = versions[r.IntN(len(versions))]
				}
				res, err := e.Search(context.Background(), org, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					w, ok := truth[h.Key()]
					if !ok {
						t.Fatalf("hit %q was never indexed", h.Key())
					}
					if w.org != org || h.OrgID != org {
						t.Fatalf("search of %s (%+v) returned a passage of %s", org, q, w.org)
					}
					if len(q.GuideIDs) > 0 && w.guide != q.GuideIDs[0] {
						t.Fatalf("guide filter %v returned guide %s", q.GuideIDs, w.guide)
					}
					if len(q.Kinds) > 0 && w.kind != q.Kinds[0] {
						t.Fatalf("kind filter %v returned kind %s", q.Kinds, w.kind)
					}
					if q.VersionID != "" && w.version != q.VersionID {
						t.Fatalf("version filter %s returned version %s", q.VersionID, w.version)
					}
					if q.VersionID == "" && w.state != socle.StatePublished {
						t.Fatalf("search without a version returned a %s version", w.state)
					}
				}
				found += len(res.Hits)
			}
			if found == 0 {
				t.Fatal("no search found anything: the property was not exercised")
			}
		})
	}
}
