package authoring

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/socle-project/socle"
	"golang.org/x/text/unicode/norm"
)

// SectionDiff is how one section fared from one version of a guide to another.
type SectionDiff struct {
	Change  socle.Change
	Old     *socle.Section // nil when added
	New     *socle.Section // nil when removed
	Moved   bool           // also moved, for a changed section
	Renamed bool           // its heading changed
	// Words is the new text word by word, with what was deleted and inserted, for a changed
	// section whose text changed.
	Words []Segment
}

// Path is the section's heading path: the new one, or the old one for a removed section.
func (d SectionDiff) Path() []string {
	if d.New != nil {
		return d.New.Path
	}
	return d.Old.Path
}

// TextChanged reports whether the section's words changed (not only its heading or place).
func (d SectionDiff) TextChanged() bool {
	return d.Change == socle.Removed || d.Change == socle.Added ||
		d.Change == socle.Changed && !sameText(d.Old.Text, d.New.Text)
}

// Diff is the comparison of two versions of a guide, section by section.
type Diff struct {
	Guide    socle.Guide
	From, To socle.Version
	Sections []SectionDiff // in the new version's order, removed sections where they stood
	Counts   map[socle.Change]int
}

// Compare compares versions from and to of a guide.
func (s *Service) Compare(ctx context.Context, orgID, slug string, from, to int, drafts bool) (Diff, error) {
	g, vs, err := s.guideVersions(ctx, orgID, slug, drafts)
	if err != nil {
		return Diff{}, err
	}
	if from == to {
		return Diff{}, socle.Errorf(socle.EINVALID, "compare two different versions: from and to are both %d", from)
	}
	a, err := byNumber(g, vs, from)
	if err != nil {
		return Diff{}, err
	}
	b, err := byNumber(g, vs, to)
	if err != nil {
		return Diff{}, err
	}
	return s.compareVersions(ctx, g, *a, *b)
}

func (s *Service) compareVersions(ctx context.Context, g socle.Guide, a, b socle.Version) (Diff, error) {
	old, err := s.Store.Sections(ctx, a.OrgID, a.ID)
	if err != nil {
		return Diff{}, err
	}
	cur, err := s.Store.Sections(ctx, b.OrgID, b.ID)
	if err != nil {
		return Diff{}, err
	}
	d := Diff{Guide: g, From: a, To: b, Sections: CompareSections(old, cur), Counts: map[socle.Change]int{}}
	for _, sd := range d.Sections {
		d.Counts[sd.Change]++
	}
	return d, nil
}

// maxSimilarityPairs bounds the text-similarity matching of sections left unmatched by id and
// heading: beyond it, two versions share little and their sections are reported as removed
// and added.
const maxSimilarityPairs = 4_000_000

// minSimilarity is the share of words two sections must have in common to be taken for one
// section whose heading changed.
const minSimilarity = 0.5

// CompareSections matches the sections of two versions and says how each fared. Sections are
// matched by their stable id first (ids follow heading paths, so a section keeps its id when
// its text changes), then by heading path, then by the similarity of their words, so that a
// renamed heading or a re-uploaded PDF shows the one section that changed, not a new document.
func CompareSections(old, cur []socle.Section) []SectionDiff {
	pair := make([]int, len(cur)) // cur index → old index, -1 when added
	taken := make([]bool, len(old))
	for i := range pair {
		pair[i] = -1
	}
	byID := map[string]int{}
	for i, s := range old {
		byID[s.ID] = i
	}
	for i, s := range cur {
		if j, ok := byID[s.ID]; ok && !taken[j] {
			pair[i], taken[j] = j, true
		}
	}
	byPath := map[string][]int{}
	for j, s := range old {
		if !taken[j] {
			k := pathKey(s.Path)
			byPath[k] = append(byPath[k], j)
		}
	}
	for i, s := range cur {
		if pair[i] >= 0 {
			continue
		}
		k := pathKey(s.Path)
		if js := byPath[k]; len(js) > 0 {
			pair[i], taken[js[0]] = js[0], true
			byPath[k] = js[1:]
		}
	}
	matchBySimilarity(old, cur, pair, taken)

	moved := outOfOrder(pair)
	var out []SectionDiff
	// A removed section is shown right after the section that came before it in the old
	// version, or at the top when nothing did.
	placed := make([]bool, len(old))
	next := 0
	placeRemoved := func() {
		for ; next < len(old) && !taken[next]; next++ {
			out = append(out, SectionDiff{Change: socle.Removed, Old: &old[next]})
			placed[next] = true
		}
	}
	placeRemoved()
	for i := range cur {
		j := pair[i]
		if j < 0 {
			out = append(out, SectionDiff{Change: socle.Added, New: &cur[i]})
			continue
		}
		out = append(out, describe(&old[j], &cur[i], moved[i]))
		if !moved[i] {
			next = max(next, j+1)
			placeRemoved()
		}
	}
	for j := range old {
		if !taken[j] && !placed[j] {
			out = append(out, SectionDiff{Change: socle.Removed, Old: &old[j]})
		}
	}
	return out
}

// describe says how a matched section fared.
func describe(a, b *socle.Section, moved bool) SectionDiff {
	d := SectionDiff{Old: a, New: b, Renamed: a.Heading() != b.Heading()}
	textSame := sameText(a.Text, b.Text)
	parentMoved := !slices.Equal(parentPath(a.Path), parentPath(b.Path))
	switch {
	case !textSame || d.Renamed:
		d.Change, d.Moved = socle.Changed, moved || parentMoved
		if !textSame {
			d.Words = wordDiff(a.Text, b.Text)
		}
	case moved || parentMoved:
		d.Change = socle.Moved
	default:
		d.Change = socle.Unchanged
	}
	return d
}

func parentPath(p []string) []string {
	if len(p) == 0 {
		return nil
	}
	return p[:len(p)-1]
}

// sameText compares texts as a reader would: whitespace differences do not count.
func sameText(a, b string) bool {
	return a == b || strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// outOfOrder marks the matched sections that are not in the longest run of sections kept in
// their old order: those are the ones that moved.
func outOfOrder(pair []int) []bool {
	// Longest increasing subsequence of the old indices, in the new order.
	var tails []int // tails[k]: index in pair of the smallest tail of a run of length k+1
	prev := make([]int, len(pair))
	for i, j := range pair {
		prev[i] = -1
		if j < 0 {
			continue
		}
		k := sort.Search(len(tails), func(k int) bool { return pair[tails[k]] >= j })
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	inOrder := make([]bool, len(pair))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			inOrder[i] = true
		}
	}
	moved := make([]bool, len(pair))
	for i, j := range pair {
		moved[i] = j >= 0 && !inOrder[i]
	}
	return moved
}

// matchBySimilarity pairs the sections still unmatched whose words are most alike, best pairs
// first.
func matchBySimilarity(old, cur []socle.Section, pair []int, taken []bool) {
	var ai, bi []int
	for j := range old {
		if !taken[j] {
			ai = append(ai, j)
		}
	}
	for i := range cur {
		if pair[i] < 0 {
			bi = append(bi, i)
		}
	}
	if len(ai) == 0 || len(bi) == 0 || len(ai)*len(bi) > maxSimilarityPairs {
		return
	}
	words := func(s *socle.Section) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(foldText(s.Text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			m[w] = true
		}
		return m
	}
	aw := make([]map[string]bool, len(ai))
	for k, j := range ai {
		aw[k] = words(&old[j])
	}
	type cand struct {
		a, b int
		sim  float64
	}
	var cands []cand
	for kb, i := range bi {
		bw := words(&cur[i])
		for ka := range ai {
			if sim := jaccard(aw[ka], bw); sim >= minSimilarity {
				cands = append(cands, cand{ka, kb, sim})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].sim > cands[y].sim })
	for _, c := range cands {
		j, i := ai[c.a], bi[c.b]
		if !taken[j] && pair[i] < 0 {
			pair[i], taken[j] = j, true
		}
	}
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// pathKey is a heading path as compared across versions: case, accents and spacing aside.
func pathKey(path []string) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = strings.Join(strings.Fields(foldText(p)), " ")
	}
	return strings.Join(parts, "\x1f")
}

// foldText lowercases and strips accents.
func foldText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
