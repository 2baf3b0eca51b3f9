// Package browsertest drives a real headless Chromium for the tests of Socle's pages: it
// starts the browser (or skips, and fails under SOCLE_REQUIRE_BROWSER=1 as in CI), runs steps
// with deadlines, and takes the screenshots that people look at.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Start returns a headless Chromium context, or skips (fails under SOCLE_REQUIRE_BROWSER=1)
// when no Chromium is installed.
func Start(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("SOCLE_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		msg := "browser suite not run: no Chromium found. Install it (Debian: apt-get install chromium, or `make provision`) or set SOCLE_CHROMIUM."
		if os.Getenv("SOCLE_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "fr-FR"), // the interface's default language; tests switch to English
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900), // a laptop's screen, for the screenshots
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser and binds its life to its context: give it one without
	// a deadline, and put deadlines on the steps.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return ctx
}

// Do runs steps with a deadline; on failure it keeps a screenshot of what the browser showed.
func Do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		// The browser may be stuck (that may be why the step failed): what is kept of it has
		// a deadline of its own.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		shot, _ := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		path := filepath.Join(os.TempDir(), strings.ReplaceAll(t.Name(), "/", "_")+".png")
		os.WriteFile(path, shot, 0o644)
		url, _ := chromedp.Run(sctx, chromedp.Location())
		t.Fatalf("browser at %s: %v (screenshot: %s)", url, err, path)
	}
}

// Text returns the visible text of the first element matching sel.
func Text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

// Eval runs JavaScript in the page and returns its value, awaited when it is a promise.
func Eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browser: %s: %v", js, err)
	}
	return v
}

// Location returns the address of the page shown.
func Location(t *testing.T, ctx context.Context) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// SetCookie sets a cookie for the site at base.
func SetCookie(base, name, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: base})
		return err
	})
}

// ClearCookies signs the browser out of everything.
func ClearCookies() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
		return err
	})
}

// Shots writes full-page screenshots in SOCLE_SCREENSHOTS (docs/img through `make
// screenshots`), or in a temporary directory, for a person to look at.
type Shots struct {
	t *testing.T
}

// NewShots returns the screenshots of a test.
func NewShots(t *testing.T) *Shots { return &Shots{t: t} }

// Take saves the page shown as name.png.
func (s *Shots) Take(ctx context.Context, name string) {
	s.t.Helper()
	Screenshot(s.t, ctx, name)
}

// Screenshot saves the whole page shown as name.png under SOCLE_SCREENSHOTS (made if missing),
// else the test's temporary directory, and logs where, so that a person can look at it.
func Screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	save(t, ctx, name, chromedp.FullScreenshot(100)) // 100: lossless PNG
}

// ViewportScreenshot saves what the window shows, as Screenshot does the whole page.
func ViewportScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	save(t, ctx, name, chromedp.CaptureScreenshot())
}

func save(t *testing.T, ctx context.Context, name string, capture chromedp.Action[[]byte]) {
	t.Helper()
	dir := os.Getenv("SOCLE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(sctx, capture)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// Pages saves each page, by name and path, in French then in English: name-fr.png, name-en.png.
func (s *Shots) Pages(ctx context.Context, base string, pages map[string]string) {
	s.t.Helper()
	for _, lang := range []string{"fr", "en"} {
		for name, path := range pages {
			// A typed selector: a plain string is also searched as text, and "main" is in
			// "domaine", in an option of a closed list that never shows.
			Do(s.t, ctx,
				SetCookie(base, "socle_lang", lang),
				chromedp.Navigate(base+path),
				chromedp.WaitVisible(chromedp.CSS("main")),
			)
			s.Take(ctx, name+"-"+lang)
		}
	}
}

// AxeViolation is a rule of axe-core a page breaks, and where.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
		HTML   string   `json:"html"`
	} `json:"nodes"`
}

// axeSource finds axe-core's script: SOCLE_AXE, else where `make provision` installs it.
func axeSource(t *testing.T) []byte {
	t.Helper()
	paths := []string{os.Getenv("SOCLE_AXE")}
	found, _ := filepath.Glob("/usr/local/share/socle/axe-core-*/node_modules/axe-core/axe.min.js")
	paths = append(paths, found...)
	for _, p := range paths {
		if p == "" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			return data
		}
	}
	msg := "accessibility check not run: axe-core not found. Install it (`make provision`) or set SOCLE_AXE to axe.min.js."
	if os.Getenv("SOCLE_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return nil
}

// Axe runs axe-core on the page shown (WCAG 2.1 A and AA rules, and best practices) and
// returns the serious and critical violations. The script is injected through the DevTools
// protocol, which the pages' Content-Security-Policy does not govern.
func Axe(t *testing.T, ctx context.Context) []AxeViolation {
	t.Helper()
	src := axeSource(t)
	Eval[any](t, ctx, string(src)+";true")
	return Eval[[]AxeViolation](t, ctx, `(async () => {
		const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
		return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.map(String), html: n.html.slice(0, 200)}))}));
	})()`)
}
