package web_test

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/orgarchive"
	"github.com/socle-project/socle/store/embedded"
)

// TestOrgExportDownload: an administrator downloads the organization's archive from the
// browser, with or without the saved plans; each download is in the audit trail; the archive
// imports into another store.
func TestOrgExportDownload(t *testing.T) {
	f := newFixture(t)
	f.addMember(t, f.orgA, "direction@alpha.example.org", socle.RoleAdmin)
	admin, worker := client(t), client(t)
	f.signIn(t, admin, "direction@alpha.example.org")
	f.signIn(t, worker, "alpha@example.org")
	saved(t, f, worker)

	names := func(plans string) (map[string]bool, []byte) {
		resp, err := admin.Get(f.srv.URL + "/org/export.tar" + plans)
		must(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/x-tar" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="alpha-`) {
			t.Fatalf("export%s: %d %v", plans, resp.StatusCode, resp.Header)
		}
		out := map[string]bool{}
		tr := tar.NewReader(bytes.NewReader(data))
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			must(t, err)
			out[h.Name] = true
		}
		return out, data
	}
	without, _ := names("")
	with, archive := names("?plans=1")
	for _, name := range []string{"org.json", "members.json", "settings.json", "paths.json", "guides/guide-alpha/1/version.json"} {
		if !without[name] {
			t.Errorf("the archive lacks %s", name)
		}
	}
	if without["plans.json"] || !with["plans.json"] {
		t.Fatalf("plans.json: without %v, with %v", without["plans.json"], with["plans.json"])
	}
	events, err := f.store.Audit(context.Background(), f.orgA.ID, socle.AuditFilter{Action: "org.export"})
	must(t, err)
	if len(events) != 2 {
		t.Fatalf("audit events of the exports: %+v", events)
	}

	other, err := embedded.Open(t.TempDir())
	must(t, err)
	defer other.Close()
	sum, err := orgarchive.Import(context.Background(), other, "", bytes.NewReader(archive))
	if err != nil || sum.Guides != 1 || sum.Plans != 1 {
		t.Fatalf("import of the download: %+v, %v", sum, err)
	}
	if resp, err := worker.Get(f.srv.URL + "/org/export.tar"); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a caseworker exports: %v %v", resp.StatusCode, err)
	}
}
