package plan_test

import (
	"os"
	"path/filepath"
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
	runPlans(b, &plan.Planner{Store: s, Search: eng, Pseudonymizer: pz}, org.ID)
}
