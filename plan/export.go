package plan

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/socle-project/socle"
)

// CitationLink is the address of a citation's passage, highlighted, in the web interface.
func CitationLink(c socle.Citation) string {
	return fmt.Sprintf("/guides/%s/v/%d/s/%s?start=%d&end=%d#cited", url.PathEscape(c.GuideSlug), c.VersionN, url.PathEscape(c.SectionID), c.Span.Start, c.Span.End)
}

// mdEscaper backslash-escapes every character Markdown (CommonMark and GFM) may read as markup,
// and writes < > & as entities, so that text from a plan, a guide or a catalog, whatever it
// holds, is shown as text: no raw HTML, no link, no emphasis.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `(`, `\(`, `)`, `\)`,
	`#`, `\#`, `!`, `\!`, `|`, `\|`, `~`, `\~`, `<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
)

// md escapes text for the Markdown export; line breaks become spaces unless kept by the caller.
func md(s string) string { return mdEscaper.Replace(strings.ReplaceAll(s, "\r", "")) }

// webLink returns an http(s) address as Markdown text, or "" for anything else (javascript:,
// data:, relative), so that a catalog's link cannot become a script in a reader's viewer.
func webLink(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return "<" + strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20").Replace(u.String()) + ">"
}

// CitationSource names where a citation comes from: "Guide, version 2, Logement › Impayés, p. 4".
func CitationSource(c socle.Citation) string {
	s := fmt.Sprintf("%s, version %d", c.GuideTitle, c.VersionN)
	if len(c.Path) > 0 {
		s += ", " + strings.Join(c.Path, " › ")
	}
	return s + pagesOf(c.PageStart, c.PageEnd)
}

// Source names a section to read as CitationSource names a citation's.
func (r SectionRef) Source() string {
	return CitationSource(socle.Citation{GuideTitle: r.GuideTitle, VersionN: r.VersionN, Path: r.Path, PageStart: r.PageStart, PageEnd: r.PageEnd})
}

// pagesOf is ", p. 3" or ", p. 3–4" for a paginated source, "" for another.
func pagesOf(start, end int) string {
	switch {
	case start <= 0:
		return ""
	case start == end:
		return fmt.Sprintf(", p. %d", start)
	}
	return fmt.Sprintf(", p. %d–%d", start, end)
}

// Markdown writes a plan for a case file or an e-mail: steps with their quotes and sources,
// services, and what the guides do not cover. baseURL, the server's configured public address
// (never one taken from a request), makes citation links absolute when set. restore, when set,
// puts the case's identifying details back (for the caseworker's own copy). Every text is
// escaped: the export holds no HTML and no link but citations and services' web addresses.
func Markdown(p socle.Plan, services map[string]socle.Service, baseURL string, restore func(string) string) string {
	if restore == nil {
		restore = func(s string) string { return s }
	}
	var b strings.Builder
	title := p.Title
	if title == "" {
		title = "Plan d'action"
	}
	fmt.Fprintf(&b, "# %s\n\n", md(oneLine(title)))
	if p.CaseDigest != "" {
		fmt.Fprintf(&b, "**Situation.** %s\n\n", md(oneLine(restore(p.CaseDigest))))
	}
	if urgent := UrgentUncovered(p); len(urgent) > 0 {
		fmt.Fprintf(&b, "**%s** %s. %s\n\n", md(UrgentTitle), md(labels(urgent)), md(UrgentHint))
	}
	base := strings.TrimRight(baseURL, "/")
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "## %d. %s\n\n", i+1, md(oneLine(restore(s.Action))))
		if l := finishLine(s); l != "" {
			fmt.Fprintf(&b, "%s\n\n", md(oneLine(restore(l))))
		}
		if s.Own {
			fmt.Fprintf(&b, "_%s_\n\n", md(OwnStepNote))
		}
		for _, c := range s.Citations {
			fmt.Fprintf(&b, "> %s\n>\n> — [%s](%s%s)\n\n", strings.ReplaceAll(md(c.Quote), "\n", "\n> "), md(oneLine(CitationSource(c))), base, CitationLink(c))
		}
		for _, ref := range s.Services {
			line := "- Service : **" + md(oneLine(ref.Name)) + "**"
			if svc, ok := services[ref.VersionID+"/"+ref.ServiceID]; ok {
				if svc.Contact != "" {
					line += " — " + md(oneLine(svc.Contact))
				}
				if l := webLink(svc.Link); l != "" {
					line += " — " + l
				}
			}
			b.WriteString(line + "\n")
		}
		if len(s.Services) > 0 {
			b.WriteByte('\n')
		}
	}
	if len(p.NotCovered) > 0 {
		b.WriteString("## Non couvert par vos guides\n\n")
		for _, s := range p.NotCovered {
			fmt.Fprintf(&b, "- %s", md(oneLine(restore(s.Action))))
			if s.Reason != "" {
				fmt.Fprintf(&b, " (%s)", md(oneLine(s.Reason)))
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	if p.Generator != "" {
		fmt.Fprintf(&b, "_Plan établi par Socle (%s)", md(oneLine(p.Generator)))
		if !p.CreatedAt.IsZero() {
			fmt.Fprintf(&b, " le %s", p.CreatedAt.Format("02/01/2006"))
		}
		b.WriteString("._\n")
	}
	return b.String()
}

// oneLine joins a text's lines, for the places of the export where a line break would end the
// heading, item or link text it is in.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// UrgentTitle and UrgentHint announce, before a plan's steps, the urgent needs its guides give
// no instruction for (the exports are in French, like the stored plan).
const (
	UrgentTitle = "Besoin urgent sans consigne dans vos guides :"
	UrgentHint  = "Ce plan ne propose aucune étape pour ce besoin : appliquez sans attendre la procédure d'urgence de votre organisation et prévenez votre responsable."
)

// UrgentUncovered lists the urgent needs (a child at risk, violence, no roof tonight) that no
// step of a plan answers: a need listed as not covered has its code and no citation. They come
// before the steps wherever a plan is shown, not only in the list at its foot: readers of
// fresh21 found children and elders at risk left there (docs/plans.md, eighteenth round).
func UrgentUncovered(p socle.Plan) []Need {
	var out []Need
	for _, st := range p.NotCovered {
		n, ok := NeedByCode(Needs(), st.Need)
		if !ok || !n.Urgent || len(st.Citations) > 0 || slices.ContainsFunc(out, func(x Need) bool { return x.Code == n.Code }) {
			continue
		}
		out = append(out, n)
	}
	return out
}

func labels(ns []Need) string {
	ls := make([]string, len(ns))
	for i, n := range ns {
		ls[i] = n.Label
	}
	return strings.Join(ls, ", ")
}
