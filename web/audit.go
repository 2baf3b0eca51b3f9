package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// Limits of the audit trail's views: a page shows the latest events matching the filters; the
// CSV export takes many more.
const (
	auditPageLimit = 500
	auditCSVLimit  = 100000
)

// auditFamilies are the kinds of events the filter offers, as action prefixes.
var auditFamilies = []string{"plan.", "feedback.", "member.", "membership.", "link.", "token.", "user.", "identity.", "guide.", "version.", "glossary.", "org."}

// auditQuery is the audit page's filters as given in the query string.
type auditQuery struct {
	Actor  string // user id or "system"
	Object string
	Kind   string // an action or a family ("plan.")
	From   string // YYYY-MM-DD, inclusive
	To     string // YYYY-MM-DD, inclusive
}

// filter reads the query into a store filter; dates are days in the organization's zone.
func (q auditQuery) filter(limit int) (socle.AuditFilter, error) {
	f := socle.AuditFilter{Actor: q.Actor, ObjectID: strings.TrimSpace(q.Object), Action: q.Kind, Limit: limit}
	for _, d := range []struct {
		value string
		into  *time.Time
		next  bool
	}{{q.From, &f.Since, false}, {q.To, &f.Until, true}} {
		if d.value == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.value, displayZone)
		if err != nil {
			return f, socle.Errorf(socle.EINVALID, "date %q is not a date: write 2026-03-02", d.value)
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.into = t.UTC()
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, socle.Errorf(socle.EINVALID, "the period ends before it starts: swap the dates")
	}
	return f, nil
}

func readAuditQuery(r *http.Request) auditQuery {
	v := r.URL.Query()
	return auditQuery{Actor: v.Get("actor"), Object: v.Get("object"), Kind: v.Get("kind"), From: v.Get("from"), To: v.Get("to")}
}

// auditRow is an event with its actor's email.
type auditRow struct {
	Event socle.AuditEvent
	Actor string
}

type auditView struct {
	Q        auditQuery
	Rows     []auditRow
	Members  []memberRow
	Families []string
	Full     bool   // the page shows only the latest auditPageLimit events
	CSV      string // address of the CSV export of the same filters
	Error    string
}

// auditRows reads the events matching q, with their actors' emails.
func (s *Server) auditRows(r *http.Request, p access.Principal, q auditQuery, limit int) ([]auditRow, []memberRow, error) {
	f, err := q.filter(limit)
	if err != nil {
		return nil, nil, err
	}
	members, err := s.members(r.Context(), p)
	if err != nil {
		return nil, nil, err
	}
	email := map[string]string{"system": "system"}
	for _, m := range members {
		email[m.User.ID] = m.User.Email
	}
	events, err := s.Store.Audit(r.Context(), p.Org.ID, f)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]auditRow, len(events))
	for i, e := range events {
		rows[i] = auditRow{Event: e, Actor: email[e.Actor]}
		if rows[i].Actor == "" {
			rows[i].Actor = e.Actor // a former member: the id is what is left
		}
		// "author <user id>" (a supervisor's read of a plan) reads better with the email.
		if id, ok := strings.CutPrefix(e.Detail, "author "); ok && email[id] != "" {
			rows[i].Event.Detail = "author " + email[id]
		}
	}
	return rows, members, nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	q := readAuditQuery(r)
	v := auditView{Q: q, Families: auditFamilies, CSV: "/audit.csv?" + r.URL.RawQuery}
	status := http.StatusOK
	rows, members, err := s.auditRows(r, p, q, auditPageLimit+1)
	if socle.IsKind(err, socle.EINVALID) {
		status, v.Error = http.StatusBadRequest, socle.MessageOf(err)
		members, err = s.members(r.Context(), p)
	}
	if err != nil {
		return err
	}
	if len(rows) > auditPageLimit {
		rows, v.Full = rows[:auditPageLimit], true
	}
	v.Rows, v.Members = rows, members
	return s.render(w, r, status, "audit", messages[lang(r)]["audit.title"], &p, v)
}

// csvCell keeps a cell from being read as a formula by a spreadsheet.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	rows, _, err := s.auditRows(r, p, readAuditQuery(r), auditCSVLimit)
	if err != nil {
		return err
	}
	// The export itself is an event: who took a copy of the trail, with which filters.
	if err := s.Store.AppendAudit(socle.WithActor(r.Context(), p.User.ID), &socle.AuditEvent{
		OrgID: p.Org.ID, Action: "audit.export", ObjectKind: "audit", Detail: truncate(r.URL.RawQuery, 200)}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit-`+p.Org.Slug+"-"+socle.Now().Format("2006-01-02")+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"at", "actor_id", "actor", "action", "object_kind", "object_id", "detail"})
	for _, row := range rows {
		e := row.Event
		cw.Write([]string{e.At.Format(time.RFC3339), csvCell(e.Actor), csvCell(row.Actor), csvCell(e.Action), csvCell(e.ObjectKind), csvCell(e.ObjectID), csvCell(e.Detail)})
	}
	cw.Flush()
	return cw.Error()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

type auditJSON struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	ActorEmail string    `json:"actor_email,omitempty"`
	Action     string    `json:"action"`
	ObjectKind string    `json:"object_kind"`
	ObjectID   string    `json:"object_id"`
	Detail     string    `json:"detail,omitempty"`
}

// apiAudit answers GET /api/v1/audit?actor=&object=&kind=&from=&to=&limit=.
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	limit := auditPageLimit
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 10000 {
			return socle.Errorf(socle.EINVALID, "limit %q: ask for 1 to 10000 events", l)
		}
		limit = n
	}
	rows, _, err := s.auditRows(r, p, readAuditQuery(r), limit)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(rows))
	for i, row := range rows {
		e := row.Event
		out[i] = auditJSON{ID: e.ID, At: e.At, Actor: e.Actor, ActorEmail: row.Actor, Action: e.Action, ObjectKind: e.ObjectKind, ObjectID: e.ObjectID, Detail: e.Detail}
		if row.Actor == e.Actor {
			out[i].ActorEmail = ""
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out})
	return nil
}

var auditMessages = catalog{
	"fr": {
		"nav.audit":       "Journal d'audit",
		"plans.author":    "Auteur",
		"plans.supervise": "Vous voyez les plans de toute l'équipe ; ouvrir le plan d'un autre membre est inscrit au journal.",
		"audit.title":     "Journal d'audit",
		"audit.intro":     "Qui a fait quoi, sur quel objet. Les textes des situations n'y figurent jamais.",
		"audit.actor":     "Auteur",
		"audit.anyone":    "tout le monde",
		"audit.system":    "système",
		"audit.object":    "Objet (identifiant)",
		"audit.kind":      "Type d'événement",
		"audit.anykind":   "tous",
		"audit.from":      "Du",
		"audit.to":        "Au",
		"audit.filter":    "Filtrer",
		"audit.csv":       "Exporter en CSV",
		"audit.at":        "Date",
		"audit.action":    "Événement",
		"audit.detail":    "Détail",
		"audit.none":      "Aucun événement pour ces filtres.",
		"audit.full":      "Seuls les 500 événements les plus récents sont affichés : resserrez les filtres, ou exportez en CSV.",
		"audit.clear":     "Effacer les filtres",
	},
	"en": {
		"nav.audit":       "Audit trail",
		"plans.author":    "Author",
		"plans.supervise": "You see the whole team's plans; opening another member's plan is recorded in the audit trail.",
		"audit.title":     "Audit trail",
		"audit.intro":     "Who did what to which object. Case texts never appear here.",
		"audit.actor":     "Actor",
		"audit.anyone":    "anyone",
		"audit.system":    "system",
		"audit.object":    "Object (id)",
		"audit.kind":      "Kind of event",
		"audit.anykind":   "all",
		"audit.from":      "From",
		"audit.to":        "To",
		"audit.filter":    "Filter",
		"audit.csv":       "Export as CSV",
		"audit.at":        "Date",
		"audit.action":    "Event",
		"audit.detail":    "Detail",
		"audit.none":      "No event for these filters.",
		"audit.full":      "Only the 500 latest events are shown: narrow the filters, or export as CSV.",
		"audit.clear":     "Clear the filters",
	},
}
