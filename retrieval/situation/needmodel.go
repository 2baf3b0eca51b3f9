package situation

import (
	"bufio"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	socle "github.com/socle-project/socle"
)

// The lexicon reads the needs a note names or paraphrases in phrasings someone wrote down; the
// next caseworker writes others ("ne sort presque plus de sa chambre depuis une chute", "ce sont
// ses voisins qui lui montent ses repas": the need for help with daily life, in none of the
// lexicon's words). A NeedModel reads needs the way the notes written for Socle showed them: a
// logistic regression per need over a note's words (their first six letters) and pairs of
// neighbouring words, fitted on the situations written for Socle with the needs their authors
// meant (retrieval/testdata/situations), shipped as data (needmodel.tsv). It suggests a need
// the lexicon did not read when the need is more likely than not (Reading.Suggested).
//
// Measured by leaving each set of situations out of the fit in turn (a set is one author's):
// the lexicon alone reads 69% of the needs the authors meant, at 69% precision; with the
// model's suggestions, 76% at 67% (docs/plans.md, twelfth round).
type NeedModel struct {
	bias    map[string]float64
	weights map[string]map[string]float64 // need code → feature → weight
}

// SuggestThreshold is the probability above which the model suggests a need.
const SuggestThreshold = 0.5

// LabelledNote is a situation written with the needs its author meant.
type LabelledNote struct {
	Text  string   `json:"text"`
	Needs []string `json:"needs"`
}

//go:embed needmodel.tsv
var needModelTSV string

var defaultNeedModel = sync.OnceValue(func() *NeedModel {
	m, err := ParseNeedModel(strings.NewReader(needModelTSV))
	if err != nil {
		panic("situation: the shipped needmodel.tsv does not parse: " + err.Error())
	}
	return m
})

// DefaultNeedModel is the model shipped with Socle.
func DefaultNeedModel() *NeedModel { return defaultNeedModel() }

// noteStop are the words too common in notes to say anything of a need.
var noteStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields("les des une pour dans avec sur par pas qui que est son ses sa aux elle il ils elles lui eux mais plus depuis ans mme cette ces leur leurs tres fait faire ont ete etre avoir avait etait sont peut doit veut tout tous toute toutes comme chez apres avant encore deja aussi alors donc quand dont car puis ceux celle celui elles") {
		noteStop[w] = true
	}
}

var (
	noteWord    = regexp.MustCompile(`[a-z0-9]+`)
	writtenWord = regexp.MustCompile(`[\pL\pN]+`)
)

// noteToken is a word of a folded note and its stem (its first six letters).
type noteToken struct{ word, stem string }

func noteTokens(folded string) []noteToken {
	var out []noteToken
	for _, w := range noteWord.FindAllString(folded, -1) {
		if len(w) < 3 || noteStop[w] {
			continue
		}
		out = append(out, noteToken{word: w, stem: w[:min(6, len(w))]})
	}
	return out
}

// noteFeatures are a note's stems and pairs of neighbouring stems, each once, with the words of
// the note that make each (for the evidence shown to the caseworker).
func noteFeatures(folded string) map[string][]string {
	toks := noteTokens(folded)
	out := make(map[string][]string, 2*len(toks))
	for i, t := range toks {
		if _, ok := out[t.stem]; !ok {
			out[t.stem] = []string{t.word}
		}
		if i > 0 {
			pair := toks[i-1].stem + " " + t.stem
			if _, ok := out[pair]; !ok {
				out[pair] = []string{toks[i-1].word, t.word}
			}
		}
	}
	return out
}

// probability is the model's probability that a note with these features shows the need, and
// the words that weigh most for it (at most three features' words, heaviest first).
// keys are feats' keys in order, so that the sum is the same in every run.
func (m *NeedModel) probability(code string, feats map[string][]string, keys []string) (float64, []string) {
	w := m.weights[code]
	z := m.bias[code]
	type contribution struct {
		feature string
		weight  float64
	}
	var for_ []contribution
	for _, f := range keys {
		if x, ok := w[f]; ok {
			z += x
			if x > 0 {
				for_ = append(for_, contribution{f, x})
			}
		}
	}
	sort.Slice(for_, func(i, j int) bool {
		if for_[i].weight != for_[j].weight {
			return for_[i].weight > for_[j].weight
		}
		return for_[i].feature < for_[j].feature
	})
	var words []string
	for _, c := range for_[:min(3, len(for_))] {
		words = appendNew(words, feats[c.feature]...)
	}
	return sigmoid(z), words
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-max(-30, min(30, z)))) }

// suggest gives the needs the model reads in a note (text, and folded) beyond those already
// found (or struck out), more likely first, each with the words that weigh most for it, as the
// note writes them, and the sentences holding them.
func (m *NeedModel) suggest(text, folded string, sentences, foldedSentences []string, skip map[string]bool) []Detected {
	feats := noteFeatures(folded)
	written := map[string]string{} // folded word → the word as written ("etage" → "étage")
	for _, w := range writtenWord.FindAllString(text, -1) {
		if f := Fold(w); written[f] == "" {
			written[f] = strings.ToLower(w)
		}
	}
	keys := make([]string, 0, len(feats))
	for f := range feats {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	var out []Detected
	for _, n := range Needs() {
		if skip[n.Code] {
			continue
		}
		p, words := m.probability(n.Code, feats, keys)
		if p <= SuggestThreshold {
			continue
		}
		d := Detected{Need: n, Probability: p}
		for _, w := range words {
			d.Evidence = append(d.Evidence, cmp.Or(written[w], w))
		}
		for i, fs := range foldedSentences {
			for _, w := range words {
				if wordIndex(fs, w) >= 0 {
					d.Sentences = append(d.Sentences, sentences[i])
					break
				}
			}
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Probability > out[j].Probability })
	return out
}

// The fit: stochastic gradient descent on the log loss with an L2 penalty, in a fixed order
// drawn from a fixed seed, so that the same notes always give the same model.
const (
	fitEpochs  = 40
	fitRate    = 0.3
	fitDecay   = 0.93 // the rate's factor after each epoch
	fitL2      = 1.0  // inverse strength of the penalty, per note
	fitMinSeen = 2    // a feature seen in fewer notes is not learned
)

// TrainNeedModel fits a model on notes whose needs are codes of the taxonomy (Needs()).
func TrainNeedModel(notes []LabelledNote) (*NeedModel, error) {
	needs := Needs()
	codes := make([]string, len(needs))
	for i, n := range needs {
		codes[i] = n.Code
	}
	seen := map[string]int{}
	featured := make([]map[string][]string, len(notes))
	for i, n := range notes {
		for _, c := range n.Needs {
			if !slices.Contains(codes, c) {
				return nil, socle.Errorf(socle.EINVALID, "note %d lists the need %q, which is not one of the needs (%s): correct it", i+1, c, strings.Join(codes, ", "))
			}
		}
		featured[i] = noteFeatures(Fold(n.Text))
		for f := range featured[i] {
			seen[f]++
		}
	}
	var vocab []string
	for f, c := range seen {
		if c >= fitMinSeen {
			vocab = append(vocab, f)
		}
	}
	sort.Strings(vocab)
	index := make(map[string]int, len(vocab))
	for i, f := range vocab {
		index[f] = i
	}
	type example struct {
		feats []int
		needs []bool
	}
	data := make([]example, len(notes))
	for i, n := range notes {
		for f := range featured[i] {
			if j, ok := index[f]; ok {
				data[i].feats = append(data[i].feats, j)
			}
		}
		slices.Sort(data[i].feats)
		data[i].needs = make([]bool, len(codes))
		for k, c := range codes {
			data[i].needs[k] = slices.Contains(n.Needs, c)
		}
	}
	w := make([][]float64, len(codes))
	for k := range w {
		w[k] = make([]float64, len(vocab))
	}
	b := make([]float64, len(codes))
	rng := rand.New(rand.NewPCG(1, 2))
	rate := fitRate
	shrink := 1 / (fitL2 * float64(len(data)))
	for range fitEpochs {
		rng.Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
		for _, ex := range data {
			for k := range codes {
				z := b[k]
				for _, j := range ex.feats {
					z += w[k][j]
				}
				g := -sigmoid(z)
				if ex.needs[k] {
					g++
				}
				b[k] += rate * g
				for _, j := range ex.feats {
					w[k][j] += rate * (g - w[k][j]*shrink)
				}
			}
		}
		rate *= fitDecay
	}
	m := &NeedModel{bias: map[string]float64{}, weights: map[string]map[string]float64{}}
	for k, c := range codes {
		m.bias[c] = round(b[k])
		m.weights[c] = map[string]float64{}
		for j, f := range vocab {
			if x := round(w[k][j]); math.Abs(x) >= minWeight {
				m.weights[c][f] = x
			}
		}
	}
	return m, nil
}

// Weights are kept to three decimals, and those under minWeight dropped: the file is a tenth
// of the full fit's, and the needs read over the 344 situations, each set by a model fitted
// without it, are the same to a point (recall 76%, precision 67%, with all weights or these).
const minWeight = 0.25

func round(x float64) float64 { return math.Round(x*1000) / 1000 }

// WriteTo writes the model as needmodel.tsv: a header, then one line a weight (need code,
// feature, weight), the bias under the feature "_bias", in a stable order.
func (m *NeedModel) WriteTo(w io.Writer) (int64, error) {
	var sb strings.Builder
	sb.WriteString("# The needs model of retrieval/situation (needmodel.go): a logistic regression per need over a\n")
	sb.WriteString("# note's stems (first six letters) and pairs of neighbouring stems, fitted on the situations written\n")
	sb.WriteString("# for Socle (retrieval/testdata/situations/*.jsonl). Generated, do not edit: after changing the\n")
	sb.WriteString("# situations, run go test ./retrieval/situation -run TestShippedNeedModel -update\n")
	codes := make([]string, 0, len(m.bias))
	for c := range m.bias {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(&sb, "%s\t_bias\t%s\n", c, strconv.FormatFloat(m.bias[c], 'f', -1, 64))
		feats := make([]string, 0, len(m.weights[c]))
		for f := range m.weights[c] {
			feats = append(feats, f)
		}
		sort.Strings(feats)
		for _, f := range feats {
			fmt.Fprintf(&sb, "%s\t%s\t%s\n", c, f, strconv.FormatFloat(m.weights[c][f], 'f', -1, 64))
		}
	}
	n, err := io.WriteString(w, sb.String())
	return int64(n), err
}

// ParseNeedModel reads a model written by WriteTo.
func ParseNeedModel(r io.Reader) (*NeedModel, error) {
	m := &NeedModel{bias: map[string]float64{}, weights: map[string]map[string]float64{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		parts := strings.Split(t, "\t")
		if len(parts) != 3 {
			return nil, socle.Errorf(socle.EINVALID, "needs model, line %d: want need, feature and weight separated by tabs, got %q", line, t)
		}
		x, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, socle.Errorf(socle.EINVALID, "needs model, line %d: the weight %q is not a number", line, parts[2])
		}
		if parts[1] == "_bias" {
			m.bias[parts[0]] = x
			continue
		}
		if m.weights[parts[0]] == nil {
			m.weights[parts[0]] = map[string]float64{}
		}
		m.weights[parts[0]][parts[1]] = x
	}
	if err := sc.Err(); err != nil {
		return nil, socle.Errorf(socle.EINVALID, "needs model: %v", err)
	}
	return m, nil
}

// TrainNeedModelWithout fits a model on the situations files of dir but those named in except:
// the model an evaluation of those files uses, so that its figures are those of notes it never
// saw (the model shipped was fitted on all).
func TrainNeedModelWithout(dir string, except ...string) (*NeedModel, error) {
	notes, err := NotesIn(dir, except...)
	if err != nil {
		return nil, err
	}
	return TrainNeedModel(notes)
}

// NotesIn reads the situations files (*.jsonl, one situation a line with its text and needs) of
// a directory, but those named in except.
func NotesIn(dir string, except ...string) ([]LabelledNote, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	var out []LabelledNote
	for _, name := range files {
		if slices.Contains(except, filepath.Base(name)) {
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(f)
		for {
			var n LabelledNote
			if err := dec.Decode(&n); err == io.EOF {
				break
			} else if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			out = append(out, n)
		}
		f.Close()
	}
	return out, nil
}
