package plan_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/socle-project/socle/retrieval/situation"
)

// TestStepReaderDevSet asks whether a model that reads words could pick a plan's on-topic steps
// where the planner's rules cannot (docs/plans.md, nineteenth round). It reads the plans of
// every set that readers read (SOCLE_SITUATIONS_DUMP files in SOCLE_STEPREADER_DUMPS, one
// <set>.jsonl each, with SOCLE_SITUATIONS_CANDIDATES on: the steps and every passage offered),
// labels each candidate sentence with its reading, and fits a logistic model on sparse features
// of the sentence, its headings, its need and the note (the words of each, the words they
// share, the sentence's first words, its acronyms the note lacks, whether the planner took it
// and at which rank), each set measured by a model fitted on the others. It reports the AUC,
// what share of the best-scored candidates is on-topic, and the plans made by keeping a plan's
// as many best-scored candidates as it has steps. An experiment: nothing in the planner uses it.
//
//	make eval-stepreader
func TestStepReaderDevSet(t *testing.T) {
	dir := os.Getenv("SOCLE_STEPREADER_DUMPS")
	if dir == "" {
		t.Skip("set SOCLE_STEPREADER_DUMPS to a folder of SOCLE_SITUATIONS_DUMP files (make eval-stepreader)")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no <set>.jsonl in %s: %v", dir, err)
	}
	data := map[string][]readCandidate{}
	var sets []string
	for _, f := range files {
		set := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		read := readingsOf(t, set)
		cs := loadCandidates(t, f, read)
		labelled := 0
		for _, c := range cs {
			if c.read {
				labelled++
			}
		}
		if labelled == 0 {
			continue
		}
		data[set] = cs
		sets = append(sets, set)
		t.Logf("%s: %d candidates, %d read", set, len(cs), labelled)
	}
	sort.Strings(sets)
	var pooled []scored
	var tot struct{ extOff, extRead, extCore, modOff, modRead, modCore, modUnread int }
	for _, held := range sets {
		var train []readCandidate
		for _, s := range sets {
			if s != held {
				for _, c := range data[s] {
					if c.read {
						train = append(train, c)
					}
				}
			}
		}
		m := fitStepReader(train)
		var ps []scored
		for _, c := range data[held] {
			if c.read {
				ps = append(ps, scored{m.score(c.features), c.on})
			}
		}
		pooled = append(pooled, ps...)
		// Each plan keeps as many candidates as the extractive plan has steps: the best-scored.
		byPlan := map[string][]readCandidate{}
		var order []string
		for _, c := range data[held] {
			if byPlan[c.plan] == nil {
				order = append(order, c.plan)
			}
			byPlan[c.plan] = append(byPlan[c.plan], c)
		}
		var e, md struct{ off, read, core, unread int }
		for _, id := range order {
			cs := byPlan[id]
			var ext []readCandidate
			for _, c := range cs {
				if c.step {
					ext = append(ext, c)
				}
			}
			mod := append([]readCandidate(nil), cs...)
			sort.SliceStable(mod, func(a, b int) bool { return m.score(mod[a].features) > m.score(mod[b].features) })
			mod = mod[:len(ext)]
			for _, pick := range []struct {
				cs  []readCandidate
				tal *struct{ off, read, core, unread int }
			}{{ext, &e}, {mod, &md}} {
				core := false
				for _, c := range pick.cs {
					core = core || c.grade == 2
					if !c.read {
						pick.tal.unread++
						continue
					}
					pick.tal.read++
					if !c.on {
						pick.tal.off++
					}
				}
				if core {
					pick.tal.core++
				}
			}
		}
		t.Logf("%-10s AUC %.3f; extractive %d of %d read off-topic (%.0f%%), %d plans citing a core document; the model's picks %d of %d (%.0f%%, %d not read), %d", held, auc(ps),
			e.off, e.read, pct(e.off, e.read), e.core, md.off, md.read, pct(md.off, md.read), md.unread, md.core)
		tot.extOff, tot.extRead, tot.extCore = tot.extOff+e.off, tot.extRead+e.read, tot.extCore+e.core
		tot.modOff, tot.modRead, tot.modCore, tot.modUnread = tot.modOff+md.off, tot.modRead+md.read, tot.modCore+md.core, tot.modUnread+md.unread
	}
	t.Logf("all sets, each read by a model fitted on the others: AUC %.3f; extractive %.0f%% off-topic, %d plans citing a core document; the model's picks %.0f%% (%d not read), %d",
		auc(pooled), pct(tot.extOff, tot.extRead), tot.extCore, pct(tot.modOff, tot.modRead), tot.modUnread, tot.modCore)
	sort.SliceStable(pooled, func(a, b int) bool { return pooled[a].score > pooled[b].score })
	for _, q := range []float64{0.05, 0.1, 0.2, 0.3, 0.5} {
		top := pooled[:max(1, int(q*float64(len(pooled))))]
		on := 0
		for _, s := range top {
			if s.on {
				on++
			}
		}
		t.Logf("the best-scored %2.0f%% of the candidates read (%d): %.0f%% on-topic", 100*q, len(top), pct(on, len(top)))
	}
}

type readCandidate struct {
	plan     string
	features []string
	on, read bool
	step     bool
	grade    int
}

type scored struct {
	score float64
	on    bool
}

func pct(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }

// loadCandidates reads a dump's candidates with their readings and features.
func loadCandidates(t *testing.T, path string, read *stepReadings) []readCandidate {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type cand struct {
		Action, Doc, Need, Path string
		Grade                   int
	}
	var out []readCandidate
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var d struct {
			ID, Text   string
			Steps      []cand
			Candidates []cand
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		taken := map[string]bool{}
		for _, s := range d.Steps {
			taken[strings.TrimSpace(s.Action)] = true
		}
		noteWords := stemSet(d.Text)
		noteAcronyms := acronymSet(d.Text)
		for i, c := range d.Candidates {
			v, ok := read.of(d.ID, c.Action)
			step := taken[strings.TrimSpace(c.Action)]
			out = append(out, readCandidate{plan: d.ID, on: v == "on", read: ok, step: step, grade: c.Grade,
				features: candidateFeatures(c.Action, c.Path, c.Doc, c.Need, noteWords, noteAcronyms, i, step)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	wordPattern    = regexp.MustCompile(`[a-z0-9]+`)
	acronymPattern = regexp.MustCompile(`\b[A-Z]{2,6}\b`)
	stopWords      = map[string]bool{}
)

func init() {
	for _, w := range strings.Fields("de la le les des du un une et a au aux en pour par sur vous votre vos est sont dans qui que ne pas ou il elle ce cette ces se sa son ses avec plus peut etre doit si lors dont leur leurs y on") {
		stopWords[w] = true
	}
}

// stems are a text's folded words, stop words out, cut to six letters.
func stems(s string) []string {
	var out []string
	for _, w := range wordPattern.FindAllString(situation.Fold(s), -1) {
		if len(w) > 1 && !stopWords[w] {
			out = append(out, w[:min(len(w), 6)])
		}
	}
	return out
}

func stemSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range stems(s) {
		m[w] = true
	}
	return m
}

func acronymSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, a := range acronymPattern.FindAllString(s, -1) {
		m[a] = true
	}
	return m
}

func candidateFeatures(action, path, doc, need string, noteWords, noteAcronyms map[string]bool, rank int, step bool) []string {
	f := []string{"need=" + need, "source=" + strings.SplitN(doc, ":", 2)[0], fmt.Sprintf("step=%v", step), fmt.Sprintf("rank=%d", min(rank, 8))}
	tokens := strings.Fields(situation.Fold(action))
	if len(tokens) > 0 {
		f = append(f, "first="+tokens[0])
	}
	if len(tokens) > 1 {
		f = append(f, "first2="+tokens[0]+"_"+tokens[1])
	}
	sentence := stemSet(action)
	shared := 0
	for w := range sentence {
		f = append(f, "word="+w, "need-word="+need+"|"+w)
		if noteWords[w] {
			shared++
		}
	}
	headings := strings.Split(path, " › ")
	for w := range stemSet(headings[len(headings)-1]) {
		f = append(f, "heading="+w, "need-heading="+need+"|"+w)
	}
	for w := range stemSet(headings[0]) {
		f = append(f, "title="+w)
	}
	sharedPath := 0
	for w := range stemSet(path) {
		if noteWords[w] {
			sharedPath++
		}
	}
	missing, found := 0, 0
	for a := range acronymSet(action) {
		if noteAcronyms[a] {
			found++
		} else {
			missing++
		}
	}
	return append(f, fmt.Sprintf("shared=%d", min(shared, 4)), fmt.Sprintf("shared-path=%d", min(sharedPath, 4)),
		fmt.Sprintf("acronyms-missing=%d", min(missing, 2)), fmt.Sprintf("acronyms-found=%d", min(found, 2)),
		fmt.Sprintf("length=%d", min(len(sentence)/6, 4)), fmt.Sprintf("depth=%d", min(len(headings), 4)))
}

type stepReader struct {
	w    map[string]float64
	bias float64
}

func (m stepReader) score(features []string) float64 {
	z := m.bias
	for _, f := range features {
		z += m.w[f]
	}
	return z
}

// fitStepReader fits the logistic model by stochastic gradient descent in a fixed order: the
// same readings always give the same model. A feature seen in fewer than three readings is not
// learned.
func fitStepReader(train []readCandidate) stepReader {
	seen := map[string]int{}
	for _, c := range train {
		for _, f := range c.features {
			seen[f]++
		}
	}
	m := stepReader{w: map[string]float64{}}
	rng := rand.New(rand.NewPCG(1, 2))
	idx := make([]int, len(train))
	for i := range idx {
		idx[i] = i
	}
	rate := 0.2
	for epoch := 0; epoch < 15; epoch++ {
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, i := range idx {
			c := train[i]
			var fs []string
			for _, f := range c.features {
				if seen[f] >= 3 {
					fs = append(fs, f)
				}
			}
			z := m.bias
			for _, f := range fs {
				z += m.w[f]
			}
			y := 0.0
			if c.on {
				y = 1
			}
			g := 1/(1+math.Exp(-max(-30, min(30, z)))) - y
			m.bias -= rate * g
			for _, f := range fs {
				m.w[f] -= rate * (g + 1e-4*m.w[f])
			}
		}
		rate *= 0.9
	}
	return m
}

// auc is the chance that an on-topic candidate scores above an off-topic one.
func auc(ps []scored) float64 {
	var pos, neg []float64
	for _, p := range ps {
		if p.on {
			pos = append(pos, p.score)
		} else {
			neg = append(neg, p.score)
		}
	}
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, a := range pos {
		for _, b := range neg {
			switch {
			case a > b:
				sum++
			case a == b:
				sum += 0.5
			}
		}
	}
	return sum / float64(len(pos)*len(neg))
}
