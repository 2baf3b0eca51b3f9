package authoring_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
)

func logementPDF(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "ingest", "pdf", "testdata", "logement.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPage draws cited pages of a PDF version through the service: the quote's page with its
// highlight, served from the cache the second time, never another organization's, and clear
// errors for what cannot be drawn.
func TestPage(t *testing.T) {
	svc, _, org := setup(t)
	other := socle.Organization{Slug: "autre", Name: "Autre"}
	if err := svc.Store.CreateOrg(ctx, &other); err != nil {
		t.Fatal(err)
	}
	cache, err := authoring.OpenPageCache(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	svc.Pages = cache
	data := logementPDF(t)
	for _, o := range []socle.Organization{org, other} {
		if _, err := svc.AddVersion(ctx, authoring.Upload{OrgID: o.ID, Guide: "logement", FileName: "logement.pdf", Data: data, Publish: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "rsa", FileName: "rsa.md", Data: []byte(md), Publish: true}); err != nil {
		t.Fatal(err)
	}
	g, err := svc.Store.GuideBySlug(ctx, org.ID, "logement")
	if err != nil {
		t.Fatal(err)
	}
	vs, _ := svc.Store.Versions(ctx, org.ID, g.ID)
	secs, err := svc.Store.Sections(ctx, org.ID, vs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var sec socle.Section
	var span socle.Span
	for _, s := range secs {
		if i := strings.Index(s.Text, "Lorsque la dette"); i >= 0 {
			sec, span = s, socle.Span{Start: i, End: strings.Index(s.Text, "bailleur. Le FSL") + len("bailleur.")}
		}
	}
	if sec.ID == "" || len(sec.Chars) == 0 {
		t.Fatalf("no section with runs holds the quote across pages 1 and 2: %+v", secs)
	}
	if got := authoring.QuotePages(sec, span); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("the quote is on pages %v, want [1 2]", got)
	}
	q := authoring.PageQuery{Slug: "logement", N: 1, Page: 2, SectionID: sec.ID, Span: span}
	first, err := svc.Page(ctx, org.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Highlighted || first.Cached || first.Pages != 3 || !bytes.HasPrefix(first.PNG, []byte("\x89PNG")) {
		t.Fatalf("first drawing: highlighted %v, cached %v, %d pages, %d bytes", first.Highlighted, first.Cached, first.Pages, len(first.PNG))
	}
	again, err := svc.Page(ctx, org.ID, q)
	if err != nil || !again.Cached || !bytes.Equal(again.PNG, first.PNG) {
		t.Fatalf("second drawing: cached %v, same %v, %v", again.Cached, bytes.Equal(again.PNG, first.PNG), err)
	}
	plain, err := svc.Page(ctx, org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: 2})
	if err != nil || plain.Highlighted || plain.Cached || bytes.Equal(plain.PNG, first.PNG) {
		t.Fatalf("page without a quote: highlighted %v, cached %v, same image %v, %v", plain.Highlighted, plain.Cached, bytes.Equal(plain.PNG, first.PNG), err)
	}
	// The other organization's guide has the same file and section ids: its page is drawn for
	// it, not taken from the first organization's cache.
	o, err := svc.Page(ctx, other.ID, q)
	if err != nil || o.Cached {
		t.Fatalf("other organization: cached %v, %v; want its own drawing", o.Cached, err)
	}
	if n, err := svc.PageCount(ctx, org.ID, vs[0]); err != nil || n != 3 {
		t.Errorf("PageCount: %d, %v; want 3", n, err)
	}
	for name, c := range map[string]struct {
		org  string
		q    authoring.PageQuery
		kind socle.ErrorKind
	}{
		"markdown version":    {org.ID, authoring.PageQuery{Slug: "rsa", N: 1, Page: 1}, socle.EINVALID},
		"page past the end":   {org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: 9}, socle.ENOTFOUND},
		"page zero":           {org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: 0}, socle.EINVALID},
		"span past the text":  {org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: 1, SectionID: sec.ID, Span: socle.Span{Start: 0, End: len(sec.Text) + 1}}, socle.EINVALID},
		"unknown section":     {org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: 1, SectionID: "nope", Span: span}, socle.ENOTFOUND},
		"another org's guide": {other.ID, authoring.PageQuery{Slug: "rsa", N: 1, Page: 1}, socle.ENOTFOUND},
		"scale too large":     {org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: 1, Scale: 40}, socle.EINVALID},
	} {
		if _, err := svc.Page(ctx, c.org, c.q); socle.KindOf(err) != c.kind {
			t.Errorf("%s: got %v, want %s", name, err, c.kind)
		}
	}
}

// TestPageCacheBound fills a small cache: it stays under its size, drops the pages least
// recently served first, and counts what it holds again after a restart.
func TestPageCacheBound(t *testing.T) {
	svc, _, org := setup(t)
	dir := t.TempDir()
	const max = 400 << 10
	cache, err := authoring.OpenPageCache(dir, max)
	if err != nil {
		t.Fatal(err)
	}
	svc.Pages = cache
	if _, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "logement", FileName: "logement.pdf", Data: logementPDF(t), Publish: true}); err != nil {
		t.Fatal(err)
	}
	page := func(n int, scale float64) authoring.PageImage {
		t.Helper()
		img, err := svc.Page(ctx, org.ID, authoring.PageQuery{Slug: "logement", N: 1, Page: n, Scale: scale})
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	page(1, 1) // kept in use all along
	for _, scale := range []float64{1.5, 2, 2.5, 3} {
		for n := 1; n <= 3; n++ {
			page(n, scale)
			page(1, 1)
		}
	}
	st := cache.Stats()
	t.Logf("cache: %+v", st)
	if st.Pages >= 13 {
		t.Fatalf("all %d pages drawn are kept: the test did not fill the cache", st.Pages)
	}
	if st.Bytes > max || st.Pages == 0 {
		t.Fatalf("cache holds %d bytes in %d pages, bound %d", st.Bytes, st.Pages, max)
	}
	if !page(1, 1).Cached {
		t.Errorf("the page served all along was evicted")
	}
	var onDisk int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			onDisk += info.Size()
		}
		return nil
	})
	if onDisk != st.Bytes {
		t.Errorf("%d bytes on disk, the cache counts %d", onDisk, st.Bytes)
	}
	reopened, err := authoring.OpenPageCache(dir, max)
	if err != nil {
		t.Fatal(err)
	}
	if got := reopened.Stats(); got.Pages != st.Pages || got.Bytes != st.Bytes {
		t.Errorf("after a restart the cache counts %+v, want %d pages, %d bytes", got, st.Pages, st.Bytes)
	}
}
