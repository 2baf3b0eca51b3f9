package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// isAidesJeunes tells a benefit of the aides-jeunes simulator (betagouv/aides-jeunes, one JSON
// object per benefit with its institution and its machine-readable general conditions) from
// other catalog records.
func isAidesJeunes(rec []kv) bool {
	var label, conds, inst bool
	for _, e := range rec {
		switch e.key {
		case "label":
			label = true
		case "conditions_generales":
			conds = true
		case "institution_name", "institution_id":
			inst = true
		}
	}
	return label && conds && inst
}

// aidesJeunesProfiles maps the simulator's profiles to data·inclusion audiences and French
// words for the eligibility text.
func aidesJeunesProfiles() map[string][2]string {
	return map[string][2]string{
		"enseignement_superieur": {"etudiants", "étudiant dans l'enseignement supérieur"},
		"etudiant":               {"etudiants", "étudiant"},
		"chomeur":                {"demandeurs-emploi", "demandeur d'emploi"},
		"apprenti":               {"jeunes", "apprenti"},
		"lyceen":                 {"jeunes", "lycéen"},
		"collegien":              {"jeunes", "collégien"},
		"stagiaire":              {"jeunes", "stagiaire"},
		"service_civique":        {"jeunes", "volontaire en service civique"},
		"professionnalisation":   {"jeunes", "en contrat de professionnalisation"},
		"salarie":                {"actifs", "salarié"},
		"independant":            {"actifs", "indépendant"},
		"inactif":                {"", "inactif"},
		"beneficiaire_rsa":       {"beneficiaires-des-minimas-sociaux", "bénéficiaire du RSA"},
		"parent":                 {"familles", "parent"},
		"situation_handicap":     {"personnes-en-situation-de-handicap", "en situation de handicap"},
	}
}

// aidesJeunes maps one benefit. The general conditions give the ages, the territories
// (départements, régions, communes) and further eligibility lines; a national institution
// without a territorial condition serves all of France.
func (c *catalog) aidesJeunes(line int, rec []kv) (socle.Service, string) {
	m := make(map[string]any, len(rec))
	for _, e := range rec {
		m[e.key] = e.val
	}
	str := func(k string) string { return scalarString(m[k]) }
	s := socle.Service{
		Name:        upperFirst(oneLine(str("label"))),
		Provider:    str("institution_name"),
		Description: str("description_text"),
		Link:        str("link"),
		Extra:       map[string]string{},
	}
	if s.Description == "" {
		s.Description = stripTags(str("description_html"))
	}
	var lines []string
	for _, t := range listStrings(m["conditions_text"]) {
		lines = append(lines, t)
	}
	var general []string
	conds, _ := m["conditions_generales"].([]any)
	for _, ci := range conds {
		cond, ok := ci.(map[string]any)
		if !ok {
			continue
		}
		typ := scalarString(cond["type"])
		values := listStrings(cond["values"])
		switch typ {
		case "age":
			n, err := strconv.Atoi(scalarString(cond["value"]))
			if err != nil || n < 0 || n > 130 {
				c.problem(line, "%s: the age condition %v was not understood and was ignored", s.Name, cond["value"])
				continue
			}
			switch scalarString(cond["operator"]) {
			case ">=":
				s.AgeMin = max(s.AgeMin, n)
			case ">":
				s.AgeMin = max(s.AgeMin, n+1)
			case "<=":
				s.AgeMax = minPositive(s.AgeMax, n)
			case "<":
				s.AgeMax = minPositive(s.AgeMax, n-1)
			case "=", "==":
				s.AgeMin, s.AgeMax = max(s.AgeMin, n), minPositive(s.AgeMax, n)
			default:
				c.problem(line, "%s: the age operator %q was not understood and was ignored", s.Name, scalarString(cond["operator"]))
			}
		case "departements":
			for _, v := range values {
				if code, _, ok := territoryCode("departement", v, c.places); ok && code != "" {
					s.Territories = appendNew(s.Territories, code)
				}
			}
		case "regions":
			for _, v := range values {
				s.Territories = appendNew(s.Territories, "R"+strings.TrimPrefix(v, "R"))
			}
		case "communes":
			for _, v := range values {
				s.Territories = appendNew(s.Territories, "C"+strings.TrimPrefix(v, "C"))
			}
		case "epcis":
			s.Extra["epci"] = strings.Join(values, ", ")
		case "excluded_epcis":
			s.Extra["epci_exclus"] = strings.Join(values, ", ")
			general = append(general, "Hors EPCI "+strings.Join(values, ", "))
		case "codes_postaux":
			s.Extra["codes_postaux"] = strings.Join(values, ", ")
			general = append(general, "Résider dans l'un des codes postaux : "+strings.Join(values, ", "))
		case "quotient_familial":
			period := "par mois"
			if scalarString(cond["period"]) == "year" {
				period = "par an"
			}
			general = append(general, fmt.Sprintf("Quotient familial %s %s € %s", operatorWords(scalarString(cond["operator"])), scalarString(cond["value"]), period))
		case "regime_securite_sociale":
			general = append(general, "Régime de sécurité sociale : "+strings.ReplaceAll(strings.Join(listStrings(cond["includes"]), ", "), "_", " "))
		case "statut_occupation_logement":
			general = append(general, "Logement : "+strings.ReplaceAll(strings.Join(listStrings(cond["includes"]), ", "), "_", " "))
		case "beneficiaire_rsa":
			general = append(general, "Être bénéficiaire du RSA")
			s.Audience = appendNew(s.Audience, "beneficiaires-des-minimas-sociaux")
		case "formation_sanitaire_social":
			general = append(general, "Suivre une formation sanitaire ou sociale")
		case "attached_to_institution":
			general = append(general, "Dépendre de : "+s.Provider)
		case "difficultes_acces_ou_frais_logement":
			general = append(general, "Avoir des difficultés d'accès au logement ou des frais de logement")
		case "agence_travail_temporaire":
			general = append(general, "Être inscrit dans une agence de travail temporaire")
		default:
			general = append(general, "Condition : "+strings.ReplaceAll(typ, "_", " "))
		}
	}
	if s.AgeMax > 0 && s.AgeMin > s.AgeMax {
		c.problem(line, "%s: the minimum age %d is over the maximum %d; the ages were ignored", s.Name, s.AgeMin, s.AgeMax)
		s.AgeMin, s.AgeMax = 0, 0
	}
	if age := ageWords(s.AgeMin, s.AgeMax); age != "" {
		general = append([]string{age}, general...)
	}
	profiles := aidesJeunesProfiles()
	var who []string
	profs, _ := m["profils"].([]any)
	for _, pi := range profs {
		p, ok := pi.(map[string]any)
		if !ok {
			continue
		}
		typ := scalarString(p["type"])
		if pr, ok := profiles[typ]; ok {
			s.Audience = appendNew(s.Audience, pr[0])
			who = appendNew(who, pr[1])
		} else if typ != "" {
			who = appendNew(who, strings.ReplaceAll(typ, "_", " "))
		}
	}
	if len(who) > 0 {
		general = append(general, "Profils : "+strings.Join(who, ", "))
	}
	if s.AgeMax > 0 && s.AgeMax <= 30 {
		s.Audience = appendNew(s.Audience, "jeunes")
	}
	s.Eligibility = strings.Join(append(general, lines...), "\n")
	if len(s.Territories) == 0 {
		for _, d := range listStrings(m["departments"]) {
			if code, _, ok := territoryCode("departement", d, c.places); ok && code != "" {
				s.Territories = appendNew(s.Territories, code)
			}
		}
	}
	if len(s.Territories) == 0 {
		switch str("institution_type") {
		case "national", "europeen", "europe":
			s.Territories = []string{"FR"}
		case "region", "departement", "caf", "msa":
			// A région's or département's own benefit, or a CAF's: the institution's name says
			// where ("Région Bretagne", "CAF de la Haute-Savoie").
			if code, ok := placeInName(s.Provider, c.places); ok {
				s.Territories = []string{code}
			}
		}
	}
	for _, k := range []string{"institution_id", "institution_type", "engine", "source_file", "periodicite", "type", "instructions", "form", "teleservice"} {
		if v := str(k); v != "" {
			s.Extra[k] = v
		}
	}
	if v := str("montant"); v != "" {
		s.Extra["montant"] = strings.TrimSpace(v + " " + str("unit"))
	}
	return s, str("id")
}

// listStrings reads a list of scalars, or a single scalar, as strings.
func listStrings(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if t := scalarString(e); t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	if t := scalarString(v); t != "" {
		return []string{t}
	}
	return nil
}

func operatorWords(op string) string {
	switch op {
	case "<=":
		return "inférieur ou égal à"
	case "<":
		return "inférieur à"
	case ">=":
		return "supérieur ou égal à"
	case ">":
		return "supérieur à"
	}
	return op
}

// ageWords says an age range in French.
func ageWords(lo, hi int) string {
	switch {
	case lo > 0 && hi > 0 && lo == hi:
		return fmt.Sprintf("Avoir %d ans", lo)
	case lo > 0 && hi > 0:
		return fmt.Sprintf("Avoir entre %d et %d ans", lo, hi)
	case lo > 0:
		return fmt.Sprintf("Avoir %d ans ou plus", lo)
	case hi > 0:
		return fmt.Sprintf("Avoir %d ans ou moins", hi)
	}
	return ""
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// placeInName finds the département or région an institution's name ends with: "CAF de la
// Haute-Savoie" is 74, "Région Bretagne" is R53.
func placeInName(name string, places map[string]string) (string, bool) {
	words := strings.Fields(fold(name))
	for i := range words {
		if code, ok := places[strings.Join(words[i:], " ")]; ok {
			return code, true
		}
	}
	return "", false
}
