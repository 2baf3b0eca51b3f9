package plan_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The demo notes' off-topic share counts a step off when its sentence is not among those the
// note's author listed; an author lists what came to mind, and a step they did not list may
// still be one a caseworker wants. A blind reading measures the steps themselves: a reader who
// wrote neither the notes nor the planner reads each note with its plan's steps, shuffled,
// without the need each answers nor the author's list, and says of each step whether it belongs
// in this person's plan now (docs/plans.md, twenty-sixth round).
//
// SOCLE_DEMO_NOTES_BLIND=/tmp/b writes, for the batches SOCLE_DEMO_NOTES_BLIND_BATCHES names
// ("JKLM"), the reader's pages (/tmp/b.md) and the sheet to fill (/tmp/b.tsv: note, step,
// verdict, reason). The filled sheets, one a reader and batches (<batches>-<reader>.tsv), are
// kept in testdata/demo-readings (SOCLE_DEMO_NOTES_READINGS names another directory): each run
// reports, per reader, the share of the current plans' steps read off-topic, those not read
// yet, and how readers and authors agree.

// demoSheet is a blind reading's pages and sheet.
type demoSheet struct {
	batches string
	pages   strings.Builder
	sheet   strings.Builder
}

func newDemoSheet() *demoSheet {
	s := &demoSheet{batches: os.Getenv("SOCLE_DEMO_NOTES_BLIND_BATCHES")}
	s.sheet.WriteString("note\tstep\tverdict\treason\n")
	return s
}

// add puts a note and its steps, shuffled by a seed drawn from the note's id, on the pages and
// the sheet.
func (s *demoSheet) add(n demoNote, group string, quotes []string) {
	if !strings.Contains(s.batches, groupKey(group)) {
		return
	}
	shuffled := append([]string(nil), quotes...)
	var seed uint64
	for _, c := range n.ID {
		seed = seed*31 + uint64(c)
	}
	rand.New(rand.NewPCG(seed, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	fmt.Fprintf(&s.pages, "## %s\n\n%s\n\n", n.ID, n.Text)
	if len(shuffled) == 0 {
		s.pages.WriteString("(no step)\n\n")
	}
	for i, q := range shuffled {
		fmt.Fprintf(&s.pages, "%d. %s\n", i+1, q)
		fmt.Fprintf(&s.sheet, "%s\t%s\t\t\n", n.ID, oneLine(q))
	}
	s.pages.WriteString("\n")
}

func (s *demoSheet) write(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path+".md", []byte(s.pages.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".tsv", []byte(s.sheet.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("blind reading of batches %s: %s.md, sheet to fill %s.tsv", s.batches, path, path)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// demoReadings are readers' verdicts on steps, by reader, then by note and step.
type demoReadings map[string]map[[2]string]bool // true: off-topic

func loadDemoReadings(t *testing.T, dir string) demoReadings {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := demoReadings{}
	for _, file := range files {
		reader := strings.TrimSuffix(filepath.Base(file), ".tsv")
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		out[reader] = map[[2]string]bool{}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			cols := strings.Split(sc.Text(), "\t")
			if line == 1 || len(cols) < 3 || cols[2] == "" {
				continue // the header, or a step not read
			}
			switch cols[2] {
			case "on", "off":
				out[reader][[2]string{cols[0], oneLine(cols[1])}] = cols[2] == "off"
			default:
				t.Fatalf("%s line %d: verdict %q, want on or off", file, line, cols[2])
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// readTally adds up, for one reader and one group, the current plans' steps they read.
type readTally struct {
	steps, read, off int
	// against the author's list: steps read off that the author did not list, steps read on
	// that the author did not list
	offUnlisted, onUnlisted, offListed int
}

// demoReadingTally is every reader's tallies by group, and the pairs of verdicts two readers
// gave the same step.
type demoReadingTally struct {
	readings demoReadings
	byReader map[string]map[string]*readTally
	pairs    map[string][4]int // "A|B" → both on, A off only, B off only, both off
}

func newDemoReadingTally(r demoReadings) *demoReadingTally {
	return &demoReadingTally{readings: r, byReader: map[string]map[string]*readTally{}, pairs: map[string][4]int{}}
}

// add counts a note's steps; listed says, step by step, whether the author listed it.
func (d *demoReadingTally) add(group, note string, quotes []string, listed []bool) {
	readers := make([]string, 0, len(d.readings))
	for r := range d.readings {
		readers = append(readers, r)
	}
	sort.Strings(readers)
	for i, q := range quotes {
		key := [2]string{note, oneLine(q)}
		for _, r := range readers {
			if d.byReader[r] == nil {
				d.byReader[r] = map[string]*readTally{}
			}
			tl := d.byReader[r][group]
			if tl == nil {
				tl = &readTally{}
				d.byReader[r][group] = tl
			}
			tl.steps++
			off, ok := d.readings[r][key]
			if !ok {
				continue
			}
			tl.read++
			switch {
			case off && listed[i]:
				tl.off++
				tl.offListed++
			case off:
				tl.off++
				tl.offUnlisted++
			case !listed[i]:
				tl.onUnlisted++
			}
		}
		for a := range readers {
			for b := a + 1; b < len(readers); b++ {
				x, okx := d.readings[readers[a]][key]
				y, oky := d.readings[readers[b]][key]
				if !okx || !oky {
					continue
				}
				k := readers[a] + " | " + readers[b]
				p := d.pairs[k]
				switch {
				case !x && !y:
					p[0]++
				case x && !y:
					p[1]++
				case !x && y:
					p[2]++
				default:
					p[3]++
				}
				d.pairs[k] = p
			}
		}
	}
}

// report logs each reader's tallies for the groups shown (a run that tunes shows the batches it
// names only), and how every two readers agree.
func (d *demoReadingTally) report(t *testing.T, shown func(group string) bool) {
	readers := make([]string, 0, len(d.byReader))
	for r := range d.byReader {
		readers = append(readers, r)
	}
	sort.Strings(readers)
	for _, r := range readers {
		groups := make([]string, 0, len(d.byReader[r]))
		for g, tl := range d.byReader[r] {
			if tl.read > 0 && shown(g) {
				groups = append(groups, g)
			}
		}
		sort.Strings(groups)
		for _, g := range groups {
			tl := d.byReader[r][g]
			t.Logf("blind reading, %s, %s: %d of %d steps read (%d not read yet); off-topic %d (%.0f%%); of the steps the author did not list, %d read on, %d off; of those listed, %d read off",
				r, g, tl.read, tl.steps, tl.steps-tl.read, tl.off, pct(tl.off, tl.read), tl.onUnlisted, tl.offUnlisted, tl.offListed)
		}
	}
	for k, p := range d.pairs {
		n := p[0] + p[1] + p[2] + p[3]
		agree := p[0] + p[3]
		// Cohen's kappa: agreement beyond what each reader's share of "off" gives by chance.
		pa, pb := float64(p[1]+p[3])/float64(n), float64(p[2]+p[3])/float64(n)
		pe := pa*pb + (1-pa)*(1-pb)
		kappa := (float64(agree)/float64(n) - pe) / (1 - pe)
		t.Logf("blind reading, %s: %d steps read by both, agreement %.0f%%, kappa %.2f (both on %d, first only off %d, second only off %d, both off %d)",
			k, n, pct(agree, n), kappa, p[0], p[1], p[2], p[3])
	}
}
