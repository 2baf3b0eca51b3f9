package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/postgres/pgtest"
	"github.com/socle-project/socle/web"
)

// storeModes opens a store of each mode, with the vector index that goes with it.
var storeModes = []struct {
	name string
	open func(t *testing.T) (socle.Store, retrieval.VectorIndex)
}{
	{"embedded", func(t *testing.T) (socle.Store, retrieval.VectorIndex) {
		s, err := embedded.Open(t.TempDir())
		must(t, err)
		t.Cleanup(func() { s.Close() })
		return s, nil
	}},
	{"postgres", func(t *testing.T) (socle.Store, retrieval.VectorIndex) {
		s, _ := pgtest.Open(t)
		return s, s.Vectors()
	}},
}

// engineIndexer keeps a test server's indexes in step with publication, as the command does.
type engineIndexer struct {
	engine *retrieval.Engine
	store  socle.Store
}

func (x engineIndexer) Publish(ctx context.Context, v socle.Version) error {
	return x.engine.SyncGuide(ctx, x.store, v.OrgID, v.GuideID)
}

func (x engineIndexer) Withdraw(ctx context.Context, v socle.Version) error {
	return x.engine.SyncGuide(ctx, x.store, v.OrgID, v.GuideID)
}

func (x engineIndexer) IndexDraft(ctx context.Context, v socle.Version, _ func(int, int)) error {
	return x.engine.IndexVersion(ctx, x.store, v.OrgID, v.ID)
}

// team is a server with an organization whose members hold every role, and another
// organization, each member with an API token.
type team struct {
	srv    *httptest.Server
	store  socle.Store
	org    socle.Organization
	other  socle.Organization
	tokens map[string]string // by member: lead, lead2, caseworker, trainer, admin, outsider
	emails map[string]string
	usage  *insights.Recorder
	index  string     // the search indexes' directory
	logs   *logBuffer // everything the server logged
}

// logBuffer keeps what the server logs, for the tests that read it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// uploadLimit is the test server's upload limit, small enough to pass in a test.
const uploadLimit = 2 << 20

func newTeam(t *testing.T, store socle.Store, vectors retrieval.VectorIndex) *team {
	t.Helper()
	ctx := context.Background()
	tm := &team{store: store, tokens: map[string]string{}, emails: map[string]string{}}
	tm.org = socle.Organization{Slug: "mds", Name: "Maison des solidarités"}
	must(t, store.CreateOrg(ctx, &tm.org))
	tm.other = socle.Organization{Slug: "ailleurs", Name: "Ailleurs"}
	must(t, store.CreateOrg(ctx, &tm.other))
	hash, _ := access.HashPassword(password)
	members := []struct {
		name string
		org  socle.Organization
		role socle.Role
	}{
		{"lead", tm.org, socle.RoleLead}, {"lead2", tm.org, socle.RoleLead}, {"caseworker", tm.org, socle.RoleCaseworker},
		{"trainer", tm.org, socle.RoleTrainer}, {"admin", tm.org, socle.RoleAdmin}, {"outsider", tm.other, socle.RoleLead},
	}
	for _, m := range members {
		u := socle.User{Email: m.name + "@" + m.org.Slug + ".example", Name: m.name, PasswordHash: hash}
		must(t, store.CreateUser(ctx, &u))
		must(t, store.SetMembership(ctx, &socle.Membership{OrgID: m.org.ID, UserID: u.ID, Role: m.role}))
		token, _, err := access.CreateAPIToken(ctx, store, m.org.ID, u.ID, "test", 0)
		must(t, err)
		tm.tokens[m.name], tm.emails[m.name] = token, u.Email
	}
	tm.index, tm.logs = t.TempDir(), &logBuffer{}
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(tm.logs, levelWriter{os.Stderr}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	eng, _, err := retrieval.Open(ctx, tm.index, retrieval.NewHashingEmbedder(0), vectors)
	must(t, err)
	t.Cleanup(func() { eng.Close() })
	eng.Glossary = store
	auth := &authoring.Service{Store: store, Indexer: engineIndexer{eng, store}, Limits: ingest.Limits{MaxBytes: uploadLimit}}
	// The other organization has a guide of the same slug as the one uploaded below.
	for _, slug := range []string{"accueil", "ailleurs-only"} {
		_, err = auth.AddVersion(ctx, authoring.Upload{OrgID: tm.other.ID, Guide: slug, FileName: "accueil.md", Data: []byte(guideMD), Publish: true})
		must(t, err)
	}
	uploads := &authoring.Uploads{Service: auth, Store: store, Log: logger, Heartbeat: 100 * time.Millisecond}
	must(t, uploads.Start(ctx, true))
	t.Cleanup(uploads.Stop)
	pz, err := pseudonym.New(pseudonym.Options{})
	must(t, err)
	tm.usage = &insights.Recorder{Store: store, Log: logger, Every: 50 * time.Millisecond}
	tm.usage.Start()
	t.Cleanup(tm.usage.Stop)
	app := &web.Server{Usage: tm.usage, Store: store, Access: &access.Service{Store: store}, Authoring: auth, Search: eng, Uploads: uploads,
		MaxUploadBytes: uploadLimit, Planner: &plan.Planner{Store: store, Search: eng, Pseudonymizer: pz, Log: logger,
			History: &plan.UsageHistory{Store: store}}, Log: logger} // the record cached a minute, as cmd/socle does
	h, err := app.Handler()
	must(t, err)
	tm.srv = httptest.NewServer(h)
	t.Cleanup(tm.srv.Close)
	return tm
}

// levelWriter passes on only the lines of warnings and errors, so that a test's output shows
// what went wrong and not every request.
type levelWriter struct{ w io.Writer }

func (l levelWriter) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("level=WARN")) || bytes.Contains(p, []byte("level=ERROR")) {
		return l.w.Write(p)
	}
	return len(p), nil
}

// call makes an API call as a member; body is JSON text, or a *multipart form.
func (tm *team) call(t *testing.T, who, method, path string, body any) (int, string) {
	t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case string:
		rd = strings.NewReader(b)
	case *form:
		rd, ctype = &b.buf, b.w.FormDataContentType()
	}
	req, err := http.NewRequest(method, tm.srv.URL+path, rd)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+tm.tokens[who])
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// form is a multipart upload.
type form struct {
	buf bytes.Buffer
	w   *multipart.Writer
}

func uploadForm(t *testing.T, name string, data []byte, fields map[string]string) *form {
	f := &form{}
	f.w = multipart.NewWriter(&f.buf)
	for k, v := range fields {
		must(t, f.w.WriteField(k, v))
	}
	part, err := f.w.CreateFormFile("file", name)
	must(t, err)
	part.Write(data)
	must(t, f.w.Close())
	return f
}

type jobReply struct {
	ID       string
	State    string
	Stage    string
	Version  int
	Message  string
	Problems []struct{ Page int }
}

// waitForJob polls the job API until the job is over.
func (tm *team) waitForJob(t *testing.T, who, id string) jobReply {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		code, b := tm.call(t, who, "GET", "/api/v1/jobs/"+id, nil)
		var j jobReply
		if code != http.StatusOK || json.Unmarshal([]byte(b), &j) != nil {
			t.Fatalf("GET job: %d %s", code, b)
		}
		if j.State == "done" || j.State == "failed" {
			return j
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish", id)
	return jobReply{}
}

func decode[T any](t *testing.T, b string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(b), &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

const leadGuide = `# Guide de l'accueil

## Logement

### Impayés de loyer

Dès le premier impayé, contacter le bailleur pour proposer un plan d'apurement.

Saisir le FSL lorsque le plan ne suffit pas.

## Santé

Proposer la complémentaire santé solidaire aux personnes aux ressources faibles.
`

// TestLeadFlowAPI goes through a lead's work with API tokens, in both store modes: upload,
// fix a section, review by a second lead, publication; a caseworker then finds the new wording
// and a plan saved before shows the change on its step.
func TestLeadFlowAPI(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)

			code, b := tm.call(t, "lead", "POST", "/api/v1/guides", uploadForm(t, "Guide accueil.md", []byte(leadGuide), map[string]string{"slug": "accueil", "note": "première version"}))
			if code != http.StatusAccepted {
				t.Fatalf("upload: %d %s", code, b)
			}
			job := tm.waitForJob(t, "lead", decode[jobReply](t, b).ID)
			if job.State != "done" || job.Version != 1 {
				t.Fatalf("upload job: %+v", job)
			}
			// A PDF is read in the background too, its sections and problems reported.
			pdf, err := os.ReadFile("../ingest/pdf/testdata/outline.pdf")
			must(t, err)
			code, b = tm.call(t, "lead", "POST", "/api/v1/guides", uploadForm(t, "diagnostic.pdf", pdf, map[string]string{"title": "Fiche diagnostic"}))
			if code != http.StatusAccepted {
				t.Fatalf("PDF upload: %d %s", code, b)
			}
			if job := tm.waitForJob(t, "lead", decode[jobReply](t, b).ID); job.State != "done" || job.Version != 1 {
				t.Fatalf("PDF upload job: %+v", job)
			}
			code, b = tm.call(t, "lead", "GET", "/api/v1/guides/diagnostic/versions/1/sections", nil)
			if secs := decode[struct{ Sections []struct{ Pages []int } }](t, b).Sections; code != http.StatusOK || len(secs) < 3 || len(secs[0].Pages) != 2 {
				t.Fatalf("sections of the PDF: %d %s", code, b)
			}

			for _, step := range []struct{ who, state string }{{"lead", "review"}, {"lead2", "published"}} {
				if code, b := tm.call(t, step.who, "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "`+step.state+`"}`); code != http.StatusOK {
					t.Fatalf("%s moves v1 to %s: %d %s", step.who, step.state, code, b)
				}
			}

			// A caseworker saves a plan citing the guide.
			code, b = tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "Madame a deux mois d'impayés de loyer, le bailleur menace.", "save": true}`)
			saved := decode[struct {
				ID    string
				Steps []struct {
					Citations []struct {
						Guide     string
						SectionID string `json:"section_id"`
					}
				}
			}](t, b)
			if code != http.StatusOK || saved.ID == "" || len(saved.Steps) == 0 || len(saved.Steps[0].Citations) == 0 {
				t.Fatalf("plan: %d %s", code, b)
			}
			cited := saved.Steps[0].Citations[0].SectionID

			// The lead fixes the cited section's text: a new draft, submitted for review.
			newText := `"Dès le premier impayé, contacter le bailleur sous huit jours pour proposer un plan d'apurement.\n\nSaisir le FSL lorsque le plan ne suffit pas."`
			code, b = tm.call(t, "lead", "PUT", "/api/v1/guides/accueil/versions/1/sections/"+cited, `{"text": `+newText+`, "note": "délai de contact"}`)
			if code != http.StatusCreated || decode[struct{ N int }](t, b).N != 2 {
				t.Fatalf("section edit: %d %s", code, b)
			}
			tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "review", "comment": "Délai précisé."}`)
			if code, b := tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "published"}`); code != http.StatusConflict || !strings.Contains(b, "another lead") {
				t.Fatalf("the author publishes under required review: %d %s, want 409", code, b)
			}

			// The second lead compares, sees the impact, and publishes.
			code, b = tm.call(t, "lead2", "GET", "/api/v1/guides/accueil/diff?from=1&to=2", nil)
			diff := decode[struct {
				Sections []struct {
					Change    string
					SectionID string `json:"section_id"`
					Inserted  []struct{ Text string }
				}
			}](t, b)
			var changed []string
			for _, s := range diff.Sections {
				if s.Change != "unchanged" {
					changed = append(changed, s.Change+" "+s.SectionID)
					if len(s.Inserted) != 1 || s.Inserted[0].Text != "sous huit jours" {
						t.Fatalf("inserted words: %+v, want \"sous huit jours\"", s.Inserted)
					}
				}
			}
			if code != http.StatusOK || len(changed) != 1 || changed[0] != "changed "+cited {
				t.Fatalf("diff 1 → 2: %d, changes %v, want only %s changed\n%s", code, changed, cited, b)
			}
			code, b = tm.call(t, "lead2", "GET", "/api/v1/guides/accueil/versions/2/impact", nil)
			impact := decode[struct {
				Against int
				Plans   []struct{ ID string }
			}](t, b)
			if code != http.StatusOK || impact.Against != 1 || len(impact.Plans) != 1 || impact.Plans[0].ID != saved.ID {
				t.Fatalf("impact of v2: %d %s", code, b)
			}
			if code, b := tm.call(t, "lead2", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "published", "comment": "Relu."}`); code != http.StatusOK {
				t.Fatalf("publish v2: %d %s", code, b)
			}
			code, b = tm.call(t, "lead2", "GET", "/api/v1/guides/accueil/versions/2/comments", nil)
			if comments := decode[struct {
				Comments []struct{ Body, State string }
			}](t, b).Comments; len(comments) != 2 || comments[1].State != "published" {
				t.Fatalf("comments of v2: %s", b)
			}

			// The caseworker finds the new wording, and the saved plan tells of the change.
			code, b = tm.call(t, "caseworker", "GET", "/api/v1/search?q="+url.QueryEscape("contacter le bailleur sous huit jours"), nil)
			hits := decode[struct {
				Hits []struct {
					Version int
					Text    string
				}
			}](t, b).Hits
			if code != http.StatusOK || len(hits) == 0 || hits[0].Version != 2 || !strings.Contains(hits[0].Text, "sous huit jours") {
				t.Fatalf("search after publication: %d %s", code, b)
			}
			code, b = tm.call(t, "caseworker", "GET", "/api/v1/plans/"+saved.ID, nil)
			changes := decode[struct {
				DoctrineChanges []struct {
					Step         int
					SectionID    string `json:"section_id"`
					From         int    `json:"from_version"`
					To           int    `json:"to_version"`
					Change, Diff string
				} `json:"doctrine_changes"`
			}](t, b).DoctrineChanges
			if code != http.StatusOK || len(changes) == 0 {
				t.Fatalf("saved plan after the change: %d, no change told\n%s", code, b)
			}
			for _, c := range changes {
				if c.SectionID != cited || c.From != 1 || c.To != 2 || c.Change != "changed" || c.Diff != "/api/v1/guides/accueil/diff?from=1&to=2" {
					t.Fatalf("saved plan after the change: %+v, want only %s changed from 1 to 2", c, cited)
				}
			}
			if !strings.Contains(b, `"quote":"Dès le premier impayé, contacter le bailleur pour proposer`) {
				t.Fatalf("the saved plan's quote moved with the doctrine: %s", b)
			}
		})
	}
}

// TestUploadBadInput refuses each kind of bad upload with a clear message, and stores nothing.
func TestUploadBadInput(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	ctx := context.Background()
	// A guide to add versions to.
	code, b := tm.call(t, "lead", "POST", "/api/v1/guides", uploadForm(t, "accueil.md", []byte(leadGuide), map[string]string{"slug": "accueil"}))
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, b)
	}
	tm.waitForJob(t, "lead", decode[jobReply](t, b).ID)
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		must(t, err)
		return data
	}
	for _, tc := range []struct {
		name   string
		who    string
		path   string
		file   string
		data   []byte
		status int
		says   string
	}{
		{"over the limit", "lead", "/api/v1/guides/accueil/versions", "gros.md", bytes.Repeat([]byte("# Titre\n\nTexte.\n"), uploadLimit/15+1000), http.StatusRequestEntityTooLarge, "upload limit"},
		{"empty", "lead", "/api/v1/guides/accueil/versions", "vide.md", []byte("  \n"), http.StatusBadRequest, "empty"},
		{"unsupported", "lead", "/api/v1/guides/accueil/versions", "notes.docx", []byte("PK\x03\x04rest"), http.StatusBadRequest, "export it as PDF or Markdown"},
		{"another organization's guide", "lead", "/api/v1/guides/ailleurs-only/versions", "g.md", []byte(leadGuide), http.StatusNotFound, "not found"},
		{"caseworker", "caseworker", "/api/v1/guides/accueil/versions", "g.md", []byte(leadGuide), http.StatusForbidden, "does not allow"},
		{"trainer", "trainer", "/api/v1/guides", "g.md", []byte(leadGuide), http.StatusForbidden, "does not allow"},
		{"no file", "lead", "/api/v1/guides", "", nil, http.StatusBadRequest, "multipart field"},
	} {
		var body *form
		if tc.file != "" {
			body = uploadForm(t, tc.file, tc.data, nil)
		} else {
			body = &form{}
			body.w = multipart.NewWriter(&body.buf)
			body.w.WriteField("note", "sans fichier")
			body.w.Close()
		}
		code, b := tm.call(t, tc.who, "POST", tc.path, body)
		if code != tc.status || !strings.Contains(b, tc.says) {
			t.Errorf("%s: %d %s, want %d saying %q", tc.name, code, b, tc.status, tc.says)
		}
	}
	// The other organization's guide "accueil" is not ours: its slug names our own guide.
	other, _ := tm.store.GuideBySlug(ctx, tm.other.ID, "accueil")
	if vs, _ := tm.store.Versions(ctx, tm.other.ID, other.ID); len(vs) != 1 {
		t.Fatalf("the other organization's guide has %d versions, want its own 1", len(vs))
	}
	// What only reading tells: an encrypted PDF, a scan. The job fails, nothing is stored.
	for _, tc := range []struct{ file, says string }{
		{"../ingest/pdf/testdata/encrypted.pdf", "password-protected"},
		{"../ingest/pdf/testdata/scan.pdf", "scan"},
	} {
		code, b := tm.call(t, "lead", "POST", "/api/v1/guides", uploadForm(t, "refus.pdf", read(tc.file), map[string]string{"slug": "refus"}))
		if code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", tc.file, code, b)
		}
		job := tm.waitForJob(t, "lead", decode[jobReply](t, b).ID)
		if job.State != "failed" || !strings.Contains(job.Message, tc.says) {
			t.Fatalf("%s: job %+v, want failed saying %q", tc.file, job, tc.says)
		}
	}
	if _, err := tm.store.GuideBySlug(ctx, tm.org.ID, "refus"); socle.KindOf(err) != socle.ENOTFOUND {
		t.Fatalf("refused uploads left a guide: %v", err)
	}
	g, _ := tm.store.GuideBySlug(ctx, tm.org.ID, "accueil")
	if vs, _ := tm.store.Versions(ctx, tm.org.ID, g.ID); len(vs) != 1 {
		t.Fatalf("refused uploads left %d versions of accueil, want 1", len(vs))
	}
	// Another organization's job is not found.
	if code, _ := tm.call(t, "outsider", "GET", "/api/v1/jobs/"+decode[jobReply](t, b).ID, nil); code != http.StatusNotFound {
		t.Fatalf("another organization's job: %d, want 404", code)
	}
}

// TestDoctrineRoles checks who sees drafts and who may move versions.
func TestDoctrineRoles(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	code, b := tm.call(t, "lead", "POST", "/api/v1/guides", uploadForm(t, "accueil.md", []byte(leadGuide), map[string]string{"slug": "accueil"}))
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, b)
	}
	tm.waitForJob(t, "lead", decode[jobReply](t, b).ID)
	// A draft guide does not exist for caseworkers and trainers.
	for _, who := range []string{"caseworker", "trainer"} {
		for _, path := range []string{"/api/v1/guides/accueil", "/api/v1/guides/accueil/versions/1/sections", "/api/v1/guides/accueil/versions/1/source"} {
			if code, b := tm.call(t, who, "GET", path, nil); code != http.StatusNotFound {
				t.Errorf("%s GET %s: %d %s, want 404", who, path, code, b)
			}
		}
		if code, b := tm.call(t, who, "GET", "/api/v1/guides", nil); code != http.StatusOK || strings.Contains(b, "accueil") {
			t.Errorf("%s lists the draft guide: %d %s", who, code, b)
		}
		if code, _ := tm.call(t, who, "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "review"}`); code != http.StatusForbidden {
			t.Errorf("%s moves a version: %d, want 403", who, code)
		}
	}
	for _, who := range []string{"lead", "admin"} {
		if code, b := tm.call(t, who, "GET", "/api/v1/guides/accueil/versions/1/sections", nil); code != http.StatusOK {
			t.Errorf("%s reads the draft: %d %s", who, code, b)
		}
	}
	// Review is required by default; an administrator may lift it.
	if code, _ := tm.call(t, "lead", "PUT", "/api/v1/settings", `{"review_required": false}`); code != http.StatusForbidden {
		t.Fatalf("a lead changes the settings: %d, want 403", code)
	}
	if code, b := tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "published"}`); code != http.StatusConflict || !strings.Contains(b, "submit it for review first") {
		t.Fatalf("publishing a draft under required review: %d %s", code, b)
	}
	if code, b := tm.call(t, "admin", "PUT", "/api/v1/settings", `{"review_required": false}`); code != http.StatusOK || !strings.Contains(b, "false") {
		t.Fatalf("the admin lifts review: %d %s", code, b)
	}
	if code, b := tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "published"}`); code != http.StatusOK {
		t.Fatalf("the author publishes without required review: %d %s", code, b)
	}
	for _, bad := range []string{`{"state": "gone"}`, `{"state": "review", "extra": 1}`, `not json`} {
		if code, _ := tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/1/state", bad); code != http.StatusBadRequest {
			t.Errorf("move %s: %d, want 400", bad, code)
		}
	}
	if code, b := tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "draft", "comment": "x"}`); code != http.StatusConflict {
		t.Fatalf("published → draft: %d %s, want 409", code, b)
	}
	// The glossary: readers read it, leads keep it, and a change applies to the next search.
	if code, _ := tm.call(t, "caseworker", "PUT", "/api/v1/glossary/FSL", `{"expansions": ["fonds de solidarité pour le logement"]}`); code != http.StatusForbidden {
		t.Fatalf("a caseworker edits the glossary: %d", code)
	}
	if code, b := tm.call(t, "lead", "PUT", "/api/v1/glossary/FSL", `{"expansions": ["fonds de solidarité pour le logement"]}`); code != http.StatusOK {
		t.Fatalf("a lead adds a term: %d %s", code, b)
	}
	code, b = tm.call(t, "caseworker", "GET", "/api/v1/search?q=FSL", nil)
	if code != http.StatusOK || !strings.Contains(b, "fonds de solidarité pour le logement") {
		t.Fatalf("search after the glossary edit: %d %s", code, b)
	}
	if code, _ := tm.call(t, "lead", "DELETE", "/api/v1/glossary/FSL", nil); code != http.StatusNoContent {
		t.Fatalf("delete a term: %d", code)
	}
	if code, _ := tm.call(t, "lead", "DELETE", "/api/v1/glossary/FSL", nil); code != http.StatusNotFound {
		t.Fatalf("delete a term twice: %d, want 404", code)
	}
}
