package situation

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// departements maps each département's code to its name (INSEE, 2024), for reading a
// situation's territory: "vit dans le 93", "Seine-Saint-Denis", "(69)".
var departements = [][2]string{
	{"01", "Ain"}, {"02", "Aisne"}, {"03", "Allier"}, {"04", "Alpes-de-Haute-Provence"}, {"05", "Hautes-Alpes"},
	{"06", "Alpes-Maritimes"}, {"07", "Ardèche"}, {"08", "Ardennes"}, {"09", "Ariège"}, {"10", "Aube"},
	{"11", "Aude"}, {"12", "Aveyron"}, {"13", "Bouches-du-Rhône"}, {"14", "Calvados"}, {"15", "Cantal"},
	{"16", "Charente"}, {"17", "Charente-Maritime"}, {"18", "Cher"}, {"19", "Corrèze"}, {"2A", "Corse-du-Sud"},
	{"2B", "Haute-Corse"}, {"21", "Côte-d'Or"}, {"22", "Côtes-d'Armor"}, {"23", "Creuse"}, {"24", "Dordogne"},
	{"25", "Doubs"}, {"26", "Drôme"}, {"27", "Eure"}, {"28", "Eure-et-Loir"}, {"29", "Finistère"},
	{"30", "Gard"}, {"31", "Haute-Garonne"}, {"32", "Gers"}, {"33", "Gironde"}, {"34", "Hérault"},
	{"35", "Ille-et-Vilaine"}, {"36", "Indre"}, {"37", "Indre-et-Loire"}, {"38", "Isère"}, {"39", "Jura"},
	{"40", "Landes"}, {"41", "Loir-et-Cher"}, {"42", "Loire"}, {"43", "Haute-Loire"}, {"44", "Loire-Atlantique"},
	{"45", "Loiret"}, {"46", "Lot"}, {"47", "Lot-et-Garonne"}, {"48", "Lozère"}, {"49", "Maine-et-Loire"},
	{"50", "Manche"}, {"51", "Marne"}, {"52", "Haute-Marne"}, {"53", "Mayenne"}, {"54", "Meurthe-et-Moselle"},
	{"55", "Meuse"}, {"56", "Morbihan"}, {"57", "Moselle"}, {"58", "Nièvre"}, {"59", "Nord"},
	{"60", "Oise"}, {"61", "Orne"}, {"62", "Pas-de-Calais"}, {"63", "Puy-de-Dôme"}, {"64", "Pyrénées-Atlantiques"},
	{"65", "Hautes-Pyrénées"}, {"66", "Pyrénées-Orientales"}, {"67", "Bas-Rhin"}, {"68", "Haut-Rhin"}, {"69", "Rhône"},
	{"70", "Haute-Saône"}, {"71", "Saône-et-Loire"}, {"72", "Sarthe"}, {"73", "Savoie"}, {"74", "Haute-Savoie"},
	{"75", "Paris"}, {"76", "Seine-Maritime"}, {"77", "Seine-et-Marne"}, {"78", "Yvelines"}, {"79", "Deux-Sèvres"},
	{"80", "Somme"}, {"81", "Tarn"}, {"82", "Tarn-et-Garonne"}, {"83", "Var"}, {"84", "Vaucluse"},
	{"85", "Vendée"}, {"86", "Vienne"}, {"87", "Haute-Vienne"}, {"88", "Vosges"}, {"89", "Yonne"},
	{"90", "Territoire de Belfort"}, {"91", "Essonne"}, {"92", "Hauts-de-Seine"}, {"93", "Seine-Saint-Denis"}, {"94", "Val-de-Marne"},
	{"95", "Val-d'Oise"}, {"971", "Guadeloupe"}, {"972", "Martinique"}, {"973", "Guyane"}, {"974", "La Réunion"},
	{"976", "Mayotte"},
}

// DepartementName returns the name of a département code, "" if unknown.
func DepartementName(code string) string {
	for _, d := range departements {
		if d[0] == code {
			return d[1]
		}
	}
	return ""
}

// regions maps each region's folded name to its départements, for reading the territory of a
// local aid ("(Occitanie)", "Hauts-de-France").
var regions = []struct {
	name  string
	codes []string
}{
	{"auvergne-rhone-alpes", []string{"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"}},
	{"bourgogne-franche-comte", []string{"21", "25", "39", "58", "70", "71", "89", "90"}},
	{"bretagne", []string{"22", "29", "35", "56"}},
	{"centre-val de loire", []string{"18", "28", "36", "37", "41", "45"}},
	{"corse", []string{"2A", "2B"}},
	{"grand est", []string{"08", "10", "51", "52", "54", "55", "57", "67", "68", "88"}},
	{"hauts-de-france", []string{"02", "59", "60", "62", "80"}},
	{"ile-de-france", []string{"75", "77", "78", "91", "92", "93", "94", "95"}},
	{"normandie", []string{"14", "27", "50", "61", "76"}},
	{"nouvelle-aquitaine", []string{"16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"}},
	{"occitanie", []string{"09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"}},
	{"pays de la loire", []string{"44", "49", "53", "72", "85"}},
	{"provence-alpes-cote d'azur", []string{"04", "05", "06", "13", "83", "84"}},
	// Overseas collectivities outside the départements.
	{"saint-pierre-et-miquelon", []string{"975"}}, {"saint-barthelemy", []string{"977"}}, {"saint-martin", []string{"978"}},
	{"wallis-et-futuna", []string{"986"}}, {"polynesie francaise", []string{"987"}}, {"nouvelle-caledonie", []string{"988"}},
}

var (
	// localBody names a local institution whose territory is not otherwise told: a town, an
	// intercommunality, a local mission.
	localBody = regexp.MustCompile(`\b(?:ville|mairie|commune|ccas|cias) d(?:e |u |es |')|\bmetropole\b|\bcommunaute (?:d'agglomeration|de communes|urbaine)|\bagglomeration\b|\bmission locale d(?:e |u |es |')|\bpays de (?:[a-z-]+)\)|\bpole (?:d'equilibre territorial|metropolitain)\b|\bpetr\b|\bsyndicat (?:mixte|intercommunal|des mobilites|des transports)\b|\b[a-z-]+ mobilites?\)`)
	// placeContext is what makes an ambiguous département name ("Nord", "Somme", "Cher") a
	// place in a heading: parentheses, "département de", "CAF du", the body of a place ("centre
	// d'action sociale de Paris", "tribunal du Nord")…
	placeContext     = regexp.MustCompile(`(?:\(|\bdepartement (?:de |du |des |de la |de l')?|\bcaf (?:de |du |des |de la |de l')|\bdans l[ae] |\ben |\ba |\bville de |\bmairie de |\b(?:sociale?s?|centre|caisse|maison|conseil|office|agence|prefecture|tribunal|academie)(?: [a-z]+)? (?:de |du |de la |de l'))$`)
	depCodeInHeading = regexp.MustCompile(`\((0[1-9]|[1-8]\d|9[0-5]|2a|2b|97[1-6])\)`)
)

// PlaceOf reads the territory a heading or a title confines itself to: "Aide au permis
// (Département Yvelines)" → ["78"], "(Occitanie)" → its départements, "À Paris" → ["75"],
// "(Mission Locale de l'agglomération d'Hénin-Carvin)" → local, codes unknown. local is false
// for a heading that names no place.
func PlaceOf(heading string) (codes []string, local bool) {
	return PlaceOfFolded(Fold(heading))
}

// PlaceOfFolded is PlaceOf for a text the caller has folded (Fold).
func PlaceOfFolded(t string) (codes []string, local bool) {
	t = strings.ReplaceAll(t, "–", "-")
	if m := depCodeInHeading.FindStringSubmatch(t); m != nil {
		return []string{strings.ToUpper(m[1])}, true
	}
	if mayNamePlace(t) {
		if codes := namedPlace(t); codes != nil {
			return codes, true
		}
	}
	return nil, localBody.MatchString(t)
}

// namedPlace returns the codes of the region or département a folded text names, or nil.
func namedPlace(t string) []string {
	for _, r := range regions {
		for _, n := range []string{r.name, strings.ReplaceAll(r.name, "-", " ")} {
			if wordIndex(t, n) >= 0 {
				return r.codes
			}
		}
	}
	whole := strings.TrimSpace(t)
	for _, d := range depNames() {
		if whole == d.name {
			return []string{d.code} // a heading that is a département's name alone: "Vendée", "Paris"
		}
		for off := 0; off < len(t); {
			i := wordIndex(t[off:], d.name)
			if i < 0 {
				break
			}
			i += off
			off = i + len(d.name)
			// "Paris" and names that are also words ("Nord", "Somme") need a place's
			// context: "(Ville de Paris)", "À Paris", "(Département du Nord)".
			if (d.code == "75" || ambiguousDepName[d.name]) && !placeContext.MatchString(t[max(0, i-24):i]) {
				continue
			}
			return []string{d.code}
		}
	}
	return nil
}

// wordIndex returns where word stands in t as a whole word, or -1.
// placePrefixes are the first four letters (or fewer) of each word of the regions' and
// départements' folded names: a text with none of them names no place, which spares the
// planner a scan of every name in each sentence it reads.
var placePrefixes = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	add := func(name string) {
		for _, w := range strings.FieldsFunc(name, notLetter) {
			if len(w) >= 3 && !placeLinkWords[w] {
				m[w[:min(4, len(w))]] = true
			}
		}
	}
	for _, r := range regions {
		add(r.name)
	}
	for _, d := range depNames() {
		add(d.name)
	}
	return m
})

// placeLinkWords are the names' words every text has ("Seine-Saint-Denis", "Pays de la Loire",
// "Grand Est", "Pas-de-Calais", "Hauts-de-France"); each name keeps another word.
var placeLinkWords = map[string]bool{"les": true, "des": true, "sur": true, "val": true, "est": true, "pas": true, "sud": true, "france": true}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// mayNamePlace reports whether a folded text holds a word that begins like a place's name.
func mayNamePlace(t string) bool {
	p := placePrefixes()
	for _, w := range strings.FieldsFunc(t, notLetter) {
		if p[w[:min(4, len(w))]] {
			return true
		}
	}
	return false
}

func wordIndex(t, word string) int {
	for off := 0; ; {
		i := strings.Index(t[off:], word)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(word)
		if (i == 0 || !isWordByte(t[i-1])) && (end == len(t) || !isWordByte(t[end])) {
			return i
		}
		off = i + 1
	}
}
