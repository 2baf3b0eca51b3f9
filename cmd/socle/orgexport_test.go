package main

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/orgarchive"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/postgres/pgtest"
)

// fileHashes returns the SHA-256 of every file of an export.
func fileHashes(t *testing.T, data []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		sum := sha256.Sum256(b)
		out[hdr.Name] = hex.EncodeToString(sum[:])
	}
}

// demoStore is an embedded store with the demo organization, a second version of its guide,
// a deactivated member, and a saved plan with feedback.
func demoStore(t *testing.T) (socle.Store, socle.Organization) {
	t.Helper()
	ctx := context.Background()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	svc := &authoring.Service{Store: s}
	if _, err := seedDemo(ctx, s, svc, slog.New(slog.DiscardHandler), false); err != nil {
		t.Fatal(err)
	}
	org, _ := s.OrgBySlug(ctx, demoOrgSlug)
	data, _ := demoFiles.ReadFile("demo/guide-accompagnement.md")
	if _, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "accompagnement", FileName: "guide-accompagnement.md",
		Data: append(data, []byte("\n\n## Annexe\n\nUne section ajoutée en version 2.\n")...), Note: "v2", Publish: true}); err != nil {
		t.Fatal(err)
	}
	worker, _ := s.UserByEmail(ctx, "travailleur@demo.socle")
	trainer, _ := s.UserByEmail(ctx, "formatrice@demo.socle")
	if err := s.SetMemberActive(ctx, org.ID, trainer.ID, false); err != nil {
		t.Fatal(err)
	}
	g, _ := s.GuideBySlug(ctx, org.ID, "accompagnement")
	vs, _ := s.Versions(ctx, org.ID, g.ID)
	secs, _ := s.Sections(ctx, org.ID, vs[0].ID)
	cat, _ := s.GuideBySlug(ctx, org.ID, "services-valmont")
	cvs, _ := s.Versions(ctx, org.ID, cat.ID)
	svcs, _ := s.Services(ctx, org.ID, cvs[0].ID)
	p := socle.Plan{OrgID: org.ID, AuthorID: worker.ID, Title: "Logement", CaseDigest: "[PERSONNE_1] a trois mois d'impayés.", Generator: "extractive",
		ExpiresAt: socle.Now().Add(30 * 24 * time.Hour), Steps: []socle.Step{{Action: "Contacter le bailleur", Need: "logement",
			Citations: []socle.Citation{{GuideID: g.ID, GuideSlug: g.Slug, GuideTitle: g.Title, VersionID: vs[0].ID, VersionN: 1, SectionID: secs[1].ID, Path: secs[1].Path, Span: socle.Span{Start: 0, End: 10}, Quote: secs[1].Text[:10]}},
			Services:  []socle.ServiceRef{{VersionID: cvs[0].ID, ServiceID: svcs[0].ID, Name: svcs[0].Name}}}}}
	if err := s.SavePlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFeedback(ctx, &socle.Feedback{OrgID: org.ID, PlanID: p.ID, Step: 0, UserID: worker.ID, Verdict: socle.VerdictUseful, Comment: "utile"}); err != nil {
		t.Fatal(err)
	}
	// The caseworker has read the demo path's first step and answered it; the organization
	// keeps usage 90 days.
	paths, _ := s.LearningPaths(ctx, org.ID)
	if len(paths) != 1 || paths[0].Published == nil {
		t.Fatalf("the demo's paths: %+v", paths)
	}
	step := paths[0].Published.Steps[0]
	if err := s.SaveProgress(ctx, &socle.StepProgress{OrgID: org.ID, PathID: paths[0].ID, StepID: step.ID, UserID: worker.ID,
		ReadAt: time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC), ReadN: 1, Answer: []int{0}, Right: true, Attempts: 2,
		AnsweredAt: time.Date(2026, 11, 2, 9, 35, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	// A lead keeps proposing a passage for housing, and sets another aside.
	lead, _ := s.UserByEmail(ctx, "referente@demo.socle")
	for i, kind := range []socle.PassageRuleKind{socle.RuleKeep, socle.RuleSetAside} {
		r := socle.PassageRule{OrgID: org.ID, Need: "logement", GuideID: g.ID, Digest: socle.PassageDigest(secs[i+1].Text[:20]), Rule: kind,
			VersionN: 1, SectionID: secs[i+1].ID, Span: socle.Span{Start: 0, End: 20}, UserID: lead.ID}
		if err := s.SetPassageRule(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	set, _ := s.Settings(ctx, org.ID)
	set.UsageRetentionDays, set.LearnFromPlans = 90, false
	if err := s.SetSettings(ctx, &set); err != nil {
		t.Fatal(err)
	}
	return s, org
}

func export(t *testing.T, s socle.Store, slug string) []byte {
	t.Helper()
	org, err := s.OrgBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := orgarchive.Export(context.Background(), s, org, true, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestOrgExportRoundTrip exports the demo organization from the embedded store, imports it
// into PostgreSQL, exports it from there, imports that into another embedded store and exports
// it again: the three exports hold the same files.
func TestOrgExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	a, _ := demoStore(t)
	first := export(t, a, demoOrgSlug)

	pg, _ := pgtest.Open(t)
	sum, err := orgarchive.Import(ctx, pg, "", bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Guides != 2 || sum.Versions != 4 || sum.Members != 4 || sum.Plans != 1 || sum.Terms < 10 || sum.Paths != 1 {
		t.Fatalf("import into PostgreSQL: %+v", sum)
	}
	second := export(t, pg, demoOrgSlug)

	b, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := orgarchive.Import(ctx, b, "copie", bytes.NewReader(second)); err != nil {
		t.Fatal(err)
	}
	third := export(t, b, "copie")

	h1, h2, h3 := fileHashes(t, first), fileHashes(t, second), fileHashes(t, third)
	if len(h1) < 15 {
		t.Fatalf("the export has %d files", len(h1))
	}
	for name, h := range h1 {
		if name == "org.json" { // names the slug, which the last import changed on purpose
			continue
		}
		if h2[name] != h || h3[name] != h {
			t.Errorf("%s differs after the round trip: %s, %s, %s", name, h, h2[name], h3[name])
		}
	}
	if len(h2) != len(h1) || len(h3) != len(h1) {
		t.Errorf("files: %d, %d, %d", len(h1), len(h2), len(h3))
	}
	if !bytes.Equal(first, second) {
		t.Error("the export from PostgreSQL differs byte for byte from the embedded one")
	}
	// Members come without passwords; the deactivated one stays so.
	u, _ := pg.UserByEmail(ctx, "formatrice@demo.socle")
	org, _ := pg.OrgBySlug(ctx, demoOrgSlug)
	if m, err := pg.Member(ctx, org.ID, u.ID); err != nil || m.Active() || u.PasswordHash != "" {
		t.Fatalf("imported member: %+v %v, password %q", m, err, u.PasswordHash)
	}
	if !strings.Contains(string(first), "case_digest") {
		t.Fatal("the plans are missing from an export --with-plans")
	}
	// Settings, the review's comments and the learning path with its progress came along.
	if set, _ := pg.Settings(ctx, org.ID); set.UsageRetentionDays != 90 || !set.ReviewRequired || set.LearnFromPlans {
		t.Fatalf("imported settings: %+v", set)
	}
	for _, name := range []string{"settings.json", "paths.json", "passage_rules.json", "guides/accompagnement/2/comments.json"} {
		if _, ok := h1[name]; !ok {
			t.Fatalf("the export lacks %s", name)
		}
	}
	g, _ := pg.GuideBySlug(ctx, org.ID, "accompagnement")
	vs, _ := pg.Versions(ctx, org.ID, g.ID)
	if cs, _ := pg.Comments(ctx, org.ID, vs[1].ID); len(cs) != 2 {
		t.Fatalf("imported review comments: %+v", cs)
	}
	ps, _ := pg.LearningPaths(ctx, org.ID)
	if len(ps) != 1 || ps[0].Published == nil || len(ps[0].Published.Steps) < 3 || ps[0].Published.Steps[0].Question == nil {
		t.Fatalf("imported path: %+v", ps)
	}
	w, _ := pg.UserByEmail(ctx, "travailleur@demo.socle")
	prog, _ := pg.Progress(ctx, org.ID, socle.ProgressFilter{UserID: w.ID})
	if len(prog) != 1 || !prog[0].Right || prog[0].Attempts != 2 || prog[0].ReadAt.Day() != 2 {
		t.Fatalf("imported progress: %+v", prog)
	}
	if as, _ := pg.Assignments(ctx, org.ID, socle.ProgressFilter{PathID: ps[0].ID}); len(as) != 1 || as[0].UserID != w.ID {
		t.Fatalf("imported assignments: %+v", as)
	}
	// The lead's rules on passages came along, on the imported guide, by the imported lead.
	lead, _ := pg.UserByEmail(ctx, "referente@demo.socle")
	rules, err := pg.PassageRules(ctx, org.ID)
	if err != nil || len(rules) != 2 || sum.Rules != 2 {
		t.Fatalf("imported passage rules (%d in the summary): %+v, %v", sum.Rules, rules, err)
	}
	kinds := map[socle.PassageRuleKind]bool{}
	for _, r := range rules {
		if r.GuideID != g.ID || r.UserID != lead.ID || r.Need != "logement" || r.VersionN != 1 || r.SectionID == "" || r.Span.End != 20 {
			t.Fatalf("imported passage rule: %+v", r)
		}
		kinds[r.Rule] = true
	}
	if !kinds[socle.RuleKeep] || !kinds[socle.RuleSetAside] {
		t.Fatalf("imported passage rules: %+v", rules)
	}
}

// TestOrgImportRefusals: a damaged archive writes nothing; an organization with content is not
// imported into.
func TestOrgImportRefusals(t *testing.T) {
	ctx := context.Background()
	a, _ := demoStore(t)
	good := export(t, a, demoOrgSlug)
	b, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for name, data := range map[string][]byte{
		"not a tar": []byte("hello"),
		"cut short": good[:len(good)/2],
		"empty":     nil,
		"a rule on a guide the archive lacks": withEntry(t, good, "passage_rules.json",
			`[{"need": "logement", "guide": "absent", "digest": "0123456789abcdef01234567", "rule": "keep", "version_n": 1, "span_start": 0, "span_end": 0}]`),
		"a rule that is none": withEntry(t, good, "passage_rules.json",
			`[{"need": "logement", "guide": "accompagnement", "digest": "0123456789abcdef01234567", "rule": "forget", "version_n": 1, "span_start": 0, "span_end": 0}]`),
	} {
		if _, err := orgarchive.Import(ctx, b, "", bytes.NewReader(data)); socle.KindOf(err) != socle.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", name, err)
		}
		if orgs, _ := b.Orgs(ctx); len(orgs) != 0 {
			t.Fatalf("%s: the refused import created %d organizations", name, len(orgs))
		}
	}
	if _, err := orgarchive.Import(ctx, a, "", bytes.NewReader(good)); socle.KindOf(err) != socle.ECONFLICT {
		t.Fatalf("import into a non-empty organization: %v, want ECONFLICT", err)
	}
}

// TestOrgExportImportCommands carries the demo organization from one data directory to another
// with the commands, and searches it there.
func TestOrgExportImportCommands(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	s, err := embedded.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(context.Background(), s, &authoring.Service{Store: s}, slog.New(slog.DiscardHandler), false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	archive := filepath.Join(t.TempDir(), "demo.tar")
	if code, out := adminRun(t, "org", "export", "--data", src, "--org", "demo", "--to", archive); code != 0 {
		t.Fatalf("org export: %d %s", code, out)
	}
	code, out := adminRun(t, "org", "import", "--data", dst, "--org", "valmont", archive)
	if code != 0 || !strings.Contains(out, "imported valmont: 4 members (4 new accounts, without passwords), 2 guides, 3 versions") {
		t.Fatalf("org import: %d %s", code, out)
	}
	if code, out := adminRun(t, "org", "import", "--data", dst, "--org", "valmont", archive); code != 1 || !strings.Contains(out, "not empty") {
		t.Fatalf("import twice: %d %s", code, out)
	}
	if code, out := adminRun(t, "search", "--data", dst, "--org", "valmont", "impayés de loyer"); code != 0 || !strings.Contains(strings.ToLower(out), "loyer") {
		t.Fatalf("search after import: %d %s", code, out)
	}
}

// withEntry returns the archive data with the file name's content replaced.
func withEntry(t *testing.T, data []byte, name, content string) []byte {
	t.Helper()
	var out bytes.Buffer
	tw := tar.NewWriter(&out)
	tr := tar.NewReader(bytes.NewReader(data))
	found := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		if hdr.Name == name {
			b, found = []byte(content), true
			hdr.Size = int64(len(b))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	if !found {
		t.Fatalf("the archive lacks %s", name)
	}
	tw.Close()
	return out.Bytes()
}
