package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/plan"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// displayZone is the time zone of dates shown in pages: the organizations are French.
var displayZone = func() *time.Location {
	if z, err := time.LoadLocation("Europe/Paris"); err == nil {
		return z
	}
	return time.UTC
}()

// pages are the templates, each parsed with the layout once at start.
type pages map[string]*template.Template

var templateFuncs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("02/01/2006")
	},
	"join":     strings.Join,
	"state":    func(s socle.VersionState) string { return "state." + string(s) },
	"role":     func(r socle.Role) string { return "role." + string(r) },
	"msg":      func(l map[string]string, key string) string { return l[key] },
	"inc":      func(i int) int { return i + 1 },
	"needName": needCodeLabel, // (lang, code): a need's label in the page's language
	"reason":   reasonIn,
	"day":      func(d string) string { return plan.DueLabel(socle.Step{Due: d}) }, // YYYY-MM-DD → DD/MM/YYYY
	"source":   plan.CitationSource,
	"notice":   noticeFor,
	"excerpt":  excerpt,
	"last": func(path []string) string {
		if len(path) == 0 {
			return ""
		}
		return path[len(path)-1]
	},
	"has": func(xs []int, x int) bool { return slices.Contains(xs, x) },
	"paras": func(text string) []string {
		var out []string
		for _, p := range strings.Split(text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(displayZone).Format("02/01/2006 15:04")
	},
	"size": func(l map[string]string, n int64) string {
		switch {
		case n >= 1<<20:
			return fmt.Sprintf("%.1f %s", float64(n)/(1<<20), l["unit.mb"])
		case n >= 1<<10:
			return fmt.Sprintf("%.0f %s", float64(n)/(1<<10), l["unit.kb"])
		}
		return fmt.Sprintf("%d %s", n, l["unit.b"])
	},
	"count": func(m map[socle.Change]int, k string) int { return m[socle.Change(k)] },
	"list":  func(xs ...string) []string { return xs },
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"can":       func(p *access.Principal, a string) bool { return p != nil && p.Can(access.Action(a)) },
	"hasSuffix": strings.HasSuffix,
	// The navigation: a link's aria-current, and the administration area's links and pages.
	"current":     navCurrent,
	"adminLinks":  adminLinks,
	"inAdminArea": inAdminArea,
	"pathOnly":    pathOnly,
	// shortID shows the end of a long id (ids are time-ordered: their start is shared by
	// everything made the same day); the full id is in the filter link and the CSV.
	"shortID": func(s string) string {
		if len(s) > 12 && !strings.Contains(s, " ") {
			return "…" + s[len(s)-8:]
		}
		if len(s) > 60 {
			return s[:57] + "…"
		}
		return s
	},
	"toc": tableOfContents,
	"pages": func(a, b int) string {
		switch {
		case a == 0:
			return ""
		case a == b:
			return fmt.Sprint(a)
		}
		return fmt.Sprintf("%d–%d", a, b)
	},
}

// parsePages parses every page template with the layout; a broken or missing template stops
// the start instead of failing a request later.
func parsePages() (pages, error) {
	// The layout and the partials (files named _*.html) are parsed with every page.
	layout, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := pages{}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, name)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		p[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// view is what every page template receives.
type view struct {
	L       map[string]string // messages in the request's language
	Lang    string
	Other   string // the other language, for the switch
	Title   string
	Path    string // the page's own address, to come back to after switching language
	P       *access.Principal
	Version string
	Wide    bool // the page needs the width of the screen (the editor, the members table)
	Bare    bool // a page to print: no navigation, the print stylesheet
	Data    any
}

// render writes the page into a buffer first, so that a template error never sends half a
// page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, p *access.Principal, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	l := lang(r)
	other := "en"
	if l == "en" {
		other = "fr"
	}
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, "layout.html", view{L: messages[l], Lang: l, Other: other, Title: title, Path: r.URL.RequestURI(), P: p, Version: s.Version, Wide: name == "editor" || name == "members", Bare: name == "plan_print", Data: data})
	if err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// renderError shows an error page with the kind's status and its safe message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, p *access.Principal, err error) {
	err = s.outageError(err)
	status := statusFor(err)
	if status == http.StatusInternalServerError {
		s.Log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	setRetryAfter(w, err)
	setOutageRetryAfter(w, err)
	if rerr := s.render(w, r, status, "error", messages[lang(r)]["error.title"], p, messageFor(r, err)); rerr != nil {
		s.Log.Error("error page", "err", rerr)
		http.Error(w, messageFor(r, err), status)
	}
}

// setLang remembers the chosen language and goes back where the user was.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := r.PathValue("lang")
	if _, ok := messages[l]; !ok {
		http.NotFound(w, r)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	http.Redirect(w, r, localPath(r.FormValue("next")), http.StatusSeeOther)
}

// localPath keeps a redirect target on this site: anything else goes home. Browsers drop tabs
// and newlines from a Location and read a backslash as a slash, so "/\t/evil.example" would
// take them to //evil.example: a target is kept only if it has none of these, parses as a path
// with no scheme or host, and has no "//" anywhere in its path once dot segments are resolved.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == ' ' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	p := u.EscapedPath()
	if strings.Contains(p, "//") || strings.Contains(path.Clean(p), "//") || strings.Contains(resolveDots(p), "//") {
		return "/"
	}
	return next
}

// resolveDots applies a browser's removal of "." and ".." segments without merging slashes,
// so that "/.//x" is seen as the "//x" it becomes.
func resolveDots(p string) string {
	var out []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case ".", "%2e", "%2E":
		case "..", "%2e%2e", "%2E%2E", ".%2e", "%2e.":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	return strings.Join(out, "/")
}

// tocEntry is a line of a guide's table of contents: a section, or the heading of a chapter
// that has no text of its own before its first subheading (Section nil), shown so that
// "Jeunes de 16 à 25 ans" does not read as part of the chapter before "Insertion
// professionnelle".
type tocEntry struct {
	Level   int
	Heading string
	Section *socle.Section
}

// tableOfContents lists a version's sections with the chapters they sit in.
func tableOfContents(sections []socle.Section) []tocEntry {
	var out []tocEntry
	var shown []string
	for i := range sections {
		sec := &sections[i]
		for d := 0; d < len(sec.Path)-1; d++ {
			if d < len(shown) && shown[d] == sec.Path[d] {
				continue
			}
			out = append(out, tocEntry{Level: max(sec.Level-(len(sec.Path)-1-d), 1), Heading: sec.Path[d]})
			shown = append(shown[:min(d, len(shown))], sec.Path[d])
		}
		out = append(out, tocEntry{Level: sec.Level, Heading: sec.Heading(), Section: sec})
		shown = append(shown[:0], sec.Path...)
	}
	return out
}
