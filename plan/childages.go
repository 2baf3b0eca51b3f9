package plan

import (
	"regexp"
	"strconv"
)

// A guide's instruction may be for a household's young children: "Pour les enfants de moins de
// six ans, orienter vers la PMI". It is for a note whose children are that young, or whose
// children's ages are not given; not for a mother of a boy of 14, nor for a young man of 17
// himself. The ages a note gives children are read here, on folded text.
var (
	// childrenUnderCond is the condition: "enfants de moins de six ans", "enfant de moins de 3 ans".
	childrenUnderCond = regexp.MustCompile(`\benfants? (?:de |ages? de |agees? de )?moins de (\d{1,2}|deux|trois|quatre|cinq|six|sept|huit|dix) ans\b`)
	// agedList is one age or a list of ages and its unit: "7 ans", "3 et 6 ans", "(2, 7 et 10
	// ans)", "8 mois".
	agedList = regexp.MustCompile(`(\d{1,2}(?:\s*(?:,|et)\s*\d{1,2})*)\s*(ans|mois)\b`)
	// durationBefore is what makes a number of years or months a duration or someone's past:
	// "depuis 2 ans", "il y a 3 mois", "pendant 14 mois", "après 12 ans là-bas", "plus de 6 mois".
	durationBefore = regexp.MustCompile(`(?:depuis|il y a|pendant|durant|apres|dans|sous|pour|en|de plus de|plus de|moins de|pres de|environ|a|au bout de|tous les|chaque|des|jusqu'a|jusqu'au|jusqu'aux|age de|l'age de)\s*$`)
	// durationAfter: "4 mois de loyer", "14 mois de prison", "2 ans de retard", "6 mois plus tard".
	durationAfter = regexp.MustCompile(`^\s*(?:de |d'|plus tard|apres|auparavant|avant|plus tot|en |a |au |sans |durant|que|qu'|ferme)`)
	// childBefore: the months of a child are written after the child ("son fils de 8 mois",
	// "Nolan, 4 mois", "bébé de 3 mois").
	childBefore = regexp.MustCompile(`(?:enfants?|enf\.|fils|filles?|bebes?|nourrissons?|garcons?|fillettes?|petite?s?|jumeaux|jumelles|[\pL-]+,)\s*(?:(?:ages?|agees?)\s+)?(?:de\s+|d'environ\s+)?\(?$`)
	// schoolAge is a class or school that tells a child's age without it: "deux enfants en
	// primaire" are six or more, "au collège" eleven or more, "Mathis (5e A)" a pupil's class.
	schoolAge = regexp.MustCompile(`\b(?:en primaire|a l'ecole primaire|a l'ecole elementaire|en elementaire|en (?:cp|ce1|ce2|cm1|cm2)|au college|en [3-6]e|au lycee|en seconde|en premiere|en terminale)\b|\((?:cp|ce1|ce2|cm1|cm2|[3-6]e|2nde?|1re|tle)\b`)
	// youngerThanSchool: what names a child too young for school.
	youngerThanSchool = regexp.MustCompile(`\b(?:en maternelle|a la maternelle|a la creche|en creche|chez (?:la|une|l') ?(?:nounou|assistante maternelle)|halte-garderie|petite section|moyenne section|grande section)\b`)
	// infant is a child under one the note names without an age.
	infant = regexp.MustCompile(`\b(?:bebes?|nourrissons?|nouveau-nes?|naissance|enceinte|grossesse|accouch\w*|maternite)\b`)
)

var number = regexp.MustCompile(`\d+`)

var numberWords = map[string]int{"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "dix": 10}

// childAges reads the ages in years (0 for months) a folded note gives anyone under 18, the
// person included (a young man of 17 is the household's child), and whether it names an infant.
func childAges(folded string) (ages []int, hasInfant bool) {
	hasInfant = infant.MatchString(folded)
	for _, m := range agedList.FindAllStringSubmatchIndex(folded, -1) {
		before := folded[max(0, m[0]-24):m[0]]
		after := folded[m[1]:min(len(folded), m[1]+14)]
		if durationBefore.MatchString(before) || durationAfter.MatchString(after) {
			continue
		}
		months := folded[m[4]:m[5]] == "mois"
		if months && !childBefore.MatchString(before) {
			continue // "4 mois" alone is a duration more often than a baby's age
		}
		for _, n := range number.FindAllString(folded[m[2]:m[3]], -1) {
			v, _ := strconv.Atoi(n)
			switch {
			case months && v < 24:
				ages = append(ages, 0)
			case !months && v < 18:
				ages = append(ages, v)
			}
		}
	}
	return ages, hasInfant
}

// fitsChildrenAge reports whether a sentence (folded) with a condition on children's age holds
// for the household the note describes: it does when the note names a child that young, or an
// infant, or gives no child's age at all and no class that tells it.
func (pe *person) fitsChildrenAge(folded string) bool {
	m := childrenUnderCond.FindStringSubmatch(folded)
	if m == nil {
		return true
	}
	limit, ok := numberWords[m[1]]
	if !ok {
		limit, _ = strconv.Atoi(m[1])
	}
	ages, hasInfant := childAges(pe.text)
	if hasInfant || pe.facts.Pregnant {
		return true
	}
	if len(ages) == 0 && !parentWords.MatchString(pe.text) {
		return false // no child at all, nor one expected
	}
	if len(ages) == 0 && onlyAdultChildren(pe.text) {
		return false // "leur fille de 19 ans vient de signer un CDI"
	}
	if len(ages) == 0 {
		// No age given: the class the children are in may tell it (six or more at school).
		return !schoolAge.MatchString(pe.text) || limit > 6 || youngerThanSchool.MatchString(pe.text)
	}
	for _, a := range ages {
		if a < limit {
			return true
		}
	}
	return false
}

// onlyAdultChildren says whether the children a folded note names are all given an age, of
// age, and it names one at least.
func onlyAdultChildren(folded string) bool {
	m := childAged.FindAllStringSubmatch(folded, -1)
	for _, c := range m {
		if n, _ := strconv.Atoi(c[1]); n < 18 {
			return false
		}
	}
	return len(m) > 0 && !parentWords.MatchString(childAged.ReplaceAllString(folded, ""))
}

// childAged is a child named with an age, folded ("sa fille lea, 22 ans").
var childAged = regexp.MustCompile(`\b(?:fils|filles?|enfants?)\b(?:\s+[\w.'-]+){0,3},?\s+(\d{1,2})\s*ans\b`)
