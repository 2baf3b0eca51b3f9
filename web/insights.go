package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/plan"
)

// The insights: where the doctrine is silent (needs the guides do not answer, searches that
// find nothing), unused (sections never cited or opened), disputed (negative verdicts) or
// old. For leads and administrators; computed from usage that holds no case data.

// insightsQuery reads ?from=&to= (dates, or RFC 3339; the last 30 days by default) and
// ?guide=.
func insightsQuery(r *http.Request) (insights.Query, error) {
	q := insights.Query{Guide: r.FormValue("guide")}
	parse := func(name string) (time.Time, error) {
		v := strings.TrimSpace(r.FormValue(name))
		if v == "" {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t.UTC(), nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return t, socle.Errorf(socle.EINVALID, "%s %q is not a date: write 2026-11-30 or 2026-11-30T00:00:00Z", name, v)
		}
		return t, nil
	}
	var err error
	if q.From, err = parse("from"); err != nil {
		return q, err
	}
	if q.To, err = parse("to"); err != nil {
		return q, err
	}
	if !q.To.IsZero() && len(r.FormValue("to")) == len(time.DateOnly) {
		q.To = q.To.AddDate(0, 0, 1) // a day given as the end is included
	}
	if q.To.IsZero() {
		q.To = socle.Now()
	}
	if q.From.IsZero() {
		q.From = socle.Day(q.To).AddDate(0, 0, -30)
	}
	return q, nil
}

// needCodeLabel names a need by its code in the reader's language.
func needCodeLabel(lang, code string) string {
	for _, n := range plan.Needs() {
		if n.Code == code {
			return needLabel(lang, n)
		}
	}
	return code
}

// insightsView is the insights page.
type insightsView struct {
	insights.Report
	Guides     []socle.Guide
	NeedsChart template.HTML
	Trends     []trendView
	Labels     map[string]string
	// Urgent are the urgent needs' codes (a child at risk, violence, no roof tonight): one the
	// guides left uncovered is the doctrine's silence that matters most, tagged in the table.
	Urgent   map[string]bool
	FromDate string
	ToDate   string
	CSV      template.URL // the CSV export's address for the period, without its table
	Period   string       // the period's query, for the rule forms to come back to it
	Ruled    bool         // a rule was just saved
	Deciders map[string]string
}

type trendView struct {
	Label string
	Chart template.HTML
}

// maxChartNeeds bounds the needs drawn.
const maxChartNeeds = 10

func (s *Server) insightsPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	q, err := insightsQuery(r)
	if err != nil {
		return err
	}
	rep, err := s.Insights.Report(r.Context(), p.Org.ID, q)
	if err != nil {
		return err
	}
	l := lang(r)
	L := messages[l]
	v := insightsView{Report: rep, Labels: map[string]string{}, FromDate: rep.From.Format(time.DateOnly), ToDate: rep.To.Add(-time.Nanosecond).Format(time.DateOnly)}
	// A trusted address: the values are encoded here.
	period := url.Values{"from": {v.FromDate}, "to": {v.ToDate}, "guide": {rep.Guide}}.Encode()
	v.CSV = template.URL("/insights.csv?" + period)
	v.Period, v.Ruled, v.Deciders = period, r.FormValue("ruled") != "", map[string]string{}
	for _, x := range append(slices.Clone(rep.Removed), rep.Rules...) {
		v.Labels[x.Need] = needCodeLabel(l, x.Need)
	}
	if len(rep.Rules) > 0 {
		if v.Deciders, err = s.people(r.Context(), p.Org.ID); err != nil {
			return err
		}
		for _, x := range rep.Rules {
			if _, ok := v.Deciders[x.RuledBy]; !ok {
				v.Deciders[x.RuledBy] = x.RuledBy // an account gone is shown by id
			}
		}
	}
	v.Urgent = map[string]bool{}
	for _, n := range plan.Needs() {
		v.Urgent[n.Code] = n.Urgent
	}
	var bars []bar
	for i, n := range rep.Needs {
		v.Labels[n.Code] = needCodeLabel(l, n.Code)
		if i < maxChartNeeds {
			bars = append(bars, bar{Label: v.Labels[n.Code], Total: n.Plans, Part: n.NotCovered})
		}
		if i < 5 && n.NotCovered > 0 {
			v.Trends = append(v.Trends, trendView{v.Labels[n.Code], trendChart(L["insights.trend"]+" — "+v.Labels[n.Code], rep.Buckets, n.Trend)})
		}
	}
	if len(bars) > 0 {
		v.NeedsChart = barChart(L["insights.needs"], L["insights.detected"], L["insights.notcovered"], bars)
	}
	gs, err := s.Store.Guides(r.Context(), p.Org.ID, socle.GuideFilter{})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	for _, g := range gs {
		if g.Kind != socle.KindCatalog {
			v.Guides = append(v.Guides, g)
		}
	}
	return s.render(w, r, http.StatusOK, "insights", L["insights.title"], &p, v)
}

// insightsCSV exports one table of the insights: ?table=needs|searches|sections|never-cited|
// never-opened|disputed|removed|stale.
func (s *Server) insightsCSV(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	q, err := insightsQuery(r)
	if err != nil {
		return err
	}
	rep, err := s.Insights.Report(r.Context(), p.Org.ID, q)
	if err != nil {
		return err
	}
	table := r.FormValue("table")
	var rows [][]string
	section := func(head []string, list []insights.SectionRow) {
		rows = append(rows, append([]string{"guide", "version", "section_id", "section"}, head...))
		for _, s := range list {
			row := []string{s.GuideSlug, strconv.Itoa(s.VersionN), s.SectionID, strings.Join(s.Path, " › ")}
			for _, h := range head {
				switch h {
				case "citations":
					row = append(row, strconv.Itoa(s.Citations))
				case "opens":
					row = append(row, strconv.Itoa(s.Opens))
				case "negative_feedback":
					row = append(row, strconv.Itoa(s.Negative))
				case "comments":
					row = append(row, strings.Join(s.Comments, " | "))
				}
			}
			rows = append(rows, row)
		}
	}
	switch table {
	case "needs":
		rows = append(rows, []string{"code", "need", "plans", "not_covered", "added_by_hand"})
		for _, n := range rep.Needs {
			rows = append(rows, []string{n.Code, needCodeLabel(lang(r), n.Code), strconv.Itoa(n.Plans), strconv.Itoa(n.NotCovered), strconv.Itoa(n.Added)})
		}
	case "searches":
		rows = append(rows, []string{"query", "count"})
		for _, q := range rep.NoResult {
			rows = append(rows, []string{q.Query, strconv.Itoa(q.Count)})
		}
	case "sections":
		section([]string{"citations", "opens", "negative_feedback"}, rep.Sections)
	case "never-cited":
		section([]string{"opens"}, rep.NeverCited)
	case "never-opened":
		section([]string{"citations"}, rep.NeverOpened)
	case "disputed":
		section([]string{"negative_feedback", "comments"}, rep.Disputed)
	case "removed":
		rows = append(rows, []string{"need", "guide", "version", "section_id", "section", "passage", "proposed", "removed", "added", "digest", "rule"})
		for _, x := range rep.Removed {
			rows = append(rows, []string{x.Need, x.GuideSlug, strconv.Itoa(x.VersionN), x.SectionID, strings.Join(x.Path, " › "), x.Quote,
				strconv.Itoa(x.Proposed), strconv.Itoa(x.Removed), strconv.Itoa(x.Added), x.Digest, string(x.Rule)})
		}
	case "stale":
		rows = append(rows, []string{"guide", "title", "version", "published_at", "age_days", "citations"})
		for _, g := range rep.Stale {
			rows = append(rows, []string{g.Slug, g.Title, strconv.Itoa(g.VersionN), g.PublishedAt.Format(time.RFC3339), strconv.Itoa(g.AgeDays), strconv.Itoa(g.Citations)})
		}
	default:
		return socle.Errorf(socle.EINVALID, "table %q is not one of needs, searches, sections, never-cited, never-opened, disputed, removed, stale", table)
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="insights-%s-%s.csv"`, table, rep.To.Format("2006-01-02")))
	_, err = w.Write(buf.Bytes())
	return err
}

// insightsJSON is GET /api/v1/insights: the same figures for the organization's own tools.
type insightsJSON struct {
	From        time.Time        `json:"from"`
	To          time.Time        `json:"to"`
	Plans       int              `json:"plans"`
	Searches    int              `json:"searches"`
	Needs       []needJSON       `json:"needs"`
	Sections    []usageJSON      `json:"sections"`
	NeverCited  []usageJSON      `json:"never_cited"`
	NeverOpened []usageJSON      `json:"never_opened"`
	NoResult    []queryCountJSON `json:"searches_without_result"`
	Disputed    []usageJSON      `json:"disputed"`
	Removed     []removedJSON    `json:"removed_passages"`
	Stale       []staleGuideJSON `json:"stale_guides"`
}

// removedJSON is a passage caseworkers took out of plans (insights.PassageRow).
type removedJSON struct {
	Need      string   `json:"need"`
	Guide     string   `json:"guide"`
	Version   int      `json:"version"`
	SectionID string   `json:"section_id"`
	Path      []string `json:"path"`
	Quote     string   `json:"quote,omitempty"`
	Proposed  int      `json:"proposed"`
	Removed   int      `json:"removed"`
	Added     int      `json:"added"`
	// Digest names the passage's words; with need and guide, what PUT /api/v1/passage-rules
	// takes. Rule is the lead's rule on it, if any.
	Digest string `json:"digest"`
	Rule   string `json:"rule,omitempty"`
	// Start and End place the quote in the section (with version and section_id, what a
	// rule keeps to show the passage).
	Start int `json:"start"`
	End   int `json:"end"`
}

type needJSON struct {
	Code       string `json:"code"`
	Label      string `json:"label"`
	Plans      int    `json:"plans"`
	NotCovered int    `json:"not_covered"`
	Added      int    `json:"added_by_hand"`
}

type usageJSON struct {
	Guide            string   `json:"guide"`
	Version          int      `json:"version"`
	SectionID        string   `json:"section_id"`
	Path             []string `json:"path"`
	Citations        int      `json:"citations"`
	Opens            int      `json:"opens"`
	NegativeFeedback int      `json:"negative_feedback"`
	Comments         []string `json:"comments,omitempty"`
}

type queryCountJSON struct {
	Query string `json:"query"`
	Count int    `json:"count"`
}

type staleGuideJSON struct {
	Guide       string    `json:"guide"`
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	AgeDays     int       `json:"age_days"`
	Citations   int       `json:"citations"`
}

func (s *Server) apiInsights(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	q, err := insightsQuery(r)
	if err != nil {
		return err
	}
	rep, err := s.Insights.Report(r.Context(), p.Org.ID, q)
	if err != nil {
		return err
	}
	usage := func(list []insights.SectionRow, comments bool) []usageJSON {
		out := []usageJSON{}
		for _, s := range list {
			j := usageJSON{s.GuideSlug, s.VersionN, s.SectionID, nonNil(s.Path), s.Citations, s.Opens, s.Negative, nil}
			if comments {
				j.Comments = s.Comments
			}
			out = append(out, j)
		}
		return out
	}
	out := insightsJSON{From: rep.From, To: rep.To, Plans: rep.Plans, Searches: rep.Searches, Needs: []needJSON{},
		Sections: usage(rep.Sections, false), NeverCited: usage(rep.NeverCited, false), NeverOpened: usage(rep.NeverOpened, false),
		NoResult: []queryCountJSON{}, Disputed: usage(rep.Disputed, true), Removed: []removedJSON{}, Stale: []staleGuideJSON{}}
	for _, x := range rep.Removed {
		out.Removed = append(out.Removed, removedJSON{x.Need, x.GuideSlug, x.VersionN, x.SectionID, nonNil(x.Path), x.Quote, x.Proposed, x.Removed, x.Added, x.Digest, string(x.Rule), x.Span.Start, x.Span.End})
	}
	for _, n := range rep.Needs {
		out.Needs = append(out.Needs, needJSON{n.Code, needCodeLabel(lang(r), n.Code), n.Plans, n.NotCovered, n.Added})
	}
	for _, q := range rep.NoResult {
		out.NoResult = append(out.NoResult, queryCountJSON{q.Query, q.Count})
	}
	for _, g := range rep.Stale {
		out.Stale = append(out.Stale, staleGuideJSON{g.Slug, g.VersionN, g.PublishedAt, g.AgeDays, g.Citations})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// insightsAboutPage says, for every member, what the insights record and what they do not.
func (s *Server) insightsAboutPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	set, err := s.Authoring.Settings(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "insights_about", messages[lang(r)]["insights.about.title"], &p, aboutView{
		Days: set.UsageRetentionDays, Max: insights.MaxRetentionDays, CanSet: p.Can(access.ManageMembers), Saved: r.FormValue("saved") != "",
		Learn: set.LearnFromPlans, LearnSaved: r.FormValue("learning") != ""})
}

type aboutView struct {
	Days, Max                        int
	CanSet, Saved, Learn, LearnSaved bool
}

// setLearning takes the administrator's choice of whether plans follow what caseworkers kept.
func (s *Server) setLearning(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	on := r.PostFormValue("learn") == "on"
	if _, err := s.Insights.SetLearning(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, on); err != nil {
		return err
	}
	http.Redirect(w, r, "/insights/about?learning=1#learning", http.StatusSeeOther)
	return nil
}

// setRetention takes the administrator's retention form of the page about what is recorded.
func (s *Server) setRetention(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil {
		return socle.Errorf(socle.EINVALID, "the retention %q is not a number of days", r.PostFormValue("days"))
	}
	if _, err := s.Insights.SetRetention(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, days); err != nil {
		return err
	}
	http.Redirect(w, r, "/insights/about?saved=1", http.StatusSeeOther)
	return nil
}

var insightsMessages = catalog{
	"fr": {
		"nav.insights":                  "Analyses",
		"insights.title":                "Ce que l'usage dit de la doctrine",
		"insights.intro":                "Où les guides sont muets, peu utilisés ou contestés, d'après les plans, les recherches et les retours des professionnels. Aucune donnée de situation n'est conservée.",
		"insights.what":                 "Ce qui est enregistré",
		"insights.from":                 "Du",
		"insights.to":                   "au",
		"insights.allguides":            "tous les guides",
		"insights.plans":                "plans",
		"insights.searches":             "recherches",
		"insights.misses":               "recherches sans bon résultat",
		"insights.needs":                "Besoins que les guides ne couvrent pas",
		"insights.needs.hint":           "Pour chaque besoin repéré dans les situations : dans combien de plans, et combien de fois aucune consigne des guides n'y répondait. Un besoin urgent non couvert est à traiter d'abord : vos collègues n'avaient que la procédure d'urgence de l'organisation.",
		"insights.urgent":               "urgent",
		"insights.detected":             "plans où le besoin est repéré",
		"insights.notcovered":           "non couvert",
		"insights.added":                "ajouté à la main",
		"insights.added.hint":           "Un besoin souvent ajouté à la main est écrit dans les notes avec des mots que Socle ne reconnaît pas encore : ajoutez ces mots au glossaire, avec le besoin dans leur définition.",
		"insights.trend":                "Évolution des besoins non couverts",
		"insights.need":                 "Besoin",
		"insights.none":                 "Rien sur la période.",
		"insights.csv":                  "Exporter en CSV",
		"insights.noresult":             "Recherches qui n'ont rien trouvé de bon",
		"insights.noresult.hint":        "Texte pseudonymisé : noms, téléphones et adresses sont remplacés avant d'être enregistrés.",
		"insights.query":                "Recherche",
		"insights.count":                "Nombre",
		"insights.cited":                "Sections les plus citées",
		"insights.citations":            "citations",
		"insights.opens":                "consultations",
		"insights.negative":             "retours négatifs",
		"insights.nevercited":           "Jamais citées",
		"insights.neveropened":          "Jamais consultées",
		"insights.disputed":             "Sections les plus contestées",
		"insights.removed":              "Passages que les professionnels retirent des plans",
		"insights.removed.hint":         "Proposés comme étapes, puis retirés avant l'enregistrement du plan, au moins deux fois. Retiré par au moins deux professionnels et gardé au plus une fois sur cinq, un passage n'est plus proposé comme étape : les plans l'offrent parmi les autres passages. Un passage souvent retiré est souvent une règle d'un cas particulier : dire dans le guide à qui elle s'applique aide les plans et les nouveaux professionnels.",
		"insights.removed.count":        "retiré %d fois sur %d proposé(s)",
		"insights.removed.added":        "ajouté %d fois parmi les autres passages",
		"insights.negative.count":       "retour(s) négatif(s) sur",
		"insights.stale":                "Guides anciens et très utilisés",
		"insights.publishedon":          "Publié le",
		"insights.nostale":              "Aucun guide publié depuis plus d'un an.",
		"insights.about.title":          "Ce que Socle enregistre de l'usage",
		"insights.about.intro":          "Pour aider les référents à améliorer la doctrine, Socle garde une trace de l'usage des guides, sans rien des situations des personnes accompagnées. Cette page dit exactement ce qui est gardé.",
		"insights.about.kept":           "Ce qui est enregistré",
		"insights.about.plan":           "Pour chaque plan proposé, enregistré ou non : la date, le membre, les besoins repérés (par leur code : logement, santé…), si le professionnel les a ajoutés lui-même et si les guides y répondaient, les sections citées (guide, version, section) et leur pertinence, les services proposés.",
		"insights.about.search":         "Pour chaque recherche : la date, le membre, le texte recherché après pseudonymisation, et si un résultat était satisfaisant.",
		"insights.about.open":           "Pour chaque section consultée : la date, le membre, la section.",
		"insights.about.feedback":       "Pour chaque retour sur une étape d'un plan : la date, le membre, l'avis, le commentaire (pseudonymisé, comme il est conservé avec le plan) et les sections que cite l'étape.",
		"insights.about.draft":          "Pour chaque plan enregistré : la date, le membre et, pour chaque passage proposé, le besoin, le guide, une empreinte des mots du passage et s'il a été gardé, retiré ou ajouté parmi les autres passages.",
		"insights.about.learning":       "Ce que les plans en apprennent",
		"insights.about.learning.text":  "Un passage que vos professionnels retirent souvent des plans pour un besoin (par au moins deux professionnels, et gardé au plus une fois sur cinq) n'est plus proposé comme étape : il est offert parmi les autres passages, avec la mention de ce que font vos collègues. Un passage qu'ils ajoutent souvent (au moins deux d'entre eux) devient une étape. Un passage dont le texte change dans une nouvelle version repart de zéro.",
		"insights.about.learning.on":    "Les plans suivent ce que vos professionnels gardent",
		"insights.about.learning.off":   "Les plans ne suivent pas ce que vos professionnels gardent (ce qui est gardé reste enregistré, pour le jour où vous le réactivez).",
		"insights.about.learning.set":   "Enregistrer",
		"insights.about.learning.saved": "Choix enregistré : il s'applique aux plans faits dans la minute.",
		"insights.about.notkept":        "Ce qui n'est jamais enregistré",
		"insights.about.never":          "La situation décrite, le résumé d'un dossier, le texte d'un plan, et aucun nom, téléphone, courriel, adresse, numéro de sécurité sociale, IBAN ou date de naissance d'une personne accompagnée.",
		"insights.about.howlong":        "Combien de temps",
		"insights.about.retention":      "Ces traces sont effacées automatiquement au bout de",
		"insights.about.setdays":        "Durée de conservation (jours)",
		"insights.about.set":            "Enregistrer la durée",
		"insights.about.saved":          "Durée enregistrée : elle s'applique à la prochaine purge (dans l'heure).",
	},
	"en": {
		"nav.insights":                  "Insights",
		"insights.title":                "What use tells of the doctrine",
		"insights.intro":                "Where the guides are silent, little used or disputed, from plans, searches and caseworkers' verdicts. No case data is kept.",
		"insights.what":                 "What is recorded",
		"insights.from":                 "From",
		"insights.to":                   "to",
		"insights.allguides":            "every guide",
		"insights.plans":                "plans",
		"insights.searches":             "searches",
		"insights.misses":               "searches without a good result",
		"insights.needs":                "Needs the guides do not cover",
		"insights.needs.hint":           "For each need found in situations: in how many plans, and how often no instruction of the guides answered it. An urgent need not covered comes first: your colleagues had only the organization's emergency procedure.",
		"insights.urgent":               "urgent",
		"insights.detected":             "plans where the need is found",
		"insights.notcovered":           "not covered",
		"insights.added":                "added by hand",
		"insights.added.hint":           "A need often added by hand is written in notes in words Socle does not recognize yet: add those words to the glossary, with the need in their definition.",
		"insights.trend":                "Needs not covered over time",
		"insights.need":                 "Need",
		"insights.none":                 "Nothing in the period.",
		"insights.csv":                  "Export as CSV",
		"insights.noresult":             "Searches that found nothing good",
		"insights.noresult.hint":        "Pseudonymized text: names, phone numbers and addresses are replaced before being recorded.",
		"insights.query":                "Search",
		"insights.count":                "Count",
		"insights.cited":                "Most cited sections",
		"insights.citations":            "citations",
		"insights.opens":                "opened",
		"insights.negative":             "negative verdicts",
		"insights.nevercited":           "Never cited",
		"insights.neveropened":          "Never opened",
		"insights.disputed":             "Most disputed sections",
		"insights.removed":              "Passages caseworkers take out of plans",
		"insights.removed.hint":         "Proposed as steps, then taken out before the plan was saved, at least twice. Taken out by at least two caseworkers and kept at most one time in five, a passage is no longer proposed as a step: plans offer it among the other passages. A passage often taken out is often a rule for a particular case: saying in the guide whom it applies to helps plans and new caseworkers.",
		"insights.removed.count":        "taken out %d times of %d proposed",
		"insights.removed.added":        "added %d times from the other passages",
		"insights.negative.count":       "negative verdict(s) out of",
		"insights.stale":                "Old and much used guides",
		"insights.publishedon":          "Published",
		"insights.nostale":              "No guide published over a year ago.",
		"insights.about.title":          "What Socle records of use",
		"insights.about.intro":          "To help leads improve the doctrine, Socle keeps a trace of how the guides are used, with nothing of the situations of the people helped. This page says exactly what is kept.",
		"insights.about.kept":           "What is recorded",
		"insights.about.plan":           "For every plan proposed, saved or not: the date, the member, the needs found (by code: housing, health…), whether the caseworker added them by hand and whether the guides answered each, the sections cited (guide, version, section) and how well, the services proposed.",
		"insights.about.search":         "For every search: the date, the member, the text searched after pseudonymization, and whether a result was good enough.",
		"insights.about.open":           "For every section opened: the date, the member, the section.",
		"insights.about.feedback":       "For every verdict on a plan's step: the date, the member, the verdict, the comment (pseudonymized, as kept with the plan) and the sections the step cites.",
		"insights.about.draft":          "For every plan saved: the date, the member and, for every passage it proposed, the need, the guide, a fingerprint of the passage's words and whether it was kept, removed or added from the other passages.",
		"insights.about.learning":       "What plans learn from it",
		"insights.about.learning.text":  "A passage your caseworkers often take out of plans for a need (by at least two caseworkers, and kept at most one time in five) is no longer proposed as a step: it is offered among the other passages, saying what your colleagues do. A passage they often add (at least two of them) becomes a step. A passage whose text changes in a new version starts afresh.",
		"insights.about.learning.on":    "Plans follow what your caseworkers keep",
		"insights.about.learning.off":   "Plans do not follow what your caseworkers keep (what they keep is still recorded, for when you turn it back on).",
		"insights.about.learning.set":   "Save",
		"insights.about.learning.saved": "Choice saved: it applies to plans made within a minute.",
		"insights.about.notkept":        "What is never recorded",
		"insights.about.never":          "The situation described, a case file's digest, a plan's text, and no name, phone number, e-mail, address, social security number, IBAN or date of birth of a person helped.",
		"insights.about.howlong":        "For how long",
		"insights.about.retention":      "These traces are erased automatically after",
		"insights.about.setdays":        "Retention (days)",
		"insights.about.set":            "Save the retention",
		"insights.about.saved":          "Retention saved: it applies at the next purge (within the hour).",
	},
}
