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
		files, err := filepath.Glob(filepath.Join(situationsDir, "readings", set+"-*.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(situationsDir, "readings", set+".tsv")); err == nil {
			files = append(files, filepath.Join(situationsDir, "readings", set+".tsv"))
		}
		if len(files) == 0 {
			t.Fatalf("learn from %s: no readings in %s", set, filepath.Join(situationsDir, "readings"))
		}
		// Steps' readings only: the core documents' readings say whether a document holds a step.
		files = slices.DeleteFunc(files, func(f string) bool { return strings.Contains(f, "core-documents") })
		sort.Strings(files)
		// One verdict a step: the first reader's (files in name order) where two read it.
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
		f, err := os.Open(filepath.Join(situationsDir, set+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
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
			res, err := p.Plan(ctx, orgID, plan.Case{Situation: s.Text})
			if err != nil {
				t.Fatalf("learn from %s %s: %v", set, s.ID, err)
			}
			var draft, saved socle.Plan
			for _, st := range res.Plan.Steps {
				if v, ok := read.of(s.ID, st.Action); ok {
					draft.Steps = append(draft.Steps, st)
					if v == "on" {
						saved.Steps = append(saved.Steps, st)
					}
				}
			}
			for _, st := range res.Offered {
				if v, ok := read.of(s.ID, st.Action); ok && v == "on" {
					saved.Steps = append(saved.Steps, st)
				}
			}
			u := plan.PassageUses(draft, res.Offered, saved)
			counts = append(counts, socle.UsageEvent{UserID: set, Kind: socle.UsageDraft, Passages: u}.Counts()...)
			notes++
			uses += len(u)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
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
