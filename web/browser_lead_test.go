package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/web/browsertest"
)

// corpusFile returns a file of the shared corpus of real documents, or skips when the corpus
// is absent (fails instead under SOCLE_REQUIRE_CORPUS=1, as in CI).
func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("SOCLE_CORPUS")
	if dir == "" {
		dir = "../../shared/corpus"
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		msg := "corpus file " + p + " not found (set SOCLE_CORPUS to the shared corpus directory): " + err.Error()
		if os.Getenv("SOCLE_REQUIRE_CORPUS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	abs, _ := filepath.Abs(p)
	return abs
}

func signInBrowser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	do(t, ctx,
		browsertest.ClearCookies(),
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, email),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`form[action="/logout"]`),
	)
}

// TestBrowserLeadWorkflow is a lead's work in the browser on a real French PDF: upload, watch
// it read, fix a section in the editor, submit for review; a second lead compares and
// publishes; a caseworker finds the new wording, and a plan saved before shows the change.
func TestBrowserLeadWorkflow(t *testing.T) {
	pdfPath := corpusFile(t, "pdfs/french/domifa/guide_docs_persos_domifa.pdf")
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	ctx := browser(t)
	shots := browsertest.NewShots(t)
	base := tm.srv.URL

	// The lead uploads the PDF as a new guide and watches it being read.
	signInBrowser(t, ctx, base, tm.emails["lead"])
	do(t, ctx,
		chromedp.Click(`//header//a[@href="/guides"]`),
		chromedp.WaitVisible(`section.guide-block, p.notice`),
		chromedp.Click(`//a[@href="/guides/upload"]`),
		chromedp.WaitVisible(`input[type="file"]`),
	)
	do(t, ctx, chromedp.SetUploadFiles(`input[name="file"]`, []string{pdfPath}, chromedp.NodeVisible))
	do(t, ctx, chromedp.SendKeys(`input[name="slug"]`, "courriers"))
	do(t, ctx, chromedp.SendKeys(`input[name="note"]`, "Guide DomiFa des courriers"))
	shots.Take(ctx, "upload-filled")
	do(t, ctx,
		chromedp.Click(`main form button[type="submit"]`),
		chromedp.WaitVisible(`#job`),
	)
	// job.js reloads the page when reading is over: the section tree appears.
	waitCtx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(waitCtx, chromedp.WaitVisible(`nav.toc`)); err != nil {
		t.Fatalf("the job page never showed the section tree: %v (%s)", err, text(t, ctx, "main"))
	}
	jobURL := browsertest.Location(t, ctx)
	if page := text(t, ctx, "main"); !strings.Contains(page, "v1") || !strings.Contains(page, "Partie 1") {
		t.Fatalf("job page when done: %s", page)
	}
	// Submit v1 for review; the second lead publishes it.
	do(t, ctx,
		chromedp.Click(`//a[contains(@href, "/v/1/review")]`),
		chromedp.WaitVisible(`section.moves`),
		chromedp.Click(`//button[contains(., "Soumettre à la relecture")]`),
		chromedp.WaitVisible(`//span[contains(@class, "badge") and contains(., "en relecture")]`),
	)
	signInBrowser(t, ctx, base, tm.emails["lead2"])
	do(t, ctx,
		chromedp.Navigate(base+"/guides/courriers/v/1/review"),
		chromedp.Click(`//button[normalize-space()="Publier"]`),
		chromedp.WaitVisible(`//p[contains(., "Version publiée")]`),
	)

	// A caseworker saves a plan that cites the guide.
	code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "Monsieur est sans domicile stable et ne reçoit plus son courrier. Il doit faire une demande de domiciliation pour ses démarches.", "save": true}`)
	saved := decode[struct {
		ID    string
		Steps []struct {
			Citations []struct {
				Guide     string
				SectionID string `json:"section_id"`
			}
		}
	}](t, b)
	var cited string
	for _, st := range saved.Steps {
		for _, c := range st.Citations {
			if c.Guide == "courriers" && cited == "" {
				cited = c.SectionID
			}
		}
	}
	if code != 200 || cited == "" {
		t.Fatalf("the caseworker's plan cites nothing of the uploaded guide: %d %s", code, b)
	}

	// The lead fixes the cited section in the editor and submits the new version.
	signInBrowser(t, ctx, base, tm.emails["lead"])
	const added = "Vérifier ensuite l'aperçu avant tout envoi."
	do(t, ctx,
		chromedp.Navigate(base+"/guides/courriers/edit?v=1"),
		chromedp.WaitVisible(`nav.toc`),
	)
	shots.Take(ctx, "editor-sections-fr")
	do(t, ctx,
		chromedp.Click(`//a[contains(@href, "section=`+cited+`")]`),
		chromedp.WaitVisible(`textarea[name="text"]`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('textarea[name="text"]').value += " `+added+`"`),
		chromedp.SendKeys(`input[name="note"]`, "Précision sur l'aperçu"),
	)
	shots.Take(ctx, "editor-section-fr")
	do(t, ctx,
		chromedp.Click(`//button[contains(., "Enregistrer le brouillon")]`),
		chromedp.WaitVisible(`section.moves`),
		chromedp.Click(`//button[contains(., "Soumettre à la relecture")]`),
		chromedp.WaitVisible(`//span[contains(@class, "badge") and contains(., "en relecture")]`),
	)
	// The author may not publish: the button says why.
	if page := text(t, ctx, "section.moves"); !strings.Contains(page, "Vous êtes l'auteur") {
		t.Fatalf("the author's review page does not say that another person publishes: %s", page)
	}

	// The second lead opens the comparison: exactly the edited section changed, then publishes.
	signInBrowser(t, ctx, base, tm.emails["lead2"])
	do(t, ctx,
		chromedp.Navigate(base+"/guides/courriers/v/2/review"),
		chromedp.WaitVisible(`section.diff-summary`),
	)
	shots.Take(ctx, "review-fr")
	do(t, ctx,
		chromedp.Click(`//a[contains(., "Ouvrir la comparaison complète")]`),
		chromedp.WaitVisible(`ol.diff`),
	)
	changes := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("ol.diff > li")).map(li => li.className)`)
	if len(changes) != 1 || changes[0] != "change-changed" {
		t.Fatalf("comparison of v1 and v2: %v, want exactly one changed section", changes)
	}
	if ins := text(t, ctx, "ol.diff ins"); !strings.Contains(ins, "aperçu avant tout envoi") {
		t.Fatalf("inserted words shown: %q", ins)
	}
	shots.Take(ctx, "diff-fr")
	do(t, ctx,
		chromedp.Navigate(base+"/guides/courriers/v/2/review"),
		chromedp.WaitVisible(`section.impact`),
	)
	if impact := text(t, ctx, "section.impact"); !strings.Contains(impact, "1 plan") {
		t.Fatalf("impact before publishing: %s", impact)
	}
	do(t, ctx,
		chromedp.Click(`//button[normalize-space()="Publier"]`),
		chromedp.WaitVisible(`//p[contains(., "Version publiée")]`),
	)

	// The caseworker finds the new wording, and the saved plan shows the change on its step.
	signInBrowser(t, ctx, base, tm.emails["caseworker"])
	do(t, ctx,
		chromedp.Navigate(base+"/search"),
		chromedp.WaitVisible(`input[name="q"]`),
		chromedp.SendKeys(`input[name="q"]`, "aperçu avant tout envoi"),
		chromedp.Submit(`input[name="q"]`),
		chromedp.WaitVisible(`ol.hits`),
	)
	if hits := text(t, ctx, "ol.hits"); !strings.Contains(hits, "aperçu") {
		t.Fatalf("search for the new wording: %s", hits)
	}
	do(t, ctx,
		chromedp.Navigate(base+"/plans/"+saved.ID),
		chromedp.WaitVisible(`p.doctrine-changed`),
	)
	if notice := text(t, ctx, "p.doctrine-changed"); !strings.Contains(notice, "v1 → v2") {
		t.Fatalf("change notice on the saved plan: %q", notice)
	}
	shots.Take(ctx, "plan-notice-fr")

	// Every page of the workspace, in French and English, for a person to look at.
	signInBrowser(t, ctx, base, tm.emails["admin"])
	_, _ = tm.call(t, "lead", "PUT", "/api/v1/glossary/CCAS", `{"expansions": ["centre communal d'action sociale"]}`)
	shots.Pages(ctx, base, map[string]string{
		"workspace": "/guides",
		"upload":    "/guides/upload",
		"job":       strings.TrimPrefix(jobURL, base),
		"review":    "/guides/courriers/v/2/review",
		"diff":      "/guides/courriers/diff?from=1&to=2",
		"write":     "/guides/write",
		"glossary":  "/glossary",
	})
}
