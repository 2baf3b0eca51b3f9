package storetest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// crashOrg is the slug of the organization the crash writer fills.
const crashOrg = "crash"

// CrashWriter writes to s until ctx ends or the process is killed: versions of various sizes
// on a few guides (publishing some), glossary entries and plans. After each commit it prints
// one line naming what it committed, so that a parent can check that every acknowledged write
// survived the kill.
func CrashWriter(ctx context.Context, s socle.Store, w io.Writer) error {
	org, err := s.OrgBySlug(ctx, crashOrg)
	if socle.KindOf(err) == socle.ENOTFOUND {
		org = socle.Organization{Slug: crashOrg, Name: "Crash"}
		err = s.CreateOrg(ctx, &org)
	}
	if err != nil {
		return err
	}
	var guides []socle.Guide
	for _, slug := range []string{"g1", "g2", "g3"} {
		g, err := s.GuideBySlug(ctx, org.ID, slug)
		if socle.KindOf(err) == socle.ENOTFOUND {
			g = socle.Guide{OrgID: org.ID, Slug: slug, Title: slug, Kind: socle.KindMethodology}
			err = s.CreateGuide(ctx, &g)
		}
		if err != nil {
			return err
		}
		guides = append(guides, g)
	}
	fmt.Fprintln(w, "ready")
	for i := 0; ctx.Err() == nil; i++ {
		g := guides[i%len(guides)]
		state := socle.StateDraft
		if i%4 == 0 {
			state = socle.StatePublished
		}
		v := socle.Version{OrgID: org.ID, GuideID: g.ID, State: state}
		if err := s.CreateVersion(ctx, &v, sampleContent(fmt.Sprint(i), 1+i%40)); err != nil {
			return err
		}
		fmt.Fprintf(w, "version %s %d\n", v.ID, v.Sections)
		e := socle.GlossaryEntry{OrgID: org.ID, Term: fmt.Sprintf("T%d", i%50), Expansions: []string{fmt.Sprint(i)}}
		if err := s.PutGlossaryEntry(ctx, &e); err != nil {
			return err
		}
		fmt.Fprintf(w, "glossary %s\n", e.Term)
		p := samplePlan(org.ID, "writer", time.Hour)
		if err := s.SavePlan(ctx, &p); err != nil {
			return err
		}
		fmt.Fprintf(w, "plan %s\n", p.ID)
	}
	return ctx.Err()
}

// KillDuringWrites runs the named test of the current test binary as a child process, with
// env added to its environment; the child is expected to call CrashWriter. Once the child has
// acknowledged at least minWrites commits, it is killed with SIGKILL. KillDuringWrites returns
// the lines the child acknowledged.
func KillDuringWrites(t *testing.T, childTest string, env []string, minWrites int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+childTest+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start crash child: %v", err)
	}
	var acked []string
	lines := bufio.NewScanner(out)
	deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "version "), strings.HasPrefix(line, "glossary "), strings.HasPrefix(line, "plan "):
			acked = append(acked, line)
		}
		if len(acked) >= minWrites {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill crash child: %v", err)
	}
	// Lines the child printed before it died were acknowledged commits too.
	for lines.Scan() {
		if line := lines.Text(); strings.Contains(line, " ") {
			acked = append(acked, line)
		}
	}
	cmd.Wait()
	if len(acked) < minWrites {
		t.Fatalf("crash child acknowledged %d writes before it ended, want %d", len(acked), minWrites)
	}
	return acked
}

// CheckConsistent reopens what a killed CrashWriter left and checks that every acknowledged
// write is there and whole, and that the store's invariants hold.
func CheckConsistent(t *testing.T, s socle.Store, acked []string) {
	t.Helper()
	org, err := s.OrgBySlug(bg, crashOrg)
	must(t, "OrgBySlug", err)
	for _, line := range acked {
		f := strings.Fields(line)
		switch f[0] {
		case "version":
			v, err := s.Version(bg, org.ID, f[1])
			must(t, "acknowledged version "+f[1], err)
			if fmt.Sprint(v.Sections) != f[2] {
				t.Fatalf("version %s: %d sections, acknowledged %s", v.ID, v.Sections, f[2])
			}
		case "glossary":
			_, err := s.GlossaryEntry(bg, org.ID, f[1])
			must(t, "acknowledged glossary entry "+f[1], err)
		case "plan":
			_, err := s.Plan(bg, org.ID, f[1])
			must(t, "acknowledged plan "+f[1], err)
		}
	}
	guides, err := s.Guides(bg, org.ID, socle.GuideFilter{})
	must(t, "Guides", err)
	total := 0
	for _, g := range guides {
		vs, err := s.Versions(bg, org.ID, g.ID)
		must(t, "Versions", err)
		published := 0
		for i, v := range vs {
			if v.N != i+1 {
				t.Fatalf("guide %s: version at position %d has N=%d", g.Slug, i, v.N)
			}
			secs, err := s.Sections(bg, org.ID, v.ID)
			must(t, "Sections", err)
			if len(secs) != v.Sections {
				t.Fatalf("guide %s version %d: %d sections stored, %d announced", g.Slug, v.N, len(secs), v.Sections)
			}
			for j, sec := range secs {
				if sec.Ordinal != j || sec.VersionID != v.ID {
					t.Fatalf("guide %s version %d: section %d misplaced (%d, %s)", g.Slug, v.N, j, sec.Ordinal, sec.VersionID)
				}
			}
			if v.State == socle.StatePublished {
				published++
			}
		}
		if published > 1 {
			t.Fatalf("guide %s has %d published versions", g.Slug, published)
		}
		total += len(vs)
	}
	if total == 0 {
		t.Fatal("no version survived")
	}
	if _, err := s.Glossary(bg, org.ID); err != nil {
		t.Fatalf("Glossary: %v", err)
	}
	if _, err := s.DeleteExpiredPlans(bg, socle.Now()); err != nil {
		t.Fatalf("DeleteExpiredPlans: %v", err)
	}
	if _, err := s.Plans(bg, org.ID, socle.PlanFilter{Limit: 1000}); err != nil {
		t.Fatalf("Plans: %v", err)
	}
}
