package situation

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Facts are what a situation's text states about the person, for eligibility: an age limit, a
// territory, studies. Zero values mean the text does not say.
type Facts struct {
	Age            int    `json:"age,omitempty"`             // years
	Pregnant       bool   `json:"pregnant,omitempty"`        // "enceinte", "grossesse"
	PregnancyMonth int    `json:"pregnancy_month,omitempty"` // "enceinte de 5 mois" → 5
	Student        bool   `json:"student,omitempty"`         // "étudiant(e)", in higher education
	Pupil          bool   `json:"pupil,omitempty"`           // "lycéen(ne)", "collégien(ne)"
	Apprentice     bool   `json:"apprentice,omitempty"`      // "apprenti(e)", "en alternance"
	Alone          bool   `json:"alone,omitempty"`           // lives alone, or brings up children alone
	Couple         bool   `json:"couple,omitempty"`          // "en couple", "marié(e)", "M. et Mme"
	Children       int    `json:"children,omitempty"`        // children in the household, when counted
	Household      string `json:"household,omitempty"`       // in words: "seule avec 2 enfants", "couple avec 3 enfants"
	Territory      string `json:"territory,omitempty"`       // département code: "93", "2A", "974"
}

var (
	// An age the text gives the person: "Mme K., 41 ans", "âgée de 67 ans", "jeune de 19
	// ans", "Lycéenne de 17 ans". Ages of others come after a possessive or a relative
	// ("sa fille de 9 ans", "2 enf. de 3 et 6 ans") and are left out, as are durations
	// ("depuis 2 ans", "il y a 3 ans", "après 20 ans dans", "15 ans de présence").
	ageRe        = regexp.MustCompile(`(\d{1,3})\s*ans\b`)
	coupleAgesRe = regexp.MustCompile(`^\W*(?:\S+\s+){0,6}?(?:m\.|mr|monsieur) et (?:mme|madame) [^,;]{0,30},\s*(\d{2,3}) et (\d{2,3}) ans\b`)
	agePhraseRe  = regexp.MustCompile(`(?:^|[\s,(])agee?s?\s+de\s+(\d{1,3})\s*ans\b`) // not "depuis l'âge de 15 ans"
	bornRe       = regexp.MustCompile(`\bnee?s?\s+en\s+((?:19|20)\d\d)\b`)
	pregnantRe   = regexp.MustCompile(`\b(?:enceinte|grossesse)\b(?:\s+de\s+(\d)\s*mois)?`)
	pregnancyRe  = regexp.MustCompile(`\b(\d)\s*(?:e|eme)?\s*mois\s+de\s+grossesse\b`)
	studentRe    = regexp.MustCompile(`\betudiante?s?\b|\ben (?:licence|master|bts|but|iut|fac|faculte)\b|\bboursiere? du crous\b`)
	pupilRe      = regexp.MustCompile(`\b(?:lyceen(?:ne)?s?|collegien(?:ne)?s?|eleve de (?:\d|seconde|premiere|terminale))\b`)
	apprentiRe   = regexp.MustCompile(`\b(?:apprentie?s?|en alternance|contrat d'apprentissage)\b`)
	aloneRe      = regexp.MustCompile(`\b(?:vit seule?|seule? avec|isolee?|mere isolee|pere isole|parent isole|celibataire|veuve?|separee?|divorcee?|seule?,|seule?\.|seule?$|elevant seule?|eleve seule? )`)
	coupleRe     = regexp.MustCompile(`\b(?:en couple|couple|mariee?s?|pacsee?s?|concubin(?:e|age)?|m\. et mme|mme et m\.|monsieur et madame|son conjoint|sa conjointe|son mari|sa femme|son epouse|son epoux|son compagnon|sa compagne)\b`)
	childrenRe   = regexp.MustCompile(`\b(\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit)\s+(?:enf(?:ants?|\.|\b)|fils|filles)`)
	oneChildRe   = regexp.MustCompile(`(?:\b(?:son|sa|leur|un|une)|\bd'un|\bd'une) (?:bebe|nourrisson|enfant|fils|fille|garcon|collegienne?|lyceenne?)\b|\b1er enfant\b`)
	depCodeRe    = regexp.MustCompile(`\b(?:dans le|departement|dept\.?|dpt\.?)\s+((?:0[1-9]|[1-8]\d|9[0-5])|2a|2b|97[1-46])\b|\(((?:0[1-9]|[1-8]\d|9[0-5])|2a|2b|97[1-46])\)`)
)

// ageAbbreviated is an age written short, as an evaluator's notes do ("Mme Lopez, 82 a., GIR
// 4") or a nurse's, without the dot ("M. T. Kévin, 19 a, vu pour entorse"): read as "82 ans".
// Batch AI wrote 25 ages so, none read before; batch BJ 24 without the dot. Without the dot,
// only before a comma, a semicolon or a bracket: folded, "de 3 à 6 ans" is "de 3 a 6 ans".
var ageAbbreviated = regexp.MustCompile(`\b(\d{1,3}) a(?:\.([\s,;)]|$)|([,;)]))`)

var numberWords = map[string]int{"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8}

// ReadFacts reads the facts a situation states. year is the current year, used for "né en
// 2004"; 0 leaves such ages out.
func ReadFacts(text string, year int) Facts {
	f := Facts{}
	t := ageAbbreviated.ReplaceAllString(Fold(text), "$1 ans$2$3")
	f.Age = ageOf(t, year)
	if m := pregnantRe.FindStringSubmatch(t); m != nil {
		f.Pregnant = true
		if m[1] != "" {
			f.PregnancyMonth, _ = strconv.Atoi(m[1])
		}
	}
	if m := pregnancyRe.FindStringSubmatch(t); m != nil {
		f.Pregnant = true
		f.PregnancyMonth, _ = strconv.Atoi(m[1])
	}
	f.Student = studentRe.MatchString(t)
	f.Pupil = pupilRe.MatchString(t)
	f.Apprentice = apprentiRe.MatchString(t)
	// Living alone wins over a spouse the text mentions: "vit seule depuis le décès de son
	// mari", "séparée de son conjoint".
	f.Alone = livesAlone(t)
	f.Couple = !f.Alone && coupleRe.MatchString(t)
	f.Children = childrenOf(t)
	f.Household = household(f)
	f.Territory = territoryOf(t)
	return f
}

// ageOf returns the person's age in a folded text, 0 if it does not say.
func ageOf(t string, year int) int {
	if m := agePhraseRe.FindStringSubmatch(t); m != nil {
		if n, _ := strconv.Atoi(m[1]); n > 0 && n <= 120 {
			return n
		}
	}
	// A couple's ages given together ("M. et Mme O., 68 et 66 ans"): the younger's, under which
	// both are (an age-bound right, the old-age minimum or the APA, holds for both from there).
	if m := coupleAgesRe.FindStringSubmatch(t); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a > 0 && b > 0 && a <= 120 && b <= 120 {
			return min(a, b)
		}
	}
	for _, loc := range ageRe.FindAllStringSubmatchIndex(t, -1) {
		n, _ := strconv.Atoi(t[loc[2]:loc[3]])
		if n <= 0 || n > 120 {
			continue
		}
		before := t[max(0, loc[0]-40):loc[0]]
		after := t[loc[1]:min(len(t), loc[1]+25)]
		if openingChild.MatchString(before) {
			// "Enfant de 7 ans, diagnostic de TSA…": the note is about the child, whose age
			// is the one benefits' ages are read against (an adult's allowance is not for
			// them).
			return n
		}
		if notPersonAge(before, after) || n < 16 && adultNamed.MatchString(t[:loc[0]]) {
			continue
		}
		// The person's age opens the text ("Mme K., 41 ans"), follows their title ("Je vous
		// adresse M. 59 ans", after a long opening) or qualifies the person ("jeune de 19 ans",
		// "étudiant de 21 ans"); an age deep in the text is someone else's.
		if loc[0] < 60 || personBefore.MatchString(before) {
			return n
		}
	}
	if year > 0 {
		if m := bornRe.FindStringSubmatch(t); m != nil {
			if y, _ := strconv.Atoi(m[1]); y <= year && year-y <= 120 {
				return year - y
			}
		}
	}
	return 0
}

var (
	// Words before "N ans" that make it someone else's age or a duration.
	otherBefore = regexp.MustCompile(`(?:\b(?:sa|son|ses|leur|leurs|des|les|aux|d'un|d'une)\s+(?:\S+\s+){0,2}(?:enfants?|fils|filles?|garcons?|bebes?|petits?-enfants?|mere|pere|parents?|mari|femme|epouse|epoux|conjoint|conjointe|compagnon|compagne|frere|soeur|neveu|niece|collegienne|collegien|lyceenne|lyceen)\s+(?:de\s+)?(?:\d{1,2}\s*(?:,|et|a)\s*)*$|\benf(?:ants?|\.)?\s*,?\s*(?:de\s+|environ\s+)?(?:\d{1,2}\s*(?:,|et|a)\s*)*$|\b(?:depuis|il y a|pendant|apres|durant|dans|avant|de plus de|de moins de|moins de|plus de|jusqu'a|a partir de|pour)\s+$|\b\d{1,2}\s*(?:,|et|a)\s*$)`)
	otherAfter  = regexp.MustCompile(`^\s*(?:de (?:presence|mariage|vie commune|travail|cotisation|carriere|anciennete)|dans (?:la|le|l'|une|un)|d'anciennete|d'experience|plus tard|apres|auparavant)`)
	// A note that opens on a child is about that child: "Enfant de 7 ans", "Bébé de 18 mois",
	// "Ado de 15 ans". A possessive before it ("Sa fille de 9 ans") makes it someone else's.
	openingChild = regexp.MustCompile(`^\s*(?:(?:un|une|l')\s*)?(?:enfant|bebe|nourrisson|ado|adolescente?|fillette|petite? (?:fille|garcon))\s+(?:\S+\s+){0,1}de\s+$`)
	personBefore = regexp.MustCompile(`\b(?:jeune|homme|femme|fille|garcon|mineure?|majeure?|etudiante?|lyceenne?|collegienne?|apprentie?|personne|monsieur|madame|mme|m\.|mr|senior|retraitee?|veuve?|mere|pere|salariee?)\s+(?:\S+\s+){0,2}de\s+$|,\s*$|^\s*$|\b(?:m\.|mme|mr|mlle|monsieur|madame)\s+(?:[a-z]{1,3}\.?,?\s+)?$`)
)

// adultNamed is an adult a note names before a child's age ("Famille K. (M., Mme, Ryan 7 ans",
// "Mme Z. Sarah avec Nathan 3 ans", "Mme J. Kelly, 3 enfants (7 ans"): the person is that adult,
// and an age under 16 after it is a child's. Read as the person's, it made a mother of three a
// minor, and her children's lack of food a child in danger (batches AB, AC).
var adultNamed = regexp.MustCompile(`(?:^|[^a-z])(?:mme|madame|monsieur|m\.|mr|famille|couple|parents)(?:$|[^a-z])`)

func notPersonAge(before, after string) bool {
	return otherBefore.MatchString(before) || otherAfter.MatchString(after)
}

// livesAlone reports whether a folded text says the person lives alone. "Divorcé" is the
// person's state; "en plein divorce", "son divorce" is a proceeding, often someone else's ("leur
// fils vit à Grenoble, en plein divorce").
func livesAlone(t string) bool {
	for _, loc := range aloneRe.FindAllStringIndex(t, -1) {
		if strings.HasPrefix(t[loc[0]:], "divorce") && !strings.HasPrefix(t[loc[0]:], "divorcee") && divorceNoun.MatchString(t[max(0, loc[0]-16):loc[0]]) {
			continue
		}
		if leftAlone.MatchString(t[max(0, loc[0]-16):loc[0]]) {
			continue // "je ne peux plus la laisser seule", "venue seule": a moment, not a household
		}
		return true
	}
	return false
}

var leftAlone = regexp.MustCompile(`\b(?:laisser|laisse|laissee?|venue?|passee?|recue?|arrivee?|presentee?)\s+(?:\w+\s+)?$`)

var divorceNoun = regexp.MustCompile(`(?:son|sa|leur|un|le|du|en plein|en cours de|procedure de|depuis son|apres son)\s+$`)

func childrenOf(t string) int {
	best := 0
	for _, m := range childrenRe.FindAllStringSubmatchIndex(t, -1) {
		if outOfHousehold(t[m[1]:]) {
			continue
		}
		n, err := strconv.Atoi(t[m[2]:m[3]])
		if err != nil {
			n = numberWords[t[m[2]:m[3]]]
		}
		if n > best && n <= 20 {
			best = n
		}
	}
	if best == 0 {
		for _, m := range oneChildRe.FindAllStringIndex(t, -1) {
			if !outOfHousehold(t[m[1]:]) {
				return 1
			}
		}
	}
	return best
}

// outOfHousehold reports whether what follows a child's mention places the child outside the
// household: where the child lives, when it is not with the person ("sa fille habite à Lyon",
// "ses enfants vivent à l'étranger", "son fils vit chez son père"), or a grown child's age ("son
// fils de 45 ans"). A child who lives with the person is not said to live elsewhere ("deux
// enfants vivent au domicile", "vit avec elle", "vit chez elle").
func outOfHousehold(after string) bool {
	clause := after
	if i := strings.IndexAny(clause, ".;!?"); i >= 0 {
		clause = clause[:i]
	}
	if grownChild.MatchString(clause) {
		return true
	}
	m := livesWhere.FindStringSubmatch(clause)
	if m == nil {
		return false
	}
	switch where, next := m[1], m[2]; where {
	case "loin", "hors", "ailleurs":
		return true
	case "chez":
		return !withPerson[next]
	case "avec":
		return false
	default: // a, au, aux, en, dans
		return !atHome[next]
	}
}

var (
	// livesWhere finds where a child lives, a few words after its mention: the word that says
	// where, and the next.
	livesWhere = regexp.MustCompile(`^[^,]{0,30}?\b(?:habite|habitent|vit|vivent|reside|resident|demeure|demeurent|est installee?|sont installee?s)\s+(loin|hors|ailleurs|chez|avec|a|au|aux|en|dans)\b\s*([\p{L}'-]*)`)
	grownChild = regexp.MustCompile(`^\s*(?:\S+\s+)?(?:de|agee?s? de)\s+(?:2[1-9]|[3-9]\d)\s+ans\b`)
	withPerson = map[string]bool{"elle": true, "lui": true, "eux": true, "nous": true, "moi": true}
	atHome     = map[string]bool{"domicile": true, "la": true, "maison": true}
)

func household(f Facts) string {
	kids := ""
	switch {
	case f.Children == 1:
		kids = " avec 1 enfant"
	case f.Children > 1:
		kids = " avec " + strconv.Itoa(f.Children) + " enfants"
	}
	switch {
	case f.Couple:
		return "couple" + kids
	case f.Alone && kids != "":
		return "parent seul" + kids
	case f.Alone:
		return "personne seule"
	case kids != "":
		return "foyer" + kids
	}
	return ""
}

// depNames are the départements' folded names, longest first so that "haute-savoie" is tried
// before "savoie", with their code.
var depNames = sync.OnceValue(func() []struct{ name, code string } {
	var out []struct{ name, code string }
	for _, d := range departements {
		n := Fold(d[1])
		out = append(out, struct{ name, code string }{n, d[0]})
		if strings.Contains(n, "-") {
			out = append(out, struct{ name, code string }{strings.ReplaceAll(n, "-", " "), d[0]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].name) > len(out[j].name) })
	return out
})

// territoryOf returns the département a folded text names, by code after "dans le", "du",
// "(", or by name.
func territoryOf(t string) string {
	if m := depCodeRe.FindStringSubmatch(t); m != nil {
		return strings.ToUpper(m[1] + m[2])
	}
	for _, d := range depNames() {
		if i := strings.Index(t, d.name); i >= 0 {
			end := i + len(d.name)
			if (i == 0 || !isWordByte(t[i-1])) && (end == len(t) || !isWordByte(t[end])) {
				if d.code == "75" && !parisContext(t, i) {
					continue
				}
				if ambiguousDepName[d.name] && !departementContext(t, i) {
					continue
				}
				return d.code
			}
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c >= 0x80
}

// Names that are also common words or first names ("Nord", "Var", "Cher", "Lot", "Manche",
// "Marne"…) count only after "dans le", "du", "en", "département".
var ambiguousDepName = map[string]bool{
	"nord": true, "var": true, "cher": true, "lot": true, "manche": true, "marne": true, "loire": true,
	"ain": true, "aube": true, "orne": true, "eure": true, "indre": true, "tarn": true, "gard": true,
	"somme": true, "vienne": true, "meuse": true, "oise": true, "aude": true, "gers": true, "doubs": true,
	"jura": true, "savoie": true, "creuse": true, "landes": true, "allier": true, "rhone": true, "yonne": true,
	"vendee": true, "charente": true, "sarthe": true, "mayenne": true, "loiret": true, "cantal": true,
}

var depContextRe = regexp.MustCompile(`(?:dans l[ae]|dans les|du|de la|de l'|en|departement(?: de| du| de la)?|dpt)\s*$`)

func departementContext(t string, i int) bool {
	return depContextRe.MatchString(t[max(0, i-16):i])
}

// "Paris" names the département when the person lives there: "à Paris", "sur Paris".
func parisContext(t string, i int) bool {
	before := t[max(0, i-12):i]
	return strings.HasSuffix(before, "a ") || strings.HasSuffix(before, "sur ") || strings.HasSuffix(before, "vit ") || strings.HasSuffix(before, "(")
}
