package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/plan/pseudonym"
)

// Note is one dated entry of a case file.
type Note struct {
	Date string `json:"date"` // YYYY-MM-DD or DD/MM/YYYY
	Text string `json:"text"`
}

// CaseFile is a case's notes, oldest or newest first: the digest sorts them.
type CaseFile struct {
	Notes []Note `json:"notes"`
}

// Limits of a case file. A digest's cost grows with its size (pseudonymization, needs,
// sentences): BenchmarkDigest measures 0.76 s of one core at 256 KiB, a hundred pages of notes,
// and 6.4 s at the 2 MiB allowed before, in the same run (the security review's own 2 MiB file
// took 24 s). A longer file is sent in parts (the newest notes matter most).
const (
	MaxNotes         = 500
	MaxNoteRunes     = 20000
	MaxCaseFileBytes = 256 << 10
)

// ParseCaseFile reads a case file from JSON.
func ParseCaseFile(r io.Reader) (CaseFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCaseFileBytes+1))
	if err != nil {
		return CaseFile{}, fmt.Errorf("plan: read case file: %w", err)
	}
	if len(data) > MaxCaseFileBytes {
		return CaseFile{}, socle.Errorf(socle.ETOOLARGE, "the case file is over %d KiB: send its most recent notes, or split it", MaxCaseFileBytes>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cf CaseFile
	if err := dec.Decode(&cf); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return CaseFile{}, socle.Errorf(socle.EINVALID, "the case file is not valid JSON (at byte %d): expected {\"notes\": [{\"date\": \"2026-03-02\", \"text\": \"…\"}]}", syn.Offset)
		}
		return CaseFile{}, socle.Errorf(socle.EINVALID, "the case file cannot be read: %v; expected {\"notes\": [{\"date\", \"text\"}]}", err)
	}
	return cf, cf.Validate()
}

// Validate checks the notes.
func (cf *CaseFile) Validate() error {
	switch {
	case len(cf.Notes) == 0:
		return socle.Errorf(socle.EINVALID, "the case file has no notes")
	case len(cf.Notes) > MaxNotes:
		return socle.Errorf(socle.ETOOLARGE, "the case file has %d notes: at most %d", len(cf.Notes), MaxNotes)
	}
	for i, n := range cf.Notes {
		if _, err := parseDate(n.Date); err != nil {
			return socle.Errorf(socle.EINVALID, "note %d: date %q is not a date: write 2026-03-02 or 02/03/2026", i+1, n.Date)
		}
		if strings.TrimSpace(n.Text) == "" || !utf8.ValidString(n.Text) {
			return socle.Errorf(socle.EINVALID, "note %d (%s) is empty or not valid UTF-8 text", i+1, n.Date)
		}
		if utf8.RuneCountInString(n.Text) > MaxNoteRunes {
			return socle.Errorf(socle.ETOOLARGE, "note %d (%s) is over %d characters", i+1, n.Date, MaxNoteRunes)
		}
	}
	return nil
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}

// Line is one line of a digest and the note it comes from.
type Line struct {
	Text string `json:"text"`
	Note int    `json:"note"` // index in the case file as given
	Date string `json:"date"` // YYYY-MM-DD
}

// Digest sums up a case file: the key facts, the needs, and the history, each line pointing to
// its note. Everything in it is pseudonymized.
type Digest struct {
	Facts   []Line `json:"facts"`
	Needs   []Line `json:"needs"`
	History []Line `json:"history"`
	// Situation is the digest written out as a situation, ready for Plan.
	Situation string `json:"situation"`
	// Notes are the notes themselves, pseudonymized, oldest first, for the page that shows
	// where each line comes from (the API's caller has its notes).
	Notes []Line `json:"-"`
}

// factPatterns recognize the sentences that state key facts: age, household, children,
// housing, resources, work, health, legal status. Matched on folded text.
var factPatterns = regexp.MustCompile(`\b(?:\d{1,3} ans|age[e]? de|seule?|en couple|mari[ee]|separ[ee]|divorc[ee]|veu(?:f|ve)|enfants?|enceinte|heberg[ee]|locataire|proprietaire|sans domicile|a la rue|rsa|aah|ressources|revenus?|salaire|\d[\d  ]* ?(?:€|euros)|sans emploi|chomage|cdd|cdi|interim|handicap|malad[ie]|titre de sejour|refugi[ee]|demandeu?r? d'asile|nationalite)\b`)

// MakeDigest builds the digest of a case file. The notes are pseudonymized with one mapping, so
// that a person keeps one placeholder across notes; a nil pz leaves the text as it is.
func MakeDigest(cf CaseFile, pz *pseudonym.Pseudonymizer) (Digest, error) {
	if err := cf.Validate(); err != nil {
		return Digest{}, err
	}
	texts := make([]string, len(cf.Notes))
	for i, n := range cf.Notes {
		texts[i] = n.Text
	}
	if pz != nil {
		var m pseudonym.Mapping
		for i, t := range texts {
			r, err := pz.Pseudonymize(t, &m)
			if err != nil {
				return Digest{}, fmt.Errorf("plan: note %d: %w", i+1, err)
			}
			texts[i] = r.Text
		}
	}
	order := make([]int, len(cf.Notes))
	for i := range order {
		order[i] = i
	}
	dates := make([]time.Time, len(cf.Notes))
	for i, n := range cf.Notes {
		dates[i], _ = parseDate(n.Date)
	}
	sort.SliceStable(order, func(a, b int) bool { return dates[order[a]].Before(dates[order[b]]) })

	var d Digest
	needSeen := map[string]int{}
	factSeen := map[string]bool{}
	for _, i := range order {
		date := dates[i].Format("2006-01-02")
		text := texts[i]
		d.Notes = append(d.Notes, Line{Text: text, Note: i, Date: date})
		sentences := sentencesOf(text)
		if len(sentences) > 0 {
			d.History = append(d.History, Line{Text: sentences[0], Note: i, Date: date})
		}
		for _, s := range sentences {
			if factPatterns.MatchString(fold(s)) && !factSeen[fold(s)] {
				factSeen[fold(s)] = true
				d.Facts = append(d.Facts, Line{Text: s, Note: i, Date: date})
			}
		}
		for _, n := range DetectNeeds(Needs(), text, nil) {
			evidence := strings.Join(distinct(n.Evidence), ", ")
			if j, ok := needSeen[n.Code]; ok {
				d.Needs[j] = Line{Text: fmt.Sprintf("%s (%s ; depuis le %s)", n.Label, evidence, dayFR(d.Needs[j].Date)), Note: i, Date: date}
				continue
			}
			needSeen[n.Code] = len(d.Needs)
			d.Needs = append(d.Needs, Line{Text: fmt.Sprintf("%s (%s)", n.Label, evidence), Note: i, Date: date})
		}
	}
	// Recent facts matter more: keep the last ones when there are many.
	if len(d.Facts) > 15 {
		d.Facts = d.Facts[len(d.Facts)-15:]
	}
	d.Situation = situationOf(d)
	return d, nil
}

func sentencesOf(text string) []string {
	var out []string
	for _, sp := range ingest.Sentences(text) {
		if s := strings.TrimSpace(text[sp.Start:sp.End]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// situationOf writes the digest as a situation: the facts, the needs with the words that
// revealed them (so that the plan answers the needs the notes show, even those stated in no key
// fact), then the latest note's first sentence, within the size of a situation.
func situationOf(d Digest) string {
	var b strings.Builder
	for _, f := range d.Facts {
		if b.Len()+len(f.Text) > 3*MaxSituationRunes/5 {
			break
		}
		b.WriteString(f.Text)
		b.WriteByte(' ')
	}
	if len(d.Needs) > 0 {
		needs := make([]string, 0, len(d.Needs))
		for _, n := range d.Needs {
			needs = append(needs, n.Text)
		}
		if l := "Besoins repérés : " + strings.Join(needs, " ; ") + ". "; b.Len()+len(l) < 4*MaxSituationRunes/5 {
			b.WriteString(l)
		}
	}
	if n := len(d.History); n > 0 && b.Len()+len(d.History[n-1].Text) < MaxSituationRunes {
		b.WriteString(d.History[n-1].Text)
	}
	return strings.TrimSpace(b.String())
}

// noteStart finds a note's date at the start of a line of pasted notes: "2026-03-02", "02/03/2026"
// or "2/3/2026", then an optional separator (":", "-", "–").
var noteStart = regexp.MustCompile(`^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*[:\-–—]?\s*`)

// ParseNotesText reads a case file pasted as text: each note starts on a line with its date
// ("2026-03-02 : Entretien avec…"); the lines that follow, up to the next date, continue it. A
// text starting with "{" is read as the JSON of ParseCaseFile.
func ParseNotesText(text string) (CaseFile, error) {
	if len(text) > MaxCaseFileBytes {
		return CaseFile{}, socle.Errorf(socle.ETOOLARGE, "the case file is over %d KiB: paste its most recent notes, or split it", MaxCaseFileBytes>>10)
	}
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "{") {
		return ParseCaseFile(strings.NewReader(t))
	}
	var cf CaseFile
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		if m := noteStart.FindStringSubmatchIndex(line); m != nil {
			cf.Notes = append(cf.Notes, Note{Date: line[m[2]:m[3]], Text: strings.TrimSpace(line[m[1]:])})
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(cf.Notes) == 0 {
			return CaseFile{}, socle.Errorf(socle.EINVALID, "line %d comes before any date: start each note with its date, as in \"2026-03-02 : Entretien avec…\"", i+1)
		}
		n := &cf.Notes[len(cf.Notes)-1]
		n.Text = strings.TrimSpace(n.Text + "\n" + line)
	}
	return cf, cf.Validate()
}
