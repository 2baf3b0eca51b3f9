package insights_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/postgres/pgtest"
)

// percentiles reports the median and 95th percentile of latencies in milliseconds.
func percentiles(b *testing.B, lat []float64, prefix string) (p50, p95 float64) {
	if len(lat) == 0 {
		return 0, 0 // the first run of one iteration
	}
	sort.Float64s(lat)
	p50, p95 = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*95/100)]
	b.ReportMetric(p50, prefix+"p50_ms")
	b.ReportMetric(p95, prefix+"p95_ms")
	return p50, p95
}

// seedUsage gives an organization a published guide of 300 sections and n usage events spread
// over the 90 days before now, shaped like a busy organization's: plans citing a few sections
// for a few needs, searches (a fifth of them finding nothing good), sections opened, verdicts
// with comments.
func seedUsage(b *testing.B, s socle.Store, n int, now time.Time) socle.Organization {
	ctx := context.Background()
	org := socle.Organization{Slug: "bench", Name: "Bench"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		b.Fatal(err)
	}
	var md strings.Builder
	for i := range 300 {
		fmt.Fprintf(&md, "## Fiche %d\n\nContacter le service %d sous huit jours et noter la démarche.\n\n", i, i)
	}
	res, err := (&authoring.Service{Store: s}).AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "guide", FileName: "guide.md", Data: []byte(md.String()), Publish: true})
	if err != nil {
		b.Fatal(err)
	}
	secs, err := s.Sections(ctx, org.ID, res.Version.ID)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	section := func() socle.CitedSection {
		// Usage is skewed: a few sections are cited most of the time.
		i := min(len(secs)-1, int(r.ExpFloat64()*40))
		return socle.CitedSection{GuideID: res.Guide.ID, VersionN: res.Version.N, SectionID: secs[i].ID, Score: r.Float64()}
	}
	needs := []string{"logement", "dettes", "emploi", "sante", "handicap", "violences", "justice", "mobilite", "numerique", "alimentation",
		"enfance", "isolement", "administratif", "energie", "formation", "jeunesse", "retraite", "deces", "etrangers", "addictions"}
	batch := make([]socle.UsageEvent, 0, 1000)
	for i := range n {
		e := socle.UsageEvent{OrgID: org.ID, UserID: fmt.Sprintf("u%d", i%40), At: now.Add(-time.Duration(r.Int64N(int64(90 * 24 * time.Hour))))}
		switch k := r.IntN(100); {
		case k < 40:
			e.Kind = socle.UsagePlan
			for range 1 + r.IntN(3) {
				e.Needs = append(e.Needs, socle.NeedUse{Code: needs[r.IntN(len(needs))], Covered: r.IntN(4) > 0})
			}
			for range 2 + r.IntN(4) {
				e.Cited = append(e.Cited, section())
			}
		case k < 80:
			e.Kind = socle.UsageSearch
			e.Query = fmt.Sprintf("recherche %d", r.IntN(2000))
			e.Found = r.IntN(5) > 0
		case k < 95:
			e.Kind = socle.UsageOpen
			e.Cited = []socle.CitedSection{section()}
		default:
			e.Kind = socle.UsageFeedback
			e.Cited = []socle.CitedSection{section()}
			e.Verdict = socle.VerdictUseful
			if r.IntN(3) == 0 {
				e.Verdict, e.Comment = socle.VerdictWrong, "Le délai a changé."
			}
		}
		batch = append(batch, e)
		if len(batch) == cap(batch) || i == n-1 {
			if err := s.RecordUsage(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return org
}

// BenchmarkReport100k is the insights page's queries at 100,000 usage events, in both stores
// (PostgreSQL when SOCLE_TEST_DATABASE_URL answers): the last 30 days and the whole 90.
// Target: p95 ≤ 200 ms. go test ./insights -run '^$' -bench BenchmarkReport100k -benchtime 50x
func BenchmarkReport100k(b *testing.B) {
	now := socle.Now()
	modes := []struct {
		name string
		open func(b *testing.B) socle.Store
	}{
		{"embedded", func(b *testing.B) socle.Store {
			s, err := embedded.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		}},
		{"postgres", func(b *testing.B) socle.Store { s, _ := pgtest.Open(b); return s }},
	}
	for _, m := range modes {
		b.Run(m.name, func(b *testing.B) {
			s := m.open(b)
			org := seedUsage(b, s, 100_000, now)
			svc := &insights.Service{Store: s}
			var month, quarter []float64
			b.ResetTimer()
			for range b.N {
				for _, q := range []struct {
					days int
					lat  *[]float64
				}{{30, &month}, {90, &quarter}} {
					start := time.Now()
					r, err := svc.Report(context.Background(), org.ID, insights.Query{From: now.AddDate(0, 0, -q.days), To: now})
					if err != nil {
						b.Fatal(err)
					}
					if r.Plans == 0 || len(r.Sections) != 300 {
						b.Fatalf("report of %d days: %d plans, %d sections", q.days, r.Plans, len(r.Sections))
					}
					*q.lat = append(*q.lat, float64(time.Since(start).Microseconds())/1000)
				}
			}
			b.StopTimer()
			percentiles(b, month, "30d_")
			percentiles(b, quarter, "90d_")
		})
	}
}

// BenchmarkPlanRecording is the cost of recording usage on a plan: plans on the demo content,
// alternately with the recorder on (the event built, queued and written in the background to
// the same store) and off, in the same run. Target: p95 on within 5% of off.
// go test ./insights -run '^$' -bench BenchmarkPlanRecording -benchtime 400x
func BenchmarkPlanRecording(b *testing.B) {
	ctx := context.Background()
	s, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	org := socle.Organization{Slug: "demo", Name: "Démo"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		b.Fatal(err)
	}
	auth := &authoring.Service{Store: s}
	for _, f := range []struct{ file, guide string }{
		{"../cmd/socle/demo/guide-accompagnement.md", "accompagnement"},
		{"../cmd/socle/demo/services.csv", "services"},
	} {
		data, err := os.ReadFile(f.file)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := auth.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: f.guide, FileName: f.file, Data: data, Publish: true}); err != nil {
			b.Fatal(err)
		}
	}
	eng, _, err := retrieval.Open(ctx, b.TempDir(), retrieval.NewHashingEmbedder(0), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { eng.Close() })
	if err := eng.Rebuild(ctx, s, "", nil); err != nil {
		b.Fatal(err)
	}
	pz, err := pseudonym.New(pseudonym.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := &plan.Planner{Store: s, Search: eng, Pseudonymizer: pz}
	rec := &insights.Recorder{Store: s}
	rec.Start()
	defer rec.Stop()
	cases := []plan.Case{
		{Situation: "Mère seule avec deux enfants, trois mois d'impayés de loyer, le bailleur menace d'expulsion."},
		{Situation: "Jeune de 19 ans sorti de l'ASE, sans domicile, sans ressources."},
		{Situation: "Madame dit que son conjoint la frappe ; leurs deux enfants vivent au domicile."},
		{Situation: "Monsieur, 58 ans, handicap après un accident du travail, plus de couverture maladie."},
	}
	var on, off []float64
	b.ResetTimer()
	for i := range b.N {
		record := i%2 == 0
		start := time.Now()
		res, err := p.Plan(ctx, org.ID, cases[(i/2)%len(cases)])
		if err != nil {
			b.Fatal(err)
		}
		if record {
			rec.Record(insights.PlanEvent(org.ID, "u", res))
			on = append(on, float64(time.Since(start).Microseconds())/1000)
		} else {
			off = append(off, float64(time.Since(start).Microseconds())/1000)
		}
	}
	rec.Flush()
	b.StopTimer()
	if rec.Dropped() > 0 || rec.Failed() > 0 {
		b.Fatalf("recorder dropped %d and failed %d events", rec.Dropped(), rec.Failed())
	}
	_, onP95 := percentiles(b, on, "on_")
	_, offP95 := percentiles(b, off, "off_")
	if offP95 > 0 {
		b.ReportMetric(onP95/offP95, "p95_on/off")
	}
}
