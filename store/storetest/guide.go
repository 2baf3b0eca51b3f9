package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"

	"github.com/socle-project/socle"
)

func testGuides(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "guides")
	other := mustOrg(t, s, "guides-other")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	c := mustGuide(t, s, org.ID, "catalogue", socle.KindCatalog)
	mustGuide(t, s, other.ID, "methodo", socle.KindMethodology) // same slug, other org: allowed

	dup := socle.Guide{OrgID: org.ID, Slug: "methodo", Title: "x", Kind: socle.KindMethodology}
	wantKind(t, "CreateGuide with a taken slug", s.CreateGuide(bg, &dup), socle.ECONFLICT)
	bad := socle.Guide{OrgID: org.ID, Slug: "ok", Title: "x", Kind: "novel"}
	wantKind(t, "CreateGuide with a bad kind", s.CreateGuide(bg, &bad), socle.EINVALID)
	noOrg := socle.Guide{OrgID: "nope", Slug: "ok", Title: "x", Kind: socle.KindReference}
	wantKind(t, "CreateGuide in an unknown org", s.CreateGuide(bg, &noOrg), socle.ENOTFOUND)

	got, err := s.Guide(bg, org.ID, g.ID)
	must(t, "Guide", err)
	if !reflect.DeepEqual(got, g) {
		t.Fatalf("Guide: got %+v, want %+v", got, g)
	}
	got, err = s.GuideBySlug(bg, org.ID, "catalogue")
	must(t, "GuideBySlug", err)
	if got.ID != c.ID {
		t.Fatalf("GuideBySlug: got %s, want %s", got.ID, c.ID)
	}
	all, err := s.Guides(bg, org.ID, socle.GuideFilter{})
	must(t, "Guides", err)
	if len(all) != 2 || all[0].Slug != "catalogue" || all[1].Slug != "methodo" {
		t.Fatalf("Guides: got %+v, want catalogue then methodo", all)
	}
	cats, err := s.Guides(bg, org.ID, socle.GuideFilter{Kind: socle.KindCatalog})
	must(t, "Guides(catalog)", err)
	if len(cats) != 1 || cats[0].ID != c.ID {
		t.Fatalf("Guides(catalog): got %+v, want only %s", cats, c.ID)
	}
	_, err = s.Guide(bg, org.ID, "nope")
	wantKind(t, "Guide(unknown)", err, socle.ENOTFOUND)
}

func testVersions(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "versions")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	content := sampleContent("v1", 5)
	source := append([]byte(nil), content.Source...)
	v1 := mustVersion(t, s, g, "", content)
	if v1.ID == "" || v1.N != 1 || v1.State != socle.StateDraft || v1.Sections != 5 || v1.CreatedAt.IsZero() {
		t.Fatalf("CreateVersion: got %+v, want id, N=1, draft, 5 sections, a time", v1)
	}
	sum := sha256.Sum256(source)
	if v1.SourceSHA256 != hex.EncodeToString(sum[:]) || v1.SourceSize != int64(len(source)) {
		t.Fatalf("CreateVersion: digest %s size %d, want %x %d", v1.SourceSHA256, v1.SourceSize, sum, len(source))
	}
	v2 := mustVersion(t, s, g, socle.StateReview, sampleContent("v2", 3))
	if v2.N != 2 {
		t.Fatalf("second version: got N=%d, want 2", v2.N)
	}

	got, err := s.Version(bg, org.ID, v1.ID)
	must(t, "Version", err)
	if !reflect.DeepEqual(got, v1) {
		t.Fatalf("Version: got %+v\nwant %+v", got, v1)
	}
	vs, err := s.Versions(bg, org.ID, g.ID)
	must(t, "Versions", err)
	if len(vs) != 2 || vs[0].ID != v1.ID || vs[1].ID != v2.ID {
		t.Fatalf("Versions: got %+v, want v1 then v2", vs)
	}
	src, err := s.VersionSource(bg, org.ID, v1.ID)
	must(t, "VersionSource", err)
	if string(src) != string(source) {
		t.Fatalf("VersionSource: got %q, want %q", src, source)
	}

	secs, err := s.Sections(bg, org.ID, v1.ID)
	must(t, "Sections", err)
	if len(secs) != 5 {
		t.Fatalf("Sections: got %d, want 5", len(secs))
	}
	for i, sec := range secs {
		want := content.Sections[i]
		if sec.Ordinal != i || sec.OrgID != org.ID || sec.GuideID != g.ID || sec.VersionID != v1.ID {
			t.Fatalf("section %d: got ordinal %d org %s guide %s version %s", i, sec.Ordinal, sec.OrgID, sec.GuideID, sec.VersionID)
		}
		if !reflect.DeepEqual(sec, want) {
			t.Fatalf("section %d: got %+v\nwant %+v", i, sec, want)
		}
	}
	one, err := s.Section(bg, org.ID, v1.ID, "s3-v1")
	must(t, "Section", err)
	if !reflect.DeepEqual(one, content.Sections[3]) {
		t.Fatalf("Section: got %+v, want %+v", one, content.Sections[3])
	}
	if p := one.PageAt(one.Passages[1].Start); p != one.PageStart+1 {
		t.Fatalf("PageAt(second passage): got %d, want %d", p, one.PageStart+1)
	}
	_, err = s.Section(bg, org.ID, v2.ID, "s3-v1")
	wantKind(t, "Section of another version", err, socle.ENOTFOUND)
	_, err = s.Version(bg, org.ID, "nope")
	wantKind(t, "Version(unknown)", err, socle.ENOTFOUND)
	_, err = s.Sections(bg, org.ID, "nope")
	wantKind(t, "Sections(unknown version)", err, socle.ENOTFOUND)

	bad := socle.Version{OrgID: org.ID, GuideID: "nope"}
	wantKind(t, "CreateVersion of an unknown guide", s.CreateVersion(bg, &bad, sampleContent("x", 1)), socle.ENOTFOUND)
}

// testGuideWithVersion creates a guide and its first version at once; refused content leaves
// no guide behind.
func testGuideWithVersion(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "guide-with-version")
	g := socle.Guide{OrgID: org.ID, Slug: "methodo", Title: "Méthodo", Kind: socle.KindMethodology}
	v := socle.Version{State: socle.StatePublished}
	must(t, "CreateGuideWithVersion", s.CreateGuideWithVersion(bg, &g, &v, sampleContent("a", 3)))
	if g.ID == "" || v.GuideID != g.ID || v.OrgID != org.ID || v.N != 1 || v.Sections != 3 {
		t.Fatalf("CreateGuideWithVersion: guide %+v version %+v", g, v)
	}
	secs, err := s.Sections(bg, org.ID, v.ID)
	must(t, "Sections", err)
	if len(secs) != 3 {
		t.Fatalf("Sections: got %d, want 3", len(secs))
	}
	bad := socle.Guide{OrgID: org.ID, Slug: "refused", Title: "x", Kind: socle.KindMethodology}
	bv := socle.Version{}
	wantKind(t, "CreateGuideWithVersion with bad content", s.CreateGuideWithVersion(bg, &bad, &bv,
		socle.VersionContent{Sections: []socle.Section{{ID: "a"}, {ID: "a"}}}), socle.EINVALID)
	_, err = s.GuideBySlug(bg, org.ID, "refused")
	wantKind(t, "GuideBySlug after a refused CreateGuideWithVersion", err, socle.ENOTFOUND)
	dup := socle.Guide{OrgID: org.ID, Slug: "methodo", Title: "x", Kind: socle.KindMethodology}
	dv := socle.Version{}
	wantKind(t, "CreateGuideWithVersion with a taken slug", s.CreateGuideWithVersion(bg, &dup, &dv, sampleContent("b", 1)), socle.ECONFLICT)
}

func testVersionStates(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "states")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	h := mustGuide(t, s, org.ID, "autre", socle.KindMethodology)
	v1 := mustVersion(t, s, g, socle.StateDraft, sampleContent("v1", 1))
	v2 := mustVersion(t, s, g, socle.StateDraft, sampleContent("v2", 1))
	h1 := mustVersion(t, s, h, socle.StatePublished, sampleContent("h1", 1))

	_, err := s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: "nonsense"})
	wantKind(t, "SetVersionState(unknown state)", err, socle.ECONFLICT)
	got, err := s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: socle.StateReview})
	must(t, "draft → review", err)
	if got.State != socle.StateReview {
		t.Fatalf("draft → review: got %s", got.State)
	}
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished, Expect: 3})
	wantKind(t, "publishing in place of a version that is not published", err, socle.ECONFLICT)
	got, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished})
	must(t, "review → published", err)
	if got.State != socle.StatePublished || got.PublishedAt.IsZero() {
		t.Fatalf("review → published: got %s at %v", got.State, got.PublishedAt)
	}
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StatePublished})
	wantKind(t, "publishing as if none were published, after v1 was", err, socle.ECONFLICT)
	if still, _ := s.Version(bg, org.ID, v2.ID); still.State != socle.StateDraft {
		t.Fatalf("a refused publication left v2 %s, want draft", still.State)
	}
	got, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StatePublished, Expect: v1.N})
	must(t, "draft → published", err)
	old, err := s.Version(bg, org.ID, v1.ID)
	must(t, "Version(v1)", err)
	if old.State != socle.StateArchived {
		t.Fatalf("publishing v2 left v1 %s, want archived", old.State)
	}
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StateDraft})
	wantKind(t, "published → draft", err, socle.ECONFLICT)

	pub, err := s.PublishedVersions(bg, org.ID)
	must(t, "PublishedVersions", err)
	ids := map[string]bool{}
	for _, v := range pub {
		ids[v.ID] = true
	}
	if len(pub) != 2 || !ids[v2.ID] || !ids[h1.ID] {
		t.Fatalf("PublishedVersions: got %+v, want v2 and h1", pub)
	}

	// Rolling back: publishing the archived v1 archives v2.
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished, Expect: v2.N})
	must(t, "archived → published", err)
	now, err := s.Version(bg, org.ID, v2.ID)
	must(t, "Version(v2)", err)
	if now.State != socle.StateArchived {
		t.Fatalf("rollback left v2 %s, want archived", now.State)
	}
	// A version created published archives the current one too.
	v3 := mustVersion(t, s, g, socle.StatePublished, sampleContent("v3", 1))
	pub, err = s.PublishedVersions(bg, org.ID)
	must(t, "PublishedVersions", err)
	for _, v := range pub {
		if v.GuideID == g.ID && v.ID != v3.ID {
			t.Fatalf("after creating v3 published, %d of the guide is still published", v.N)
		}
	}
	bad := socle.Version{OrgID: org.ID, GuideID: g.ID, State: socle.StateArchived}
	wantKind(t, "CreateVersion archived", s.CreateVersion(bg, &bad, sampleContent("x", 1)), socle.EINVALID)
}

// testVersionsAreImmutable checks that a version's content reads back the same after state
// changes, and that changing what a read returned does not change what is stored.
func testVersionsAreImmutable(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "immutable")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	content := sampleContent("v1", 2)
	want := make([]socle.Section, len(content.Sections))
	copy(want, content.Sections)
	v := mustVersion(t, s, g, socle.StateDraft, content)
	content.Sections[0].Text = "changed after the write"

	secs, err := s.Sections(bg, org.ID, v.ID)
	must(t, "Sections", err)
	secs[1].Path[0] = "changed after the read"
	for _, st := range []socle.VersionState{socle.StateReview, socle.StatePublished, socle.StateArchived} {
		_, err := s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v.ID, State: st})
		must(t, "SetVersionState", err)
	}
	mustVersion(t, s, g, socle.StatePublished, sampleContent("v2", 4))
	again, err := s.Sections(bg, org.ID, v.ID)
	must(t, "Sections again", err)
	if again[0].Text == "changed after the write" || again[1].Path[0] == "changed after the read" {
		t.Fatalf("a version's stored sections changed after the write: %+v", again)
	}
	for i := range again {
		if again[i].Text != want[i].Text || !reflect.DeepEqual(again[i].Path, want[i].Path) {
			t.Fatalf("section %d changed: got %+v, want %+v", i, again[i], want[i])
		}
	}
}

// testBadContentWritesNothing checks that refused content leaves no trace: no version, no
// number consumed.
func testBadContentWritesNothing(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "bad-content")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	cases := map[string]socle.VersionContent{
		"repeated section id":  {Sections: []socle.Section{{ID: "a", Text: "x"}, {ID: "a", Text: "y"}}},
		"empty section id":     {Sections: []socle.Section{{ID: "", Text: "x"}}},
		"passage outside text": {Sections: []socle.Section{{ID: "a", Text: "abc", Passages: []socle.Span{{Start: 1, End: 9}}}}},
		"service without name": {Services: []socle.Service{{ID: "svc"}}},
		"repeated service id":  {Services: []socle.Service{{ID: "svc", Name: "a"}, {ID: "svc", Name: "b"}}},
	}
	for name, c := range cases {
		v := socle.Version{OrgID: org.ID, GuideID: g.ID}
		wantKind(t, "CreateVersion with "+name, s.CreateVersion(bg, &v, c), socle.EINVALID)
	}
	vs, err := s.Versions(bg, org.ID, g.ID)
	must(t, "Versions", err)
	if len(vs) != 0 {
		t.Fatalf("refused versions left %d versions behind", len(vs))
	}
	v := mustVersion(t, s, g, "", sampleContent("ok", 1))
	if v.N != 1 {
		t.Fatalf("first accepted version: got N=%d, want 1", v.N)
	}
}

func testServices(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "services")
	g := mustGuide(t, s, org.ID, "catalogue", socle.KindCatalog)
	svcs := []socle.Service{
		{ID: "fsl", Name: "Fonds de solidarité logement", Description: "Aide au maintien dans le logement.", Provider: "Département",
			Audience: []string{"personnes-en-situation-de-precarite"}, Eligibility: "Ressources modestes", Territories: []string{"74"},
			Contact: "04 00 00 00 00", Link: "https://example.org/fsl", Themes: []string{"logement-hebergement"}, Extra: map[string]string{"source": "test"}},
		{ID: "garantie-jeunes", Name: "Contrat d'engagement jeune", AgeMin: 16, AgeMax: 25, Territories: []string{"FR"}},
	}
	v := mustVersion(t, s, g, socle.StatePublished, socle.VersionContent{Source: []byte("nom\n"), Services: svcs})
	if v.Services != 2 {
		t.Fatalf("CreateVersion: got %d services, want 2", v.Services)
	}
	got, err := s.Services(bg, org.ID, v.ID)
	must(t, "Services", err)
	if len(got) != 2 {
		t.Fatalf("Services: got %d, want 2", len(got))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], svcs[i]) {
			t.Fatalf("service %d: got %+v\nwant %+v", i, got[i], svcs[i])
		}
	}
	one, err := s.Service(bg, org.ID, v.ID, "garantie-jeunes")
	must(t, "Service", err)
	if !one.ServesAge(18) || one.ServesAge(30) {
		t.Fatalf("Service: age bounds lost: %+v", one)
	}
	_, err = s.Service(bg, org.ID, v.ID, "nope")
	wantKind(t, "Service(unknown)", err, socle.ENOTFOUND)
}
