package plan_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

// fixedHistory is a record made beforehand: other sets' readings replayed (learnFromReadings).
type fixedHistory plan.Learned

func (h fixedHistory) Learned(context.Context, string) (plan.Learned, error) {
	return plan.Learned(h), nil
}

// readingsOf loads a set's readings of steps (the first reader's verdict where two read one).
func readingsOf(t *testing.T, set string) *stepReadings {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(situationsDir, "readings", set+"-*.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(situationsDir, "readings", set+".tsv")); err == nil {
		files = append(files, filepath.Join(situationsDir, "readings", set+".tsv"))
	}
	if len(files) == 0 {
		t.Fatalf("no readings of %s in %s", set, filepath.Join(situationsDir, "readings"))
	}
	// Steps' readings only: the core documents' readings say whether a document holds a step.
	files = slices.DeleteFunc(files, func(f string) bool { return strings.Contains(f, "core-documents") })
	sort.Strings(files)
	read := &stepReadings{verdict: map[[2]string]string{}}
	for i := len(files) - 1; i >= 0; i-- {
		r, err := loadStepReadings(files[i])
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range r.verdict {
			read.verdict[k] = v
		}
	}
	return read
}

// notesOf reads a set's notes: id and text.
func notesOf(t *testing.T, set string) [][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join(situationsDir, set+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s struct {
			ID   string `json:"_id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{s.ID, s.Text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rulesFromReadings replays what a methodology lead would decide having read the plans of other
// sets' notes as their readers did (SOCLE_SITUATIONS_RULES): for each passage and need read, set
// aside if read off the note's topic more often than on it, kept if on it more often. One lead
// decides alone, with no threshold of members: the most the leads' rules could do after reading
// that many plans. SOCLE_SITUATIONS_RULES_KEEP=no: a lead who only sets passages aside.
func rulesFromReadings(t *testing.T, p *plan.Planner, orgID string, sets []string) []socle.PassageRule {
	t.Helper()
	type tally struct {
		rule    socle.PassageRule
		on, off int
	}
	tallies := map[string]*tally{}
	notes := 0
	for _, set := range sets {
		read := readingsOf(t, set)
		for _, n := range notesOf(t, set) {
			res, err := p.Plan(ctx, orgID, plan.Case{Situation: n[1]})
			if err != nil {
				t.Fatalf("rules from %s %s: %v", set, n[0], err)
			}
			notes++
			for _, st := range append(append([]socle.Step{}, res.Plan.Steps...), res.Offered...) {
				v, ok := read.of(n[0], st.Action)
				if !ok || st.Need == "" || len(st.Citations) == 0 {
					continue
				}
				c := st.Citations[0]
				r := socle.PassageRule{OrgID: orgID, Need: st.Need, GuideID: c.GuideID, Digest: socle.PassageDigest(c.Quote)}
				x := tallies[r.Key()]
				if x == nil {
					x = &tally{rule: r}
					tallies[r.Key()] = x
				}
				if v == "on" {
					x.on++
				} else {
					x.off++
				}
			}
		}
	}
	var rules []socle.PassageRule
	aside, keep := 0, 0
	for _, x := range tallies {
		switch {
		case x.off > x.on:
			x.rule.Rule = socle.RuleSetAside
			aside++
		case x.on > x.off && os.Getenv("SOCLE_SITUATIONS_RULES_KEEP") != "no":
			x.rule.Rule = socle.RuleKeep
			keep++
		default:
			continue
		}
		rules = append(rules, x.rule)
	}
	t.Logf("a lead's rules from %d notes of %v: %d passages set aside, %d kept", notes, sets, aside, keep)
	return rules
}

// learnFromReadings replays, as caseworkers of the organization saving their plans, what the
// readers of other sets of situations judged: each note of those sets is planned, and its plan
// saved with the steps read on the topic kept, those read off it removed and the passages
// offered read on the topic added (steps and passages nobody read say nothing). It is what the
// planner would have learned had the readers been the organization's caseworkers: readers read
// every step, which caseworkers may not, so it is the most the record could teach.
func learnFromReadings(t *testing.T, p *plan.Planner, orgID string, sets []string) plan.Learned {
	t.Helper()
	// Each set's saves are one member's, its reader's: a passage moves when the readers of two
	// sets took it out (or added it), as two colleagues would.
	var counts []socle.UsageCount
	notes, uses := 0, 0
	for _, set := range sets {
		read := readingsOf(t, set)
		for _, n := range notesOf(t, set) {
			res, err := p.Plan(ctx, orgID, plan.Case{Situation: n[1]})
			if err != nil {
				t.Fatalf("learn from %s %s: %v", set, n[0], err)
			}
			var draft, saved socle.Plan
			for _, st := range res.Plan.Steps {
				if v, ok := read.of(n[0], st.Action); ok {
					draft.Steps = append(draft.Steps, st)
					if v == "on" {
						saved.Steps = append(saved.Steps, st)
					}
				}
			}
			for _, st := range res.Offered {
				if v, ok := read.of(n[0], st.Action); ok && v == "on" {
					saved.Steps = append(saved.Steps, st)
				}
			}
			u := plan.PassageUses(draft, res.Offered, saved)
			counts = append(counts, socle.UsageEvent{UserID: set, Kind: socle.UsageDraft, Passages: u}.Counts()...)
			notes++
			uses += len(u)
		}
	}
	l := plan.LearnedFrom(socle.SumUsage(counts))
	aside, up := 0, 0
	for _, r := range l {
		if r.SetAside() {
			aside++
		}
		if r.TakeUp() {
			up++
		}
	}
	t.Logf("learned from %d notes of %v: %d uses of %d passages; %d set aside, %d taken up", notes, sets, uses, len(l), aside, up)
	return l
}
