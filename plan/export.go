package plan

import (
	"fmt"
	"strings"

	"github.com/socle-project/socle"
)

// CitationLink is the address of a citation's passage, highlighted, in the web interface.
func CitationLink(c socle.Citation) string {
	return fmt.Sprintf("/guides/%s/v/%d/s/%s?start=%d&end=%d#cited", c.GuideSlug, c.VersionN, c.SectionID, c.Span.Start, c.Span.End)
}

// CitationSource names where a citation comes from: "Guide, version 2, Logement › Impayés, p. 4".
func CitationSource(c socle.Citation) string {
	s := fmt.Sprintf("%s, version %d", c.GuideTitle, c.VersionN)
	if len(c.Path) > 0 {
		s += ", " + strings.Join(c.Path, " › ")
	}
	switch {
	case c.PageStart > 0 && c.PageStart == c.PageEnd:
		s += fmt.Sprintf(", p. %d", c.PageStart)
	case c.PageStart > 0:
		s += fmt.Sprintf(", p. %d–%d", c.PageStart, c.PageEnd)
	}
	return s
}

// Markdown writes a plan for a case file or an e-mail: steps with their quotes and sources,
// services, and what the guides do not cover. baseURL, when set, makes citation links absolute.
// restore, when set, puts the case's identifying details back (for the caseworker's own copy).
func Markdown(p socle.Plan, services map[string]socle.Service, baseURL string, restore func(string) string) string {
	if restore == nil {
		restore = func(s string) string { return s }
	}
	var b strings.Builder
	title := p.Title
	if title == "" {
		title = "Plan d'action"
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	if p.CaseDigest != "" {
		fmt.Fprintf(&b, "**Situation.** %s\n\n", restore(p.CaseDigest))
	}
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "## %d. %s\n\n", i+1, restore(s.Action))
		for _, c := range s.Citations {
			fmt.Fprintf(&b, "> %s\n>\n> — [%s](%s%s)\n\n", strings.ReplaceAll(c.Quote, "\n", "\n> "), CitationSource(c), strings.TrimRight(baseURL, "/"), CitationLink(c))
		}
		for _, ref := range s.Services {
			line := "- Service : **" + ref.Name + "**"
			if svc, ok := services[ref.VersionID+"/"+ref.ServiceID]; ok {
				if svc.Contact != "" {
					line += " — " + svc.Contact
				}
				if svc.Link != "" {
					line += " — " + svc.Link
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
			fmt.Fprintf(&b, "- %s", restore(s.Action))
			if s.Reason != "" {
				fmt.Fprintf(&b, " (%s)", s.Reason)
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	if p.Generator != "" {
		fmt.Fprintf(&b, "_Plan établi par Socle (%s)", p.Generator)
		if !p.CreatedAt.IsZero() {
			fmt.Fprintf(&b, " le %s", p.CreatedAt.Format("02/01/2006"))
		}
		b.WriteString("._\n")
	}
	return b.String()
}
