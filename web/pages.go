package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// apiPage serves a page of the PDF a version was read from, as PNG, with the quote named by
// ?section=&start=&end= (as a citation carries it) highlighted. ?scale= sets the pixels per
// point (default 2, 144 dpi).
func (s *Server) apiPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	num, ok := strings.CutSuffix(r.PathValue("page"), ".png")
	page, err := strconv.Atoi(num)
	if !ok || err != nil || page < 1 {
		return socle.Errorf(socle.EINVALID, "%q is not a page: ask for 1.png, 2.png…", r.PathValue("page"))
	}
	// A page from the cache costs nothing; one drawn waits for a slot as plans and uploads do.
	q := authoring.PageQuery{Slug: r.PathValue("slug"), N: n, Page: page, Drafts: seesDrafts(p), Acquire: s.acquire}
	if sc := r.FormValue("scale"); sc != "" {
		if q.Scale, err = strconv.ParseFloat(sc, 64); err != nil {
			return socle.Errorf(socle.EINVALID, "scale %q is not a number: give pixels per point, from 0.25 to 4", sc)
		}
	}
	if id := r.FormValue("section"); id != "" {
		start, err1 := strconv.Atoi(r.FormValue("start"))
		end, err2 := strconv.Atoi(r.FormValue("end"))
		if err1 != nil || err2 != nil {
			return socle.Errorf(socle.EINVALID, "a highlight needs start and end, the character span of the section a citation carries")
		}
		q.SectionID, q.Span = id, socle.Span{Start: start, End: end}
	}
	img, err := s.Authoring.Page(r.Context(), p.Org.ID, q)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(img.PNG)))
	// A version never changes, but the page is the organization's: browsers may keep it,
	// shared caches may not.
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Socle-Pages", strconv.Itoa(img.Pages))
	_, err = w.Write(img.PNG)
	return err
}

// citedPages is the original page (or pages) a quote is printed on, for the section page.
type citedPages struct {
	Pages      []pageImage
	Count      int    // pages in the file
	Prev, Next string // section page URLs of the pages around, "" at the ends
	PrevN      int
	NextN      int
	Highlight  bool   // a quote is highlighted on the pages shown
	Back       string // the section page with the quote's own pages, when turned away from them
}

// pageImage is one page shown.
type pageImage struct {
	N         int
	Src       string
	Alt       string
	Caption   string
	Highlight bool
}

// citedPageView builds the pages to show on a section page of a PDF version: those the quote
// is printed on, or the page asked for by ?page= when the reader turns pages. It returns nil
// for other versions, or when neither a quote nor a page is asked for.
func (s *Server) citedPageView(r *http.Request, p access.Principal, page authoring.SectionPage, span socle.Span, marked bool) (*citedPages, error) {
	if page.Section.PageStart == 0 || page.Version.SourceType != "application/pdf" {
		return nil, nil
	}
	asked, _ := strconv.Atoi(r.FormValue("page"))
	if !marked && asked == 0 {
		return nil, nil
	}
	count, err := s.Authoring.PageCount(r.Context(), p.Org.ID, page.Version)
	if err != nil || count == 0 {
		return nil, err
	}
	var shown []int
	quoted := map[int]bool{}
	if marked {
		for _, n := range authoring.QuotePages(page.Section, span) {
			// A section read before runs were kept is shown on its pages, without a highlight.
			quoted[n] = len(page.Section.Chars) > 0
			shown = append(shown, n)
		}
	}
	if asked >= 1 && asked <= count {
		shown = []int{asked}
	}
	if len(shown) == 0 {
		return nil, nil
	}
	l := messages[lang(r)]
	base := fmt.Sprintf("/api/v1/guides/%s/versions/%d/pages/", url.PathEscape(page.Guide.Slug), page.Version.N)
	quote := ""
	if marked {
		quote = shorten(page.Section.Text[span.Start:span.End], 240)
	}
	v := &citedPages{Count: count, Highlight: marked}
	for _, n := range shown {
		img := pageImage{N: n, Src: base + strconv.Itoa(n) + ".png", Highlight: quoted[n]}
		if marked {
			img.Src += "?" + url.Values{"section": {page.Section.ID}, "start": {strconv.Itoa(span.Start)}, "end": {strconv.Itoa(span.End)}}.Encode()
		}
		img.Caption = fmt.Sprintf(l["page.caption"], n, count)
		if img.Highlight {
			img.Alt = fmt.Sprintf(l["page.alt.quote"], n, count, page.Guide.Title, page.Version.N, quote)
		} else {
			img.Alt = fmt.Sprintf(l["page.alt"], n, count, page.Guide.Title, page.Version.N)
		}
		v.Pages = append(v.Pages, img)
	}
	link := func(n int) string {
		q := url.Values{"page": {strconv.Itoa(n)}}
		if marked {
			q.Set("start", strconv.Itoa(span.Start))
			q.Set("end", strconv.Itoa(span.End))
		}
		return fmt.Sprintf("/guides/%s/v/%d/s/%s?%s#page", url.PathEscape(page.Guide.Slug), page.Version.N, url.PathEscape(page.Section.ID), q.Encode())
	}
	if marked && asked > 0 {
		v.Back = fmt.Sprintf("/guides/%s/v/%d/s/%s?start=%d&end=%d#page", url.PathEscape(page.Guide.Slug), page.Version.N, url.PathEscape(page.Section.ID), span.Start, span.End)
	}
	if first := shown[0]; first > 1 {
		v.Prev, v.PrevN = link(first-1), first-1
	}
	if last := shown[len(shown)-1]; last < count {
		v.Next, v.NextN = link(last+1), last+1
	}
	return v, nil
}

// shorten cuts s to about n bytes on a word boundary, with an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}

var pageMessages = catalog{
	"fr": {
		"page.title":     "La page imprimée",
		"page.intro":     "La page du document original, telle que l'organisation l'a publiée ; le passage cité est encadré et souligné.",
		"page.caption":   "Page %d sur %d",
		"page.alt":       "Page %d sur %d du guide « %s », version %d, sans passage surligné.",
		"page.alt.quote": "Page %d sur %d du guide « %s », version %d ; le passage cité est surligné : « %s »",
		"page.prev":      "Page précédente",
		"page.next":      "Page suivante",
		"page.nav":       "Pages du document",
		"page.cited":     "Revenir au passage cité",
		"page.text":      "Le texte extrait",
	},
	"en": {
		"page.title":     "The printed page",
		"page.intro":     "The page of the original document as the organization published it; the cited passage is outlined and underlined.",
		"page.caption":   "Page %d of %d",
		"page.alt":       "Page %d of %d of the guide “%s”, version %d, with no passage highlighted.",
		"page.alt.quote": "Page %d of %d of the guide “%s”, version %d; the cited passage is highlighted: “%s”",
		"page.prev":      "Previous page",
		"page.next":      "Next page",
		"page.nav":       "Pages of the document",
		"page.cited":     "Back to the cited passage",
		"page.text":      "The extracted text",
	},
}
