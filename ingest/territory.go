package ingest

import (
	"strings"
)

// territoryNames maps the folded names of French départements and régions (INSEE Code officiel
// géographique) to the codes socle.Service.Territories holds: "74" for a département, "R84" for
// a région. Overseas territories that are both map to the département.
func territoryNames() map[string]string {
	m := map[string]string{
		"guadeloupe": "971", "martinique": "972", "guyane": "973", "la reunion": "974", "reunion": "974",
		"mayotte": "976", "ile de france": "R11", "centre val de loire": "R24", "centre": "R24",
		"bourgogne franche comte": "R27", "normandie": "R28", "hauts de france": "R32",
		"grand est": "R44", "pays de la loire": "R52", "bretagne": "R53", "nouvelle aquitaine": "R75",
		"occitanie": "R76", "auvergne rhone alpes": "R84", "provence alpes cote d azur": "R93",
		"paca": "R93", "corse": "R94",
	}
	deps := []string{
		"01 Ain", "02 Aisne", "03 Allier", "04 Alpes-de-Haute-Provence", "05 Hautes-Alpes",
		"06 Alpes-Maritimes", "07 Ardèche", "08 Ardennes", "09 Ariège", "10 Aube", "11 Aude",
		"12 Aveyron", "13 Bouches-du-Rhône", "14 Calvados", "15 Cantal", "16 Charente",
		"17 Charente-Maritime", "18 Cher", "19 Corrèze", "2A Corse-du-Sud", "2B Haute-Corse",
		"21 Côte-d'Or", "22 Côtes-d'Armor", "23 Creuse", "24 Dordogne", "25 Doubs", "26 Drôme",
		"27 Eure", "28 Eure-et-Loir", "29 Finistère", "30 Gard", "31 Haute-Garonne", "32 Gers",
		"33 Gironde", "34 Hérault", "35 Ille-et-Vilaine", "36 Indre", "37 Indre-et-Loire",
		"38 Isère", "39 Jura", "40 Landes", "41 Loir-et-Cher", "42 Loire", "43 Haute-Loire",
		"44 Loire-Atlantique", "45 Loiret", "46 Lot", "47 Lot-et-Garonne", "48 Lozère",
		"49 Maine-et-Loire", "50 Manche", "51 Marne", "52 Haute-Marne", "53 Mayenne",
		"54 Meurthe-et-Moselle", "55 Meuse", "56 Morbihan", "57 Moselle", "58 Nièvre", "59 Nord",
		"60 Oise", "61 Orne", "62 Pas-de-Calais", "63 Puy-de-Dôme", "64 Pyrénées-Atlantiques",
		"65 Hautes-Pyrénées", "66 Pyrénées-Orientales", "67 Bas-Rhin", "68 Haut-Rhin", "69 Rhône",
		"70 Haute-Saône", "71 Saône-et-Loire", "72 Sarthe", "73 Savoie", "74 Haute-Savoie",
		"75 Paris", "76 Seine-Maritime", "77 Seine-et-Marne", "78 Yvelines", "79 Deux-Sèvres",
		"80 Somme", "81 Tarn", "82 Tarn-et-Garonne", "83 Var", "84 Vaucluse", "85 Vendée",
		"86 Vienne", "87 Haute-Vienne", "88 Vosges", "89 Yonne", "90 Territoire de Belfort",
		"91 Essonne", "92 Hauts-de-Seine", "93 Seine-Saint-Denis", "94 Val-de-Marne",
		"95 Val-d'Oise",
	}
	for _, d := range deps {
		code, name, _ := strings.Cut(d, " ")
		m[fold(name)] = code
	}
	return m
}

// territoryCode turns one territory value of a catalog into a code of socle.Service.Territories
// ("FR", "R84", "74", "C75056"). The column or key it came from says how to read a bare number:
// "84" under "région" is a région, "75056" under "commune" a commune. epci is set instead for an
// EPCI's SIREN number, which the contract has no form for. ok is false for a value it cannot
// place.
func territoryCode(key, v string, names map[string]string) (code string, epci bool, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", false, false
	}
	k := fold(key)
	f := fold(v)
	switch f {
	case "france", "fr", "national", "nationale", "nationaux", "toute la france", "france entiere", "territoire national", "99100":
		return "FR", false, true
	}
	upper := strings.ToUpper(v)
	digits := strings.TrimLeft(upper, "RC")
	allDigits := digits != "" && strings.Trim(digits, "0123456789") == ""
	corsica := len(digits) >= 2 && (digits[:2] == "2A" || digits[:2] == "2B") && strings.Trim(digits[2:], "0123456789") == ""
	switch {
	case strings.HasPrefix(upper, "R") && allDigits && len(digits) == 2:
		return "R" + digits, false, true
	case strings.HasPrefix(upper, "C") && (allDigits || corsica) && len(digits) == 5:
		return "C" + digits, false, true
	case upper != digits:
		// A letter before the number that is not R or C: a name, read below.
	case strings.Contains(k, "region") && allDigits && len(digits) == 2:
		return "R" + digits, false, true
	case (allDigits && len(digits) == 2) || (corsica && len(digits) == 2) || (allDigits && len(digits) == 3 && strings.HasPrefix(digits, "97")):
		return digits, false, true
	case (allDigits || corsica) && len(digits) == 5 && !strings.Contains(k, "postal"):
		return "C" + digits, false, true
	case allDigits && len(digits) == 9:
		return "", true, true
	}
	if c, found := names[f]; found {
		return c, false, true
	}
	// "Département 74", "dépt. 2A", "Région 84".
	for _, p := range []string{"departement ", "dept ", "dep ", "region "} {
		if rest, found := strings.CutPrefix(f, p); found {
			if c, _, ok := territoryCode(p, rest, names); ok && c != "" {
				return c, false, true
			}
			if c, found := names[rest]; found {
				return c, false, true
			}
		}
	}
	return "", false, false
}
