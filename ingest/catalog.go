package ingest

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
)

// catalogField is the socle.Service field a catalog column or key feeds.
type catalogField int

const (
	cfExtra catalogField = iota
	cfID
	cfName
	cfDescription
	cfProvider
	cfAudience
	cfEligibility
	cfAgeMin
	cfAgeMax
	cfAge
	cfTerritory
	cfContact
	cfLink
	cfThemes
)

// catalogKeys lists the column names and keys that feed each field, in French and English,
// folded without spaces ("Âge min" → "agemin"), most preferred first. The data·inclusion
// service schema's own fields are among them.
func catalogKeys() map[catalogField][]string {
	return map[catalogField][]string{
		cfID:          {"id", "identifiant", "serviceid", "idservice", "uid", "reference", "ref", "code"},
		cfName:        {"nom", "name", "nomduservice", "nomservice", "servicename", "intitule", "titre", "title", "libelle", "label", "service", "dispositif", "prestation", "aide", "action"},
		cfDescription: {"description", "descriptiontext", "desc", "presentation", "resume", "summary", "details", "detail", "objet", "objectif", "contenu", "texte", "text"},
		cfProvider:    {"structure", "structurenom", "nomstructure", "structureporteuse", "porteur", "operateur", "organisme", "provider", "institution", "institutionname", "organisation", "organization", "gestionnaire", "partenaire"},
		cfAudience:    {"publics", "public", "publiccible", "publicscibles", "publicvise", "audience", "targetaudience", "target", "beneficiaires", "cible"},
		cfEligibility: {"conditions", "conditionsacces", "conditionsdacces", "condition", "eligibilite", "eligibility", "criteres", "criteresdeligibilite", "conditionstext", "prerequis", "requirements", "publicsprecisions"},
		cfAgeMin:      {"agemin", "ageminimum", "agemini", "minage", "agedebut", "agefrom"},
		cfAgeMax:      {"agemax", "agemaximum", "agemaxi", "maxage", "agefin", "ageto"},
		cfAge:         {"age", "ages", "tranchedage", "trancheage", "agerange"},
		cfTerritory:   {"zoneeligibilite", "territoires", "territoire", "territory", "territories", "zone", "zones", "zonedintervention", "zoneintervention", "perimetre", "departements", "departement", "departments", "department", "dept", "regions", "region", "communes", "commune"},
		cfContact:     {"contact", "contacts", "contactnomprenom", "telephone", "tel", "phone", "courriel", "email", "mail", "adresse", "address"},
		cfLink:        {"lien", "liensource", "url", "link", "site", "siteweb", "siteinternet", "website", "web", "lienmobilisation", "href"},
		cfThemes:      {"thematiques", "thematique", "themes", "theme", "categories", "categorie", "category", "domaines", "domaine", "tags"},
	}
}

// fieldRank is where a key stands: the field it feeds and its preference among that field's keys.
type fieldRank struct {
	field catalogField
	rank  int
}

// keyFold folds a column name or key for lookup: "Âge_min" and "age min" are both "agemin".
func keyFold(k string) string { return strings.ReplaceAll(fold(k), " ", "") }

// kv is one column or key of a catalog record, with the line it was read on.
type kv struct {
	key string
	val any
}

// maxCatalogProblems bounds the problems kept for one catalog: past it, they are counted.
const maxCatalogProblems = 100

// catalog accumulates the services of one catalog file.
type catalog struct {
	l        Limits
	keys     map[string]fieldRank
	themes   map[string]string // folded code or label → thematic code
	audience map[string]string // folded label or synonym → audience code
	places   map[string]string // folded département or région name → territory code
	services []socle.Service
	problems []Problem
	dropped  int
	ids      map[string]bool
	seen     map[string]int // occurrences of a derived id's key
}

func newCatalog(l Limits) *catalog {
	c := &catalog{
		l:        l.withDefaults(),
		keys:     map[string]fieldRank{},
		themes:   map[string]string{},
		audience: audienceSynonyms(),
		places:   territoryNames(),
		ids:      map[string]bool{},
		seen:     map[string]int{},
	}
	for f, ks := range catalogKeys() {
		for i, k := range ks {
			c.keys[k] = fieldRank{f, i}
		}
	}
	for _, t := range thematiques() {
		c.themes[fold(t.Value)] = t.Value
		c.themes[fold(t.Label)] = t.Value
		cat, _, _ := strings.Cut(t.Value, "--")
		if _, ok := c.themes[fold(cat)]; !ok {
			c.themes[fold(cat)] = cat // a category alone: the codes' common prefix
		}
	}
	for _, p := range publics() {
		c.audience[fold(p.Value)] = p.Value
		c.audience[fold(p.Label)] = p.Value
	}
	return c
}

// audienceSynonyms maps common French and English names of publics to data·inclusion codes.
func audienceSynonyms() map[string]string {
	m := map[string]string{}
	for code, names := range map[string][]string{
		"tous-publics":                      {"tous publics", "tout public", "tous", "all", "everyone", "grand public"},
		"jeunes":                            {"jeunes", "jeune", "jeunesse", "youth", "young people", "adolescents", "jeunes adultes", "16 25 ans", "18 25 ans", "moins de 26 ans"},
		"etudiants":                         {"etudiant", "etudiante", "etudiantes", "students", "student", "enseignement superieur"},
		"familles":                          {"famille", "parents", "parent", "enfants", "families", "family", "parent isole", "parents isoles"},
		"femmes":                            {"femme", "women", "woman"},
		"seniors":                           {"senior", "personnes agees", "personne agee", "retraites", "retraite", "older people", "elderly"},
		"demandeurs-emploi":                 {"demandeurs d emploi", "demandeur d emploi", "chomeurs", "chomeur", "jobseekers", "unemployed", "chomage"},
		"actifs":                            {"actif", "salaries", "salarie", "independants", "independant", "workers", "employees"},
		"beneficiaires-des-minimas-sociaux": {"beneficiaires des minima sociaux", "minima sociaux", "minimas sociaux", "beneficiaires du rsa", "beneficiaire du rsa", "rsa", "brsa", "allocataires du rsa"},
		"personnes-en-situation-de-handicap": {"handicap", "personnes handicapees", "personne handicapee", "situation de handicap", "disabled", "disability",
			"adultes handicapes", "aah"},
		"personnes-en-situation-durgence":             {"urgence", "sans abri", "sans domicile", "sans domicile fixe", "sdf", "grande precarite", "homeless"},
		"personnes-en-situation-juridique-specifique": {"sortants de detention", "detenus", "personnes sous main de justice", "ppsmj"},
		"personnes-exilees":                           {"refugies", "refugie", "demandeurs d asile", "demandeur d asile", "migrants", "exiles", "etrangers", "refugees", "asylum seekers"},
		"residents-qpv-frr":                           {"qpv", "residents qpv", "quartiers prioritaires", "frr", "zrr"},
	} {
		for _, n := range names {
			m[n] = code
		}
	}
	return m
}

// problem records a difficulty met on a line, up to maxCatalogProblems.
func (c *catalog) problem(line int, format string, args ...any) {
	if len(c.problems) >= maxCatalogProblems {
		c.dropped++
		return
	}
	c.problems = append(c.problems, Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

// add maps one record to a service and keeps it. A record without a name is skipped with a
// problem; going over MaxServices is an ETOOLARGE error.
func (c *catalog) add(line int, rec []kv) error {
	var s socle.Service
	var sourceID string
	switch {
	case isAidesJeunes(rec):
		s, sourceID = c.aidesJeunes(line, rec)
	default:
		if isDataInclusion(rec) {
			rec = dataInclusionRecord(rec)
		}
		s, sourceID = c.mapRecord(line, rec)
	}
	if s.Name == "" {
		c.problem(line, "a service without a name was skipped: give it a value in the name column (nom, name, titre, intitulé, libellé or label)")
		return nil
	}
	return c.keep(line, s, sourceID)
}

// keep gives s its id and appends it.
func (c *catalog) keep(line int, s socle.Service, sourceID string) error {
	if len(c.services) >= c.l.MaxServices {
		return socle.Errorf(socle.ETOOLARGE, "more than %d services: split the catalog or raise the service limit", c.l.MaxServices)
	}
	id := ""
	if sourceID != "" {
		id = safeID(sourceID)
	} else {
		key := fold(s.Name) + "\x1f" + fold(s.Provider)
		n := c.seen[key]
		c.seen[key] = n + 1
		if n > 0 {
			key += "\x1e" + strconv.Itoa(n)
		}
		name := slug(s.Name)
		if name == "" {
			name = "service"
		}
		id = name + "-" + shortHash(key)
	}
	if c.ids[id] {
		base := id
		for k := 2; c.ids[id]; k++ {
			id = base + "-" + strconv.Itoa(k)
		}
		c.problem(line, "the id %q is used twice; the second service (%q) was given the id %q: give each service its own id", base, s.Name, id)
	}
	c.ids[id] = true
	s.ID = id
	c.services = append(c.services, s)
	return nil
}

// safeIDPattern is what a source id must look like to be used as is: short and URL-safe.
var safeIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]{0,99}$`)

// safeID keeps a source id that is URL-safe, and otherwise makes one from it: its slug and a
// short hash, so that two ids that slug alike stay apart.
func safeID(id string) string {
	id = strings.TrimSpace(id)
	if safeIDPattern.MatchString(id) && !strings.Contains(id, "..") {
		return id
	}
	s := slug(id)
	if s == "" {
		s = "service"
	}
	return s + "-" + shortHash(id)
}

// document returns the catalog as a document.
func (c *catalog) document(title string) *Document {
	if c.dropped > 0 {
		c.problems = append(c.problems, Problem{Message: fmt.Sprintf("%d more problems like the ones above were not listed", c.dropped)})
	}
	return &Document{Format: "catalog", Title: title, Metadata: map[string]string{}, Services: c.services, Problems: c.problems}
}

// mapRecord maps a record's keys to service fields through their synonyms. Where several keys
// feed a single-valued field (name, id, provider, link), the preferred one that has a value
// wins and the others go to Extra; descriptions, conditions and contacts are joined; lists
// are merged. Keys that feed nothing go to Extra.
func (c *catalog) mapRecord(line int, rec []kv) (socle.Service, string) {
	type keyed struct {
		kv
		fieldRank
	}
	ks := make([]keyed, 0, len(rec))
	for _, e := range rec {
		ks = append(ks, keyed{e, c.keys[keyFold(e.key)]})
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if ks[i].field != ks[j].field {
			return ks[i].field < ks[j].field
		}
		return ks[i].rank < ks[j].rank
	})
	var s socle.Service
	var id string
	extra := func(k, v string) {
		if v == "" {
			return
		}
		if s.Extra == nil {
			s.Extra = map[string]string{}
		}
		if old, ok := s.Extra[k]; ok && old != v {
			v = old + ", " + v
		}
		s.Extra[k] = v
	}
	first := func(dst *string, k string, v any) {
		t := oneLine(scalarString(v))
		if *dst == "" {
			*dst = t
		} else {
			extra(k, t)
		}
	}
	join := func(dst *string, sep string, v any) {
		t := textValue(v)
		if t == "" {
			return
		}
		if *dst != "" {
			*dst += sep
		}
		*dst += t
	}
	for _, e := range ks {
		switch e.field {
		case cfID:
			first(&id, e.key, e.val)
		case cfName:
			first(&s.Name, e.key, e.val)
		case cfProvider:
			if m, ok := e.val.(map[string]any); ok {
				e.val = firstOf(m, "nom", "name", "label", "libelle")
			}
			first(&s.Provider, e.key, e.val)
		case cfLink:
			first(&s.Link, e.key, e.val)
		case cfDescription:
			join(&s.Description, "\n\n", e.val)
		case cfEligibility:
			join(&s.Eligibility, "\n", e.val)
		case cfContact:
			join(&s.Contact, " · ", e.val)
		case cfAudience:
			for _, v := range listValues(e.val) {
				s.Audience = appendNew(s.Audience, c.audienceCode(v))
			}
		case cfThemes:
			for _, v := range listValues(e.val) {
				s.Themes = appendNew(s.Themes, c.themeCode(v))
			}
		case cfTerritory:
			for _, v := range listValues(e.val) {
				code, epci, ok := territoryCode(e.key, v, c.places)
				switch {
				case epci:
					extra("epci", v)
				case ok:
					s.Territories = appendNew(s.Territories, code)
				default:
					extra(e.key, v)
					c.problem(line, "%q (%s) is not a territory code or a known département or région: it was kept as text; use \"FR\", a département number, \"R\" and a région code, or a commune INSEE code", v, e.key)
				}
			}
		case cfAgeMin, cfAgeMax:
			t := scalarString(e.val)
			if t == "" {
				continue
			}
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(t, "ans")), " "))
			if err != nil || n < 0 || n > 130 {
				c.problem(line, "the age %q (%s) is not a number of years: it was ignored", t, e.key)
				continue
			}
			if e.field == cfAgeMin {
				s.AgeMin = n
			} else {
				s.AgeMax = n
			}
		case cfAge:
			t := scalarString(e.val)
			if t == "" {
				continue
			}
			lo, hi, ok := parseAgeRange(t)
			if !ok {
				c.problem(line, "the age range %q (%s) was not understood: write it as \"16-25\", \"moins de 26 ans\" or \"60 ans et plus\"", t, e.key)
				extra(e.key, t)
				continue
			}
			s.AgeMin, s.AgeMax = max(s.AgeMin, lo), minPositive(s.AgeMax, hi)
		default:
			extra(e.key, textValue(e.val))
		}
	}
	if s.AgeMax > 0 && s.AgeMin > s.AgeMax {
		c.problem(line, "%q has a minimum age (%d) over its maximum (%d): the ages were ignored", s.Name, s.AgeMin, s.AgeMax)
		s.AgeMin, s.AgeMax = 0, 0
	}
	return s, id
}

// audienceCode returns the data·inclusion code for an audience, or the audience as written.
func (c *catalog) audienceCode(v string) string {
	if code, ok := c.audience[fold(v)]; ok {
		return code
	}
	return strings.TrimSpace(v)
}

// themeCode returns the data·inclusion thematic code for a theme, or the theme as written.
func (c *catalog) themeCode(v string) string {
	if code, ok := c.themes[fold(v)]; ok {
		return code
	}
	return strings.TrimSpace(v)
}

// listValues reads a list: a JSON or YAML array, or text with items separated by commas,
// semicolons, pipes or line breaks.
func listValues(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			out = append(out, listValues(e)...)
		}
	default:
		t := scalarString(v)
		for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' }) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// textValue renders a value as text, a list as one item a line.
func textValue(v any) string {
	if l, ok := v.([]any); ok {
		parts := make([]string, 0, len(l))
		for _, e := range l {
			if t := textValue(e); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, "\n")
	}
	return scalarString(v)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstOf(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok && scalarString(v) != "" {
			return v
		}
	}
	return nil
}

func appendNew(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, e := range list {
		if e == v {
			return list
		}
	}
	return append(list, v)
}

func minPositive(a, b int) int {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

// ageRange patterns, on folded text.
var (
	ageBetween = regexp.MustCompile(`^(?:de |entre )?(\d{1,3})(?: ans)? (?:a |et |to )?(\d{1,3})(?: ans)?$`)
	ageUnder   = regexp.MustCompile(`^(moins de|under|jusqu a|jusqu au) (\d{1,3})(?: ans)?(?: inclus)?$`)
	ageOver    = regexp.MustCompile(`^(plus de|a partir de|des|over|from) (\d{1,3})(?: ans)?$`)
	ageAndUp   = regexp.MustCompile(`^(\d{1,3})(?: ans)? (?:et plus|ou plus|and over|and up)$`)
	ageAlone   = regexp.MustCompile(`^(\d{1,3})(?: ans)?$`)
)

// parseAgeRange reads an age range as catalogs write it: "16-25", "16 à 25 ans", "moins de 26
// ans" (up to 25), "jusqu'à 25 ans", "plus de 60 ans" (from 61), "à partir de 16 ans", "60 ans
// et plus", "18+", "<=25", ">=16". Zero means unbounded.
func parseAgeRange(s string) (lo, hi int, ok bool) {
	t := strings.TrimSpace(s)
	op := ""
	for _, p := range []string{"<=", ">=", "≤", "≥", "<", ">"} {
		if rest, found := strings.CutPrefix(t, p); found {
			op, t = p, rest
			break
		}
	}
	if rest, found := strings.CutSuffix(t, "+"); found && op == "" {
		op, t = "+", rest
	}
	f := fold(t)
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	if op != "" {
		m := ageAlone.FindStringSubmatch(f)
		if m == nil {
			return 0, 0, false
		}
		n := atoi(m[1])
		switch op {
		case "<=", "≤":
			hi = n
		case "<":
			hi = n - 1
		case ">=", "≥", "+":
			lo = n
		case ">":
			lo = n + 1
		}
		return lo, hi, lo <= 130 && hi <= 130 && (lo > 0 || hi > 0)
	}
	if m := ageBetween.FindStringSubmatch(f); m != nil {
		lo, hi = atoi(m[1]), atoi(m[2])
		return lo, hi, lo <= hi && hi <= 130
	}
	if m := ageUnder.FindStringSubmatch(f); m != nil {
		hi = atoi(m[2])
		if m[1] == "moins de" || m[1] == "under" {
			hi--
		}
		return 0, hi, hi > 0 && hi <= 130
	}
	if m := ageOver.FindStringSubmatch(f); m != nil {
		lo = atoi(m[2])
		if m[1] == "plus de" || m[1] == "over" {
			lo++
		}
		return lo, 0, lo <= 130
	}
	if m := ageAndUp.FindStringSubmatch(f); m != nil {
		lo = atoi(m[1])
		return lo, 0, lo <= 130
	}
	return 0, 0, false
}
