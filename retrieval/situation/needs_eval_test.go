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
	type tally struct{ listed, found, detected, right int }
	sums := map[string]*tally{}
	verbose := os.Getenv("SOCLE_NEEDS_VERBOSE") != ""
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
		var got []string
		for _, d := range Read(s.Text, Options{}).Needs {
			got = append(got, d.Code)
		}
		if s.Split != show && show != "all" {
			continue // the held-out and fresh figures are measured once, at the end, on purpose
		}
		if sums[s.Split] == nil {
			sums[s.Split] = &tally{}
		}
		c := sums[s.Split]
		c.listed += len(s.Needs)
		c.detected += len(got)
		var miss, extra []string
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
		c := sums[k]
		fmt.Fprintf(&b, "%s: recall %d/%d (%.0f%%), precision %d/%d (%.0f%%)\n", k, c.found, c.listed, 100*float64(c.found)/float64(c.listed), c.right, c.detected, 100*float64(c.right)/float64(max(1, c.detected)))
	}
	t.Logf("needs detected against the needs listed by the situations' author:\n%s", b.String())
}
