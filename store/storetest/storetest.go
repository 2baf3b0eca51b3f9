// Package storetest is the conformance suite every socle.Store passes: the embedded and the
// PostgreSQL stores run the same tests, so that both modes behave alike down to error kinds.
package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// Opener returns a new, empty store for one test and arranges its cleanup.
type Opener func(t *testing.T) socle.Store

// Run runs the whole suite against the stores open returns.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s socle.Store)
	}{
		{"Orgs", testOrgs},
		{"Users", testUsers},
		{"Guides", testGuides},
		{"Versions", testVersions},
		{"GuideWithVersion", testGuideWithVersion},
		{"VersionStates", testVersionStates},
		{"VersionsAreImmutable", testVersionsAreImmutable},
		{"BadContentWritesNothing", testBadContentWritesNothing},
		{"Services", testServices},
		{"Glossary", testGlossary},
		{"Plans", testPlans},
		{"PlanExpiry", testPlanExpiry},
		{"DraftKey", testDraftKey},
		{"PlanDrafts", testPlanDrafts},
		{"ConcurrentDraftSaves", testConcurrentDraftSaves},
		{"Audit", testAudit},
		{"Settings", testSettings},
		{"Comments", testComments},
		{"ChangeNotices", testChangeNotices},
		{"PlansCiting", testPlansCiting},
		{"Jobs", testJobs},
		{"StaleJobs", testStaleJobs},
		{"Paths", testPaths},
		{"PathProgress", testPathProgress},
		{"AutoAssign", testAutoAssign},
		{"Usage", testUsage},
		{"UsageDrafts", testUsageDrafts},
		{"PassageRules", testPassageRules},
		{"Sessions", testSessions},
		{"APITokens", testAPITokens},
		{"MemberState", testMemberState},
		{"Links", testLinks},
		{"Identities", testIdentities},
		{"Failures", testFailures},
		{"TokenUse", testTokenUse},
		{"AuditFilters", testAuditFilters},
		{"Isolation", testIsolation},
		{"IsolationRandom", testIsolationRandom},
		{"ConcurrentVersions", testConcurrentVersions},
		{"ConcurrentPublish", testConcurrentPublish},
		{"ConcurrentOrgs", testConcurrentOrgs},
		{"ConcurrentGlossary", testConcurrentGlossary},
		{"ChangeFeed", testChangeFeed},
		{"FeedPruning", testFeedPruning},
		{"Ping", func(t *testing.T, s socle.Store) {
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

// ctxFor returns a context acting as the given user.
func ctxFor(actor string) context.Context {
	return socle.WithActor(context.Background(), actor)
}

var bg = context.Background()

// mustOrg creates an organization with a unique slug.
func mustOrg(t *testing.T, s socle.Store, name string) socle.Organization {
	t.Helper()
	o := socle.Organization{Slug: uniqueSlug(name), Name: name}
	if err := s.CreateOrg(bg, &o); err != nil {
		t.Fatalf("CreateOrg(%s): %v", o.Slug, err)
	}
	return o
}

func uniqueSlug(base string) string {
	base = strings.ToLower(strings.ReplaceAll(base, " ", "-"))
	return fmt.Sprintf("%s-%08x", base, rand.Uint32())
}

func mustGuide(t *testing.T, s socle.Store, orgID, slug string, kind socle.GuideKind) socle.Guide {
	t.Helper()
	g := socle.Guide{OrgID: orgID, Slug: slug, Title: "Guide " + slug, Kind: kind}
	if err := s.CreateGuide(bg, &g); err != nil {
		t.Fatalf("CreateGuide(%s): %v", slug, err)
	}
	return g
}

func mustVersion(t *testing.T, s socle.Store, g socle.Guide, state socle.VersionState, c socle.VersionContent) socle.Version {
	t.Helper()
	v := socle.Version{OrgID: g.OrgID, GuideID: g.ID, State: state, Title: g.Title, SourceName: "guide.md", SourceType: "text/markdown", Author: "author-1", Note: "note"}
	if err := s.CreateVersion(ctxFor("author-1"), &v, c); err != nil {
		t.Fatalf("CreateVersion(%s): %v", g.Slug, err)
	}
	return v
}

// sampleContent returns n sections with every field set, and a source naming tag so that two
// versions' contents differ.
func sampleContent(tag string, n int) socle.VersionContent {
	c := socle.VersionContent{Source: []byte("# Source " + tag + "\n")}
	for i := range n {
		text := fmt.Sprintf("Texte %s %d : l'accompagnement de l'enfant relève de l'ASE. Deuxième phrase.\n\nParagraphe suivant, page suivante.", tag, i)
		brk := strings.Index(text, "Paragraphe")
		c.Sections = append(c.Sections, socle.Section{
			ID:         fmt.Sprintf("s%d-%s", i, tag),
			Path:       []string{"Chapitre " + tag, fmt.Sprintf("Section %d", i)},
			Level:      2,
			Text:       text,
			Passages:   []socle.Span{{Start: 0, End: brk - 2}, {Start: brk, End: len(text)}},
			PageStart:  i + 1,
			PageEnd:    i + 2,
			PageBreaks: []int{brk},
			Chars:      []socle.CharRun{{Start: 0, End: 5, Page: i + 1, Char: 3}, {Start: brk, End: brk + 10, Page: i + 2, Char: 0}},
			LineStart:  10 * i,
			LineEnd:    10*i + 5,
		})
	}
	return c
}

func wantKind(t *testing.T, what string, err error, kind socle.ErrorKind) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: got nil error, want kind %s", what, kind)
	}
	if got := socle.KindOf(err); got != kind {
		t.Fatalf("%s: got error kind %s (%v), want %s", what, got, err, kind)
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func sameTime(a, b time.Time) bool { return a.Equal(b) }
