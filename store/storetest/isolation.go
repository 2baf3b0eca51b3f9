package storetest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// tenantData is one organization with one object of every kind.
type tenantData struct {
	org      socle.Organization
	guide    socle.Guide
	catalog  socle.Guide
	version  socle.Version
	catalogV socle.Version
	section  string
	service  string
	plan     socle.Plan
	token    socle.APIToken
	job      socle.Job
	noticed  socle.Guide // a guide with a change notice
	path     socle.LearningPath
	member   socle.User
	link     socle.OneTimeLink
	rule     socle.PassageRule
}

func populate(t *testing.T, s socle.Store, name string) tenantData {
	t.Helper()
	d := tenantData{org: mustOrg(t, s, name)}
	d.guide = mustGuide(t, s, d.org.ID, "methodo", socle.KindMethodology)
	d.catalog = mustGuide(t, s, d.org.ID, "catalogue", socle.KindCatalog)
	c := sampleContent(name, 2)
	d.version = mustVersion(t, s, d.guide, socle.StatePublished, c)
	d.section = c.Sections[0].ID
	d.service = "svc-" + name
	d.catalogV = mustVersion(t, s, d.catalog, socle.StatePublished, socle.VersionContent{Services: []socle.Service{{ID: d.service, Name: "Service " + name}}})
	must(t, "PutGlossaryEntry", s.PutGlossaryEntry(bg, &socle.GlossaryEntry{OrgID: d.org.ID, Term: "T" + name, Expansions: []string{name}}))
	member := mustMember(t, s, d.org.ID, socle.RoleCaseworker)
	d.member = member
	d.token = socle.APIToken{OrgID: d.org.ID, UserID: member.ID, Name: "t", TokenHash: uniqueSlug("h")}
	must(t, "CreateAPIToken", s.CreateAPIToken(bg, &d.token))
	d.link = socle.OneTimeLink{TokenHash: uniqueSlug("l"), OrgID: d.org.ID, UserID: member.ID, Purpose: socle.LinkInvite, ExpiresAt: socle.Now().Add(time.Hour)}
	must(t, "CreateLink", s.CreateLink(bg, &d.link))
	d.plan = samplePlan(d.org.ID, "u", time.Hour)
	d.plan.Steps[0].Citations[0].GuideID, d.plan.Steps[0].Citations[0].SectionID = d.guide.ID, d.section
	must(t, "SavePlan", s.SavePlan(bg, &d.plan))
	must(t, "AddComment", s.AddComment(bg, &socle.Comment{OrgID: d.org.ID, VersionID: d.version.ID, SectionID: d.section, Body: "remarque " + name}))
	d.job = socle.Job{OrgID: d.org.ID, Kind: "upload", FileName: name + ".pdf", Guide: "methodo"}
	must(t, "CreateJob", s.CreateJob(bg, &d.job))
	d.noticed = mustGuide(t, s, d.org.ID, "notices", socle.KindMethodology)
	n1 := mustVersion(t, s, d.noticed, socle.StatePublished, sampleContent(name+"n1", 1))
	n2 := mustVersion(t, s, d.noticed, socle.StateReview, sampleContent(name+"n2", 1))
	_, err := s.SetVersionState(bg, d.org.ID, socle.StateChange{VersionID: n2.ID, State: socle.StatePublished, Expect: n1.N,
		Notices: []socle.ChangeNotice{{SectionID: "s0-" + name + "n1", Change: socle.Removed, FromVersionID: n1.ID, FromN: n1.N}}})
	must(t, "publish with a notice", err)
	pc := samplePathContent("Parcours "+name, "a")
	d.path = socle.LearningPath{OrgID: d.org.ID, Draft: &pc}
	must(t, "CreatePath", s.CreatePath(bg, &d.path))
	must(t, "Assign", s.Assign(bg, &socle.Assignment{OrgID: d.org.ID, PathID: d.path.ID, UserID: member.ID}))
	must(t, "SaveProgress", s.SaveProgress(bg, &socle.StepProgress{OrgID: d.org.ID, PathID: d.path.ID, StepID: "a", UserID: member.ID, ReadAt: socle.Now()}))
	must(t, "RecordUsage", s.RecordUsage(bg, sampleUsage(d.org.ID, socle.Now())))
	must(t, "AddFeedback", s.AddFeedback(bg, &socle.Feedback{OrgID: d.org.ID, PlanID: d.plan.ID, Verdict: socle.VerdictUseful}))
	d.rule = socle.PassageRule{OrgID: d.org.ID, Need: "logement", GuideID: d.guide.ID, Digest: socle.PassageDigest("passage " + name),
		Rule: socle.RuleSetAside, VersionN: d.version.N, SectionID: d.section, Span: socle.Span{Start: 0, End: 7}, UserID: member.ID}
	must(t, "SetPassageRule", s.SetPassageRule(bg, &d.rule))
	return d
}

// crossReads makes every read of organization a's data with b's object ids and returns, for
// each, what came back: an error, or the organization ids of the objects returned.
func crossReads(s socle.Store, a, b tenantData) map[string]func() ([]string, error) {
	org := a.org.ID
	return map[string]func() ([]string, error){
		"Guide": func() ([]string, error) { g, err := s.Guide(bg, org, b.guide.ID); return []string{g.OrgID}, err },
		"Version": func() ([]string, error) {
			v, err := s.Version(bg, org, b.version.ID)
			return []string{v.OrgID}, err
		},
		"Versions": func() ([]string, error) {
			vs, err := s.Versions(bg, org, b.guide.ID)
			return orgsOf(vs, func(v socle.Version) string { return v.OrgID }), err
		},
		"Sections": func() ([]string, error) {
			ss, err := s.Sections(bg, org, b.version.ID)
			return orgsOf(ss, func(s socle.Section) string { return s.OrgID }), err
		},
		"Section": func() ([]string, error) {
			sec, err := s.Section(bg, org, b.version.ID, b.section)
			return []string{sec.OrgID}, err
		},
		"VersionSource": func() ([]string, error) {
			src, err := s.VersionSource(bg, org, b.version.ID)
			if len(src) > 0 {
				return []string{b.org.ID}, err
			}
			return nil, err
		},
		"Services": func() ([]string, error) {
			ss, err := s.Services(bg, org, b.catalogV.ID)
			return orgsOf(ss, func(s socle.Service) string { return s.OrgID }), err
		},
		"Service": func() ([]string, error) {
			svc, err := s.Service(bg, org, b.catalogV.ID, b.service)
			return []string{svc.OrgID}, err
		},
		"GlossaryEntry": func() ([]string, error) {
			e, err := s.GlossaryEntry(bg, org, "T"+b.org.Name)
			return []string{e.OrgID}, err
		},
		"Plan": func() ([]string, error) { p, err := s.Plan(bg, org, b.plan.ID); return []string{p.OrgID}, err },
		"Feedback": func() ([]string, error) {
			fs, err := s.Feedback(bg, org, b.plan.ID)
			return orgsOf(fs, func(f socle.Feedback) string { return f.OrgID }), err
		},
		"Audit": func() ([]string, error) {
			es, err := s.Audit(bg, org, socle.AuditFilter{ObjectID: b.version.ID})
			return orgsOf(es, func(e socle.AuditEvent) string { return e.OrgID }), err
		},
		"GuideBySlug": func() ([]string, error) {
			g, err := s.GuideBySlug(bg, org, b.guide.Slug) // same slug in both: must find a's own
			return []string{g.OrgID}, err
		},
		"Guides": func() ([]string, error) {
			gs, err := s.Guides(bg, org, socle.GuideFilter{})
			return orgsOf(gs, func(g socle.Guide) string { return g.OrgID }), err
		},
		"PublishedVersions": func() ([]string, error) {
			vs, err := s.PublishedVersions(bg, org)
			return orgsOf(vs, func(v socle.Version) string { return v.OrgID }), err
		},
		"Glossary": func() ([]string, error) {
			es, err := s.Glossary(bg, org)
			return orgsOf(es, func(e socle.GlossaryEntry) string { return e.OrgID }), err
		},
		"Plans": func() ([]string, error) {
			ps, err := s.Plans(bg, org, socle.PlanFilter{})
			return orgsOf(ps, func(p socle.Plan) string { return p.OrgID }), err
		},
		"APITokens": func() ([]string, error) {
			ts, err := s.APITokens(bg, org)
			return orgsOf(ts, func(t socle.APIToken) string { return t.OrgID }), err
		},
		"Comments": func() ([]string, error) {
			cs, err := s.Comments(bg, org, b.version.ID)
			return orgsOf(cs, func(c socle.Comment) string { return c.OrgID }), err
		},
		"ChangeNotices": func() ([]string, error) {
			ns, err := s.ChangeNotices(bg, org, socle.NoticeFilter{GuideID: b.noticed.ID})
			return orgsOf(ns, func(n socle.ChangeNotice) string { return n.OrgID }), err
		},
		"PlansCiting": func() ([]string, error) {
			ps, err := s.PlansCiting(bg, org, b.guide.ID, []string{b.section})
			if len(ps) > 0 && ps[0].PlanID == b.plan.ID {
				return []string{b.org.ID}, err
			}
			return nil, err
		},
		"Job": func() ([]string, error) { j, err := s.Job(bg, org, b.job.ID); return []string{j.OrgID}, err },
		"Jobs": func() ([]string, error) {
			js, err := s.Jobs(bg, org, socle.JobFilter{})
			return orgsOf(js, func(j socle.Job) string { return j.OrgID }), err
		},
		"LearningPath": func() ([]string, error) {
			p, err := s.LearningPath(bg, org, b.path.ID)
			return []string{p.OrgID}, err
		},
		"LearningPaths": func() ([]string, error) {
			ps, err := s.LearningPaths(bg, org)
			return orgsOf(ps, func(p socle.LearningPath) string { return p.OrgID }), err
		},
		"Assignments": func() ([]string, error) {
			as, err := s.Assignments(bg, org, socle.ProgressFilter{PathID: b.path.ID})
			return orgsOf(as, func(a socle.Assignment) string { return a.OrgID }), err
		},
		"Progress": func() ([]string, error) {
			ps, err := s.Progress(bg, org, socle.ProgressFilter{UserID: b.member.ID})
			return orgsOf(ps, func(p socle.StepProgress) string { return p.OrgID }), err
		},
		"UsageCounts": func() ([]string, error) {
			cs, err := s.UsageCounts(bg, org, socle.Now().AddDate(0, 0, -1), socle.Now().AddDate(0, 0, 1))
			return orgsOf(cs, func(c socle.UsageCount) string { return c.OrgID }), err
		},
		"UsageTotals": func() ([]string, error) {
			cs, err := s.UsageTotals(bg, org, socle.Now().AddDate(0, 0, -1), socle.Now().AddDate(0, 0, 1))
			return orgsOf(cs, func(c socle.UsageCount) string { return c.OrgID }), err
		},
		"UsageEvents": func() ([]string, error) {
			es, err := s.UsageEvents(bg, org, socle.UsageFilter{})
			return orgsOf(es, func(e socle.UsageEvent) string { return e.OrgID }), err
		},
		"Settings": func() ([]string, error) {
			set, err := s.Settings(bg, org)
			return []string{set.OrgID}, err
		},
		"Links": func() ([]string, error) {
			ls, err := s.Links(bg, org)
			return orgsOf(ls, func(l socle.OneTimeLink) string { return l.OrgID }), err
		},
		"Member": func() ([]string, error) {
			m, err := s.Member(bg, org, b.member.ID)
			return []string{m.OrgID}, err
		},
		"AuditFiltered": func() ([]string, error) {
			es, err := s.Audit(bg, org, socle.AuditFilter{Action: "link.", ObjectKind: "user"})
			return orgsOf(es, func(e socle.AuditEvent) string { return e.OrgID }), err
		},
		"Members": func() ([]string, error) {
			ms, err := s.Members(bg, org)
			return orgsOf(ms, func(m socle.Membership) string { return m.OrgID }), err
		},
		"PassageRules": func() ([]string, error) {
			rs, err := s.PassageRules(bg, org)
			return orgsOf(rs, func(r socle.PassageRule) string { return r.OrgID }), err
		},
		"AuditOfRules": func() ([]string, error) {
			es, err := s.Audit(bg, org, socle.AuditFilter{Action: "passage.", ObjectID: b.guide.ID})
			return orgsOf(es, func(e socle.AuditEvent) string { return e.OrgID }), err
		},
	}
}

func orgsOf[T any](xs []T, org func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = org(x)
	}
	return out
}

func testIsolation(t *testing.T, s socle.Store) {
	a, b := populate(t, s, "a"), populate(t, s, "b")
	for name, read := range crossReads(s, a, b) {
		orgs, err := read()
		if err != nil && socle.KindOf(err) != socle.ENOTFOUND {
			t.Errorf("%s with another organization's ids: got %v, want ENOTFOUND or a's own objects", name, err)
			continue
		}
		if err != nil {
			continue
		}
		for _, o := range orgs {
			if o != a.org.ID {
				t.Errorf("%s for organization a returned an object of organization %s", name, o)
			}
		}
	}

	// Writes aimed at b's objects through a's organization find nothing and change nothing.
	v := socle.Version{OrgID: a.org.ID, GuideID: b.guide.ID}
	wantKind(t, "CreateVersion of b's guide in a", s.CreateVersion(bg, &v, sampleContent("x", 1)), socle.ENOTFOUND)
	_, err := s.SetVersionState(bg, a.org.ID, socle.StateChange{VersionID: b.version.ID, State: socle.StateArchived})
	wantKind(t, "SetVersionState of b's version in a", err, socle.ENOTFOUND)
	wantKind(t, "DeletePlan of b's plan in a", s.DeletePlan(bg, a.org.ID, b.plan.ID), socle.ENOTFOUND)
	wantKind(t, "AddFeedback to b's plan in a", s.AddFeedback(bg, &socle.Feedback{OrgID: a.org.ID, PlanID: b.plan.ID, Verdict: socle.VerdictWrong}), socle.ENOTFOUND)
	wantKind(t, "DeleteAPIToken of b's token in a", s.DeleteAPIToken(bg, a.org.ID, b.token.ID), socle.ENOTFOUND)
	wantKind(t, "DeleteGlossaryEntry of b's term in a", s.DeleteGlossaryEntry(bg, a.org.ID, "Tb"), socle.ENOTFOUND)
	wantKind(t, "AddComment on b's version in a", s.AddComment(bg, &socle.Comment{OrgID: a.org.ID, VersionID: b.version.ID, Body: "x"}), socle.ENOTFOUND)
	bj := b.job
	bj.OrgID, bj.State = a.org.ID, socle.JobFailed
	wantKind(t, "UpdateJob of b's job in a", s.UpdateJob(bg, &bj), socle.ENOTFOUND)
	if got, err := s.Job(bg, b.org.ID, b.job.ID); err != nil || got.State != socle.JobQueued {
		t.Fatalf("b's job after a's attempts: %+v, %v", got, err)
	}
	wantKind(t, "Assign b's path in a", s.Assign(bg, &socle.Assignment{OrgID: a.org.ID, PathID: b.path.ID, UserID: a.member.ID}), socle.ENOTFOUND)
	wantKind(t, "Assign b's member to a's path", s.Assign(bg, &socle.Assignment{OrgID: a.org.ID, PathID: a.path.ID, UserID: b.member.ID}), socle.ENOTFOUND)
	wantKind(t, "SaveProgress on b's path in a", s.SaveProgress(bg, &socle.StepProgress{OrgID: a.org.ID, PathID: b.path.ID, StepID: "a", UserID: a.member.ID}), socle.ENOTFOUND)
	_, err = s.PublishPath(bg, a.org.ID, b.path.ID)
	wantKind(t, "PublishPath of b's path in a", err, socle.ENOTFOUND)
	_, err = s.SavePathDraft(bg, a.org.ID, b.path.ID, samplePathContent("x", "a"), socle.Audience{})
	wantKind(t, "SavePathDraft of b's path in a", err, socle.ENOTFOUND)
	wantKind(t, "Unassign b's member in a", s.Unassign(bg, a.org.ID, b.path.ID, b.member.ID), socle.ENOTFOUND)
	if cs, err := s.Comments(bg, b.org.ID, b.version.ID); err != nil || len(cs) != 1 {
		t.Fatalf("b's comments after a's attempts: %d, %v", len(cs), err)
	}
	wantKind(t, "DeleteLink of b's link in a", s.DeleteLink(bg, a.org.ID, b.link.ID), socle.ENOTFOUND)
	wantKind(t, "SetMemberActive of b's member in a", s.SetMemberActive(bg, a.org.ID, b.member.ID, false), socle.ENOTFOUND)
	if m, err := s.Member(bg, b.org.ID, b.member.ID); err != nil || !m.Active() {
		t.Fatalf("b's member after a's attempts: %+v, %v", m, err)
	}
	if ls, err := s.Links(bg, b.org.ID); err != nil || len(ls) != 1 {
		t.Fatalf("b's links after a's attempts: %d, %v", len(ls), err)
	}
	wantKind(t, "DeletePassageRule of b's rule in a", s.DeletePassageRule(bg, a.org.ID, b.rule.Key()), socle.ENOTFOUND)
	ar := b.rule
	ar.OrgID, ar.Rule = a.org.ID, socle.RuleKeep
	wantKind(t, "SetPassageRule on b's guide in a", s.SetPassageRule(bg, &ar), socle.ENOTFOUND)
	if rs, err := s.PassageRules(bg, b.org.ID); err != nil || len(rs) != 1 || rs[0].Rule != socle.RuleSetAside || rs[0].Key() != b.rule.Key() {
		t.Fatalf("b's passage rules after a's attempts: %+v, %v", rs, err)
	}
	if rs, err := s.PassageRules(bg, a.org.ID); err != nil || len(rs) != 1 || rs[0].Key() != a.rule.Key() {
		t.Fatalf("a's passage rules after its attempts on b's: %+v, %v", rs, err)
	}

	if got, err := s.Version(bg, b.org.ID, b.version.ID); err != nil || got.State != socle.StatePublished {
		t.Fatalf("b's version after a's attempts: %+v, %v", got, err)
	}
	if _, err := s.Plan(bg, b.org.ID, b.plan.ID); err != nil {
		t.Fatalf("b's plan after a's attempts: %v", err)
	}
	if fb, err := s.Feedback(bg, b.org.ID, b.plan.ID); err != nil || len(fb) != 1 {
		t.Fatalf("b's feedback after a's attempts: %d, %v", len(fb), err)
	}
}

// testIsolationRandom draws random pairs of organizations and makes every read of the first
// with the ids of the second; a read returns only the first's objects, and finds them when the
// two are the same.
func testIsolationRandom(t *testing.T, s socle.Store) {
	var tenants []tenantData
	for i := range 4 {
		tenants = append(tenants, populate(t, s, fmt.Sprintf("r%d", i)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		a, b := tenants[rng.IntN(len(tenants))], tenants[rng.IntN(len(tenants))]
		for name, read := range crossReads(s, a, b) {
			orgs, err := read()
			if a.org.ID == b.org.ID && err != nil {
				t.Fatalf("%s of its own objects: %v", name, err)
			}
			if err != nil && socle.KindOf(err) != socle.ENOTFOUND {
				t.Fatalf("%s(%s, ids of %s): %v", name, a.org.Slug, b.org.Slug, err)
			}
			for _, o := range orgs {
				if err == nil && o != a.org.ID {
					t.Fatalf("%s(%s, ids of %s) returned an object of %s", name, a.org.Slug, b.org.Slug, o)
				}
			}
		}
	}
}
