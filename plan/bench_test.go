package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/embedded"
)

// benchCases are realistic situations, run in turn.
var benchCases = []plan.Case{
	{Situation: "Mère seule avec deux enfants. Elle a reçu un commandement de payer pour trois mois d'impayés de loyer. Ses droits au chômage sont terminés.", Facts: plan.Facts{Age: 34, Territory: "38"}},
	{Situation: "Jeune homme de 19 ans sorti de l'ASE, sans domicile depuis une semaine, sans emploi ni formation, sans adresse pour son courrier.", Facts: plan.Facts{Age: 19}},
	{Situation: "Madame révèle que son conjoint la frappe et la menace de mort. Leurs deux enfants vivent au domicile."},
	{Situation: "Monsieur, 58 ans, handicap après un accident du travail, plus de couverture maladie, doit recevoir des soins."},
	{Situation: "Étudiante de 21 ans, boursière, quitte le domicile de ses parents ; elle demande quelles aides existent pour son loyer.", Facts: plan.Facts{Age: 21}},
}

// runPlans makes plans for the bench cases b.N times and reports latency percentiles.
func runPlans(b *testing.B, p *plan.Planner, orgID string) {
	var lat []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := benchCases[i%len(benchCases)]
		start := time.Now()
		if _, err := p.Plan(ctx, orgID, c); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
	}
	b.StopTimer()
	sort.Float64s(lat)
	b.ReportMetric(lat[len(lat)/2], "p50_ms")
	b.ReportMetric(lat[min(len(lat)-1, len(lat)*95/100)], "p95_ms")
}

// BenchmarkPlanDemo makes extractive plans on the demo organization's content, pseudonymizer
// included: go test ./plan -run '^$' -bench BenchmarkPlan -benchtime 200x
func BenchmarkPlanDemo(b *testing.B) {
	d := newDemo(b)
	pz, err := pseudonym.New(pseudonym.Options{})
	if err != nil {
		b.Fatal(err)
	}
	d.planner.Pseudonymizer = pz
	runPlans(b, d.planner, d.org.ID)
}

// BenchmarkPlanSelectDemo makes plans with a Selector whose model (an imitation answering at
// once) keeps the first three candidates: what the planner itself costs around a model, the
// candidates drawn and the passages offered beside the plan.
func BenchmarkPlanSelectDemo(b *testing.B) {
	d := newDemo(b)
	p := d.selectPlanner(b, &fakeModel{answer: func(string) (int, string) { return 200, keepJSON(1, 2, 3) }})
	runPlans(b, p, d.org.ID)
}

// BenchmarkPlanCorpus makes extractive plans with the 3,588 service-public texts as doctrine
// and the 552 aides-jeunes benefits as catalog (SOCLE_CORPUS, default ../shared/corpus).
func BenchmarkPlanCorpus(b *testing.B) {
	root := os.Getenv("SOCLE_CORPUS")
	if root == "" {
		root = "../../shared/corpus"
	}
	fiches, _ := filepath.Glob(filepath.Join(root, "guides/service-public-fiches-2020/flat_txts/*.txt"))
	benefits := filepath.Join(root, "catalogs/aides-jeunes/benefits.jsonl")
	if len(fiches) == 0 {
		b.Skipf("corpus not found at %s (set SOCLE_CORPUS)", root)
	}
	s, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	org := socle.Organization{Slug: "spf", Name: "Service public"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		b.Fatal(err)
	}
	auth := &authoring.Service{Store: s}
	for _, f := range append(fiches, benefits) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		kind := socle.KindMethodology
		if f == benefits {
			kind = socle.KindCatalog
		}
		_, err = auth.AddVersion(ctx, authoring.Upload{OrgID: org.ID, FileName: f, Data: data, Kind: kind, Publish: true})
		if err != nil && socle.KindOf(err) != socle.EINVALID { // a few fiches hold headings only
			b.Fatal(err)
		}
	}
	eng, _, err := retrieval.Open(ctx, b.TempDir(), retrieval.NewHashingEmbedder(0), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	eng.Glossary = s
	if err := eng.Rebuild(ctx, s, "", nil); err != nil {
		b.Fatal(err)
	}
	pz, err := pseudonym.New(pseudonym.Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := &plan.Planner{Store: s, Search: eng, Pseudonymizer: pz}
	b.Run("plain", func(b *testing.B) { runPlans(b, p, org.ID) })
	// What colleagues kept, read from the store at every plan (no cache: the worst case; the
	// server caches it a minute): 2,000 drafts saved, 10,000 passage uses, among them each bench
	// case's first step removed and first passage offered added, twice.
	var events []socle.UsageEvent
	for _, c := range benchCases {
		res, err := p.Plan(ctx, org.ID, c)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Plan.Steps) == 0 || len(res.Offered) == 0 {
			continue
		}
		saved := socle.Plan{Steps: append(slices.Clone(res.Plan.Steps[1:]), res.Offered[0])}
		uses := plan.PassageUses(res.Plan, res.Offered, saved)
		for _, member := range []string{"u1", "u2"} {
			events = append(events, socle.UsageEvent{OrgID: org.ID, UserID: member, Kind: socle.UsageDraft, Passages: uses})
		}
	}
	for i := len(events); i < 2000; i++ {
		var uses []socle.PassageUse
		for j := range 5 {
			uses = append(uses, socle.PassageUse{Need: "logement", GuideID: "g", Digest: socle.PassageDigest(fmt.Sprint(i, j)), Use: socle.PassageKept})
		}
		events = append(events, socle.UsageEvent{OrgID: org.ID, UserID: "u", Kind: socle.UsageDraft, Passages: uses})
	}
	if err := s.RecordUsage(ctx, events); err != nil {
		b.Fatal(err)
	}
	learning := &plan.Planner{Store: s, Search: eng, Pseudonymizer: pz, History: &plan.UsageHistory{Store: s, TTL: -1}}
	b.Run("history", func(b *testing.B) { runPlans(b, learning, org.ID) })
}
