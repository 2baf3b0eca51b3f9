package storetest

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/socle-project/socle"
)

// testConcurrentVersions has writers add versions to one guide at once; every version gets
// its own number and its own complete content.
func testConcurrentVersions(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "concurrent")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	const writers, each = 6, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				v := socle.Version{OrgID: org.ID, GuideID: g.ID}
				if err := s.CreateVersion(bg, &v, sampleContent(fmt.Sprintf("w%d-%d", w, i), 1+i)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent CreateVersion: %v", err)
	}
	vs, err := s.Versions(bg, org.ID, g.ID)
	must(t, "Versions", err)
	if len(vs) != writers*each {
		t.Fatalf("got %d versions, want %d", len(vs), writers*each)
	}
	for i, v := range vs {
		if v.N != i+1 {
			t.Fatalf("version numbers: position %d has N=%d, want %d", i, v.N, i+1)
		}
		secs, err := s.Sections(bg, org.ID, v.ID)
		must(t, "Sections", err)
		if len(secs) != v.Sections {
			t.Fatalf("version %d: %d sections stored, %d announced", v.N, len(secs), v.Sections)
		}
	}
}

// testConcurrentPublish publishes several versions of one guide at once, each in place of no
// published version: one wins, the others learn that a version was published meanwhile.
func testConcurrentPublish(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "publish")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	var ids []string
	for i := range 6 {
		ids = append(ids, mustVersion(t, s, g, socle.StateReview, sampleContent(fmt.Sprint(i), 1)).ID)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for _, id := range ids {
		wg.Go(func() {
			_, err := s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: id, State: socle.StatePublished})
			switch {
			case err == nil:
				mu.Lock()
				wins++
				mu.Unlock()
			case socle.KindOf(err) != socle.ECONFLICT:
				t.Errorf("SetVersionState: %v", err)
			}
		})
	}
	wg.Wait()
	pub, err := s.PublishedVersions(bg, org.ID)
	must(t, "PublishedVersions", err)
	if len(pub) != 1 || wins != 1 {
		t.Fatalf("after concurrent publishing, %d versions are published and %d publications succeeded, want 1 and 1", len(pub), wins)
	}
}

// testConcurrentOrgs races writers for one slug: exactly one wins, the others get ECONFLICT.
func testConcurrentOrgs(t *testing.T, s socle.Store) {
	slug := uniqueSlug("race")
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for range 8 {
		wg.Go(func() {
			err := s.CreateOrg(bg, &socle.Organization{Slug: slug, Name: "Race"})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case socle.KindOf(err) == socle.ECONFLICT:
				conflicts++
			default:
				t.Errorf("CreateOrg: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 || conflicts != 7 {
		t.Fatalf("8 writers for one slug: %d won, %d conflicted; want 1 and 7", wins, conflicts)
	}
}

// testConcurrentGlossary writes many terms at once; all are there afterwards.
func testConcurrentGlossary(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "glossary-race")
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			e := socle.GlossaryEntry{OrgID: org.ID, Term: fmt.Sprintf("T%02d", i), Expansions: []string{"x"}}
			if err := s.PutGlossaryEntry(bg, &e); err != nil {
				t.Errorf("PutGlossaryEntry: %v", err)
			}
		})
	}
	wg.Wait()
	es, err := s.Glossary(bg, org.ID)
	must(t, "Glossary", err)
	keys := make([]string, len(es))
	for i, e := range es {
		keys[i] = e.Term
	}
	if len(es) != 40 || !sort.StringsAreSorted(keys) {
		t.Fatalf("Glossary after 40 concurrent writes: got %d entries (sorted: %v)", len(es), sort.StringsAreSorted(keys))
	}
}
