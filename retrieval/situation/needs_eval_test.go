package situation

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestNeedDetectionDevSet compares the needs read from the situations development set with the
// needs their author listed when writing them (before any detection existed): recall (listed
// needs detected) and precision (detected needs listed), by half. It reads text only, so it runs
// in every test run; SOCLE_SITUATIONS_SET=fresh reads the fresh situations instead, and
// SOCLE_NEEDS_VERBOSE=1 prints each situation's misses and extras. Only the tuning half is read
// unless SOCLE_NEEDS_SPLIT names another split (test, fresh, all): the held-out and fresh
// situations are measured once, at the end of a round, not tuned on.
func TestNeedDetectionDevSet(t *testing.T) {
	file := "situations.jsonl"
	if set := os.Getenv("SOCLE_SITUATIONS_SET"); set != "" {
		file = set + ".jsonl" // fresh, fresh2: see testdata/situations/README.md
	}
	f, err := os.Open(filepath.Join("..", "testdata", "situations", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The needs detected, then the needs detected or suggested: the needs model is fitted
	// without the set it reads (a set is one author's), so that its figures are those of notes
	// it never saw.
	heldOut, err := FitNeedModelWithout(notesDir, file)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ listed, found, detected, right int }
	sums := map[string]*tally{}
	lexiconSums, doubtSums := map[string]*tally{}, map[string]*tally{}
	verbose := os.Getenv("SOCLE_NEEDS_VERBOSE") != ""
	// SOCLE_NEEDS_DUMP=file writes each note's needs read by the lexicon (no suggestions) beside
	// its author's, one note a line, to compare two versions of the reading.
	var dump *os.File
	if path := os.Getenv("SOCLE_NEEDS_DUMP"); path != "" {
		if dump, err = os.Create(path); err != nil {
			t.Fatal(err)
		}
		defer dump.Close()
	}
	show := os.Getenv("SOCLE_NEEDS_SPLIT")
	if show == "" {
		show = "tune"
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s struct {
			ID    string   `json:"_id"`
			Text  string   `json:"text"`
			Split string   `json:"split"`
			Needs []string `json:"needs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if s.Split != show && show != "all" {
			continue // the held-out and fresh figures are measured once, at the end, on purpose
		}
		var miss, extra []string
		for _, o := range []struct {
			options Options
			sums    map[string]*tally
		}{
			{Options{NoSuggestions: true, KeepDoubted: true}, lexiconSums},
			{Options{NoSuggestions: true, NeedModel: heldOut}, doubtSums},
			{Options{NeedModel: heldOut}, sums},
		} {
			var got []string
			r := Read(s.Text, o.options)
			for _, d := range append(r.Needs, r.Suggested...) {
				got = append(got, d.Code)
			}
			if o.sums[s.Split] == nil {
				o.sums[s.Split] = &tally{}
			}
			if dump != nil && o.options.NoSuggestions && !o.options.KeepDoubted {
				fmt.Fprintf(dump, "%s\t%s\t%s\n", s.ID, strings.Join(got, ","), strings.Join(s.Needs, ","))
			}
			c := o.sums[s.Split]
			c.listed += len(s.Needs)
			c.detected += len(got)
			miss, extra = nil, nil
			for _, n := range s.Needs {
				if slices.Contains(got, n) {
					c.found++
				} else {
					miss = append(miss, n)
				}
			}
			for _, n := range got {
				if slices.Contains(s.Needs, n) {
					c.right++
				} else {
					extra = append(extra, n)
				}
			}
		}
		if verbose && (len(miss) > 0 || len(extra) > 0) {
			t.Logf("%s missed %v extra %v\n    %s", s.ID, miss, extra, s.Text)
		}
	}
	var splits []string
	for k := range sums {
		splits = append(splits, k)
	}
	sort.Strings(splits)
	var b strings.Builder
	for _, k := range splits {
		for _, line := range []struct {
			what string
			c    *tally
		}{
			{"read by the lexicon alone", lexiconSums[k]},
			{"detected (the lexicon's needs the needs model, fitted without this set, does not doubt)", doubtSums[k]},
			{"detected or suggested", sums[k]},
		} {
			c := line.c
			fmt.Fprintf(&b, "%s, %s: recall %d/%d (%.0f%%), precision %d/%d (%.0f%%)\n", k, line.what, c.found, c.listed, 100*float64(c.found)/float64(c.listed), c.right, c.detected, 100*float64(c.right)/float64(max(1, c.detected)))
		}
	}
	t.Logf("needs detected against the needs listed by the situations' author:\n%s", b.String())
}
