package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/ingest/pdf"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/web"
	"github.com/socle-project/socle/web/browsertest"
)

// TestBrowserCitedPage makes a plan on a guide uploaded as PDF, clicks each of its citations
// and checks that the section page shows the printed page (or both pages, for a quote across a
// page break) with the quote highlighted: the image the browser shows is the engine's drawing
// of the quote's character boxes, and the text the engine finds inside those boxes is the
// quote. Then it turns to the next page and back, with the keyboard.
func TestBrowserCitedPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "ingest", "pdf", "testdata", "logement.pdf"))
	must(t, err)
	cache := t.TempDir()
	f := newFixtureWith(t, func(app *web.Server) {
		ctx := context.Background()
		orgA, err := app.Store.OrgBySlug(ctx, "alpha")
		must(t, err)
		_, err = app.Authoring.AddVersion(ctx, authoring.Upload{OrgID: orgA.ID, Guide: "guide-logement", FileName: "guide-logement.pdf", Data: data, Publish: true})
		must(t, err)
		must(t, app.Search.(*retrieval.Engine).Rebuild(ctx, app.Store, "", nil))
		app.Authoring.Pages, err = authoring.OpenPageCache(cache, 0)
		must(t, err)
	})
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, "alpha@example.org"),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
	)
	// The fixture's organization has other housing guides too, so one plan may cite the PDF
	// guide fewer than three times: a second situation, on the eviction itself, adds its
	// citations to the first's.
	var links []string
	for _, situation := range []string{
		"Madame a trois mois d'impayés de loyer, sa dette locative augmente ; le bailleur lui a envoyé un commandement de payer et une assignation devant le tribunal, elle craint l'expulsion et voudrait demander un logement social.",
		"Le jugement d'expulsion a été rendu et le maintien dans les lieux n'est plus possible : Madame veut déposer une demande de logement social et un recours DALO ; la CAF verse toujours l'aide personnalisée au logement.",
	} {
		do(t, ctx,
			chromedp.Navigate(f.srv.URL+"/plan"),
			chromedp.WaitVisible(`textarea[name="situation"]`),
			chromedp.SendKeys(`textarea[name="situation"]`, situation),
			chromedp.Click(`form.wide button[type="submit"]`),
			chromedp.WaitVisible(`ol.steps`),
		)
		for _, l := range browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll('ol.steps blockquote footer a')).map(a => a.getAttribute('href')).filter(h => h.includes('/guides/guide-logement/'))`) {
			if !slices.Contains(links, l) {
				links = append(links, l)
			}
		}
		if len(links) >= 3 {
			break
		}
	}
	if len(links) < 3 {
		t.Fatalf("the plans cite the PDF guide %d times (%q), want at least 3", len(links), links)
	}
	api := client(t)
	f.signIn(t, api, "alpha@example.org")
	eng := ingest.DefaultPDF()
	twoPages, shot := 0, ""
	docShot, docY := "", 1e9 // the one-page citation highest on its page, for the guide's screenshot
	for i, link := range links {
		// Click the citation, as a caseworker does, from the plan.
		do(t, ctx,
			chromedp.Navigate(f.srv.URL+"/plan/../plans"), // leave, then come back through the link
			chromedp.Navigate(f.srv.URL+link),
			chromedp.WaitVisible(`section.cited-page figure img`),
			chromedp.WaitVisible(`article.section-text mark`),
		)
		u, err := url.Parse(link)
		must(t, err)
		start, _ := strconv.Atoi(u.Query().Get("start"))
		end, _ := strconv.Atoi(u.Query().Get("end"))
		parts := strings.Split(u.Path, "/") // /guides/guide-logement/v/1/s/{id}
		sectionID := parts[len(parts)-1]
		sec := sectionOf(t, f, "guide-logement", sectionID)
		quote := sec.Text[start:end]
		if marked := text(t, ctx, "article.section-text mark"); letters(marked) != letters(quote) {
			t.Errorf("citation %d: the text marks %q, want the quote %q", i, marked, quote)
		}
		// Every page image shows (decoded by the browser) and is described.
		shown := browsertest.Eval[[]map[string]any](t, ctx, `Promise.all(Array.from(document.querySelectorAll('section.cited-page figure img')).map(img => img.decode().then(() => ({src: img.getAttribute('src'), w: img.naturalWidth, alt: img.alt}))))`)
		var inBoxes strings.Builder
		for _, img := range shown {
			src, _ := img["src"].(string)
			if w, _ := img["w"].(float64); w < 1000 {
				t.Errorf("citation %d: page %s is %v pixels wide, want a readable page", i, src, w)
			}
			if alt, _ := img["alt"].(string); !strings.Contains(alt, "surligné") || !strings.Contains(alt, strings.Fields(quote)[0]) {
				t.Errorf("citation %d: alt text %q does not describe the page and its quote", i, alt)
			}
			page := pageOf(t, src)
			served := get(t, api, f.srv.URL+src)
			// The engine's own drawing of the quote's boxes on that page, and the text inside them.
			var ranges [][2]int
			for _, c := range sec.CharsOf(start, end) {
				if c.Page == page {
					ranges = append(ranges, [2]int{c.From, c.To})
				}
			}
			want, err := eng.RenderPage(context.Background(), data, pdf.PageRequest{Page: page, Chars: ranges}, pdf.PageLimits())
			must(t, err)
			if !bytes.Equal(served, want.PNG) {
				t.Errorf("citation %d: page %d as served differs from the engine's drawing of the quote's boxes", i, page)
			}
			if len(want.Boxes) == 0 {
				t.Errorf("citation %d: nothing highlighted on page %d", i, page)
			}
			inBoxes.WriteString(strings.Join(want.BoxText, ""))
			if len(shown) == 1 && len(want.Boxes) > 0 && want.Boxes[0].Y0 < docY {
				docShot, docY = link, want.Boxes[0].Y0
			}
		}
		if got, want := letters(inBoxes.String()), letters(quote); got != want {
			t.Errorf("citation %d: the highlighted boxes hold %q, want the quote %q", i, inBoxes.String(), quote)
		}
		if len(shown) == 2 {
			twoPages++
			if shot == "" {
				shot = link
			}
		}
		t.Logf("citation %d: %d page(s), %q", i, len(shown), quote)
	}
	if twoPages == 0 {
		t.Errorf("no citation of the plan spans two pages; the guide has sentences across page breaks")
	}
	if shot == "" {
		shot = links[0]
	}

	// The caseworker's guide shows the top of a page with its quote, as a laptop shows it.
	do(t, ctx,
		chromedp.EmulateViewport(1280, 1100),
		chromedp.Navigate(f.srv.URL+strings.TrimSuffix(docShot, "#cited")), // the page's top: title, page links
		chromedp.WaitVisible(`section.cited-page figure img`),
	)
	browsertest.Eval[bool](t, ctx, `document.querySelector('section.cited-page img').decode().then(() => true)`)
	browsertest.ViewportScreenshot(t, ctx, "caseworker-cited-page")
	do(t, ctx, chromedp.EmulateViewport(1280, 900))

	// Turn pages with the keyboard: Tab to "Page suivante" (or "Page précédente" when the quote
	// ends on the guide's last page), Enter, then back to the quote.
	do(t, ctx, chromedp.Navigate(f.srv.URL+shot), chromedp.WaitVisible(`section.cited-page figure img`))
	browsertest.Screenshot(t, ctx, "caseworker-cited-page-full")
	checkAxe(t, ctx, "cited page of a PDF section")
	turn, back, backLabel := "next", "prev", "Page précédente"
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector('.page-nav a[rel="next"]')`) {
		turn, back, backLabel = "prev", "next", "Page suivante"
	}
	do(t, ctx,
		chromedp.Focus(`.page-nav a[rel="`+turn+`"]`),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`.page-nav a[rel="`+back+`"]`),
	)
	if n := len(browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll('section.cited-page figure')).map(f => f.dataset.page)`)); n != 1 {
		t.Errorf("after turning the page, %d pages shown, want 1", n)
	}
	if nav := text(t, ctx, ".page-nav"); !strings.Contains(nav, backLabel) || !strings.Contains(nav, "Revenir au passage cité") {
		t.Errorf("page navigation reads %q", nav)
	}
	do(t, ctx,
		chromedp.Click(`//nav[contains(@class,"page-nav")]//a[contains(., "Revenir au passage cité")]`),
		chromedp.WaitVisible(`article.section-text mark`),
	)
	// In English.
	do(t, ctx,
		browsertest.SetCookie(f.srv.URL, "socle_lang", "en"),
		chromedp.Navigate(f.srv.URL+strings.TrimSuffix(shot, "#cited")),
		chromedp.WaitVisible(`section.cited-page figure img`),
	)
	if h := text(t, ctx, "section.cited-page"); !strings.Contains(h, "The printed page") || !strings.Contains(h, "Next page") && !strings.Contains(h, "Previous page") || !strings.Contains(h, " of 3") {
		t.Errorf("cited page in English reads %q", h)
	}
	if alt := browsertest.Eval[string](t, ctx, `document.querySelector('section.cited-page img').alt`); !strings.Contains(alt, "the cited passage is highlighted") {
		t.Errorf("English alt text: %q", alt)
	}
	browsertest.Screenshot(t, ctx, "caseworker-cited-page-en")
	// The cache served the pages seen again.
	if st := f.app.Authoring.Pages.Stats(); st.Hits == 0 || st.Pages == 0 {
		t.Errorf("page cache: %+v, want hits", st)
	}
}

func sectionOf(t *testing.T, f *fixture, slug, id string) socle.Section {
	t.Helper()
	ctx := context.Background()
	g, err := f.store.GuideBySlug(ctx, f.orgA.ID, slug)
	must(t, err)
	vs, err := f.store.Versions(ctx, f.orgA.ID, g.ID)
	must(t, err)
	sec, err := f.store.Section(ctx, f.orgA.ID, vs[len(vs)-1].ID, id)
	must(t, err)
	return sec
}

// pageOf reads the page number of a page image's address.
func pageOf(t *testing.T, src string) int {
	t.Helper()
	u, err := url.Parse(src)
	must(t, err)
	n, err := strconv.Atoi(strings.TrimSuffix(filepath.Base(u.Path), ".png"))
	must(t, err)
	return n
}

func get(t *testing.T, c *http.Client, u string) []byte {
	t.Helper()
	resp, err := c.Get(u)
	must(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return body
}

// letters keeps the letters and digits of s, lowercased.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
