package pseudonym

import (
	"strings"
	"unicode/utf8"
)

// The contexts the name rules ask about: what stands before or after a word.

// lowerStyle says the writer does not capitalize: most sentences start in lower case.
func lowerStyle(toks []token) bool {
	starts, lower := 0, 0
	for _, t := range toks {
		if t.kind == tWord && t.sentStart {
			starts++
			if !t.cap {
				lower++
			}
		}
	}
	return starts >= 2 && lower*2 >= starts
}

// isCivility says whether toks[i] is a civility that introduces a name (M. Dupont, Mme Martin).
func isCivility(toks []token, i int) bool { _, ok := civilityAt(toks, i); return ok }

// civilityAt is isCivility, and returns the index of the token after the civility (past its
// period).
func civilityAt(toks []token, i int) (next int, ok bool) {
	t := toks[i]
	if t.kind != tWord {
		return 0, false
	}
	if _, ok := civilities[t.fold]; !ok {
		return 0, false
	}
	j := i + 1
	dot := j < len(toks) && toks[j].text == "." && toks[j].start == t.end
	if dot {
		j++
	}
	if j >= len(toks) || toks[j].nlBefore && !dot {
		return 0, false
	}
	if has(weakCivilities, t.fold) {
		// "M", "Me", "Dr": only capitalized and followed by a capitalized word or an initial.
		if !t.cap || toks[j].kind != tWord || !(toks[j].cap || toks[j].upper) {
			return 0, false
		}
		if t.fold == "m" && !dot {
			return 0, false
		}
	}
	return j, true
}

// coordinated: the word follows a name and "et" or a comma, or "chez les".
func (f *nameFinder) coordinated(i int) bool {
	toks := f.toks
	if i >= 2 && (toks[i-1].fold == "et" || toks[i-1].text == ",") && f.name[i-2] && !toks[i].nlBefore {
		return true
	}
	return i >= 2 && toks[i-1].fold == "les" && toks[i-2].fold == "chez"
}

// titleCase: the word comes after a capitalized ordinary word, as in a heading or the name of a
// thing ("Numéro Fictif Tacite", "Projet Insertion Emploi"). A capitalized word after it proves
// nothing: surnames are often ordinary words (Aurélie Brun).
func (f *nameFinder) titleCase(i int) bool {
	j := i - 1
	if j < 0 || f.toks[i].nlBefore || f.toks[j].kind != tWord || !f.toks[j].cap || f.toks[j].upper {
		return false
	}
	c := f.class(j)
	return c.word && !c.firstName && !isCivility(f.toks, j) && !(f.toks[j].sentStart && has(closedClass, f.toks[j].fold))
}

func (f *nameFinder) afterSaint(i int) bool {
	if i >= 2 && f.toks[i-1].text == "-" {
		i-- // Saint- Martin
	}
	if i == 0 || f.toks[i-1].kind != tWord {
		return false
	}
	switch f.toks[i-1].fold {
	case "saint", "sainte", "st", "ste":
		return true
	}
	return false
}

// apposition: the word is followed by an age, a birth or a kinship: "Léa (8 ans)", "Tom, 5 ans",
// "Lucas, né le", "Amina, sa fille".
func (f *nameFinder) apposition(i int) bool {
	toks := f.toks
	j := i + 1
	if j >= len(toks) || !(toks[j].text == "(" || toks[j].text == ",") || toks[j].nlBefore {
		return false
	}
	j++
	if j+1 < len(toks) && toks[j].kind == tNumber && len(toks[j].text) <= 3 && (toks[j+1].fold == "ans" || toks[j+1].fold == "an" || toks[j+1].fold == "mois") {
		return true
	}
	if j < len(toks) && (toks[j].fold == "ne" || toks[j].fold == "nee") {
		return true
	}
	if j+1 < len(toks) && (toks[j].fold == "sa" || toks[j].fold == "son") {
		_, ok := roles[toks[j+1].fold]
		return ok
	}
	return false
}

// afterPlaceWord says whether toks[i] follows a word that announces a place: à Seynod, en
// Guinée, la mairie de Cluses, le CCAS d'Annecy.
func (f *nameFinder) afterPlaceWord(i int) bool {
	toks := f.toks
	if i == 0 || toks[i-1].kind != tWord {
		return false
	}
	prev := toks[i-1].fold
	if has(placePrepositions, prev) {
		return true
	}
	if prev == "de" || prev == "d'" || prev == "du" || prev == "des" {
		if i < 2 {
			return false
		}
		h := i - 2
		if toks[h].kind == tWord && (toks[h].fold == "la" || toks[h].fold == "l'") && h > 0 {
			h--
		}
		head := toks[h]
		if head.kind != tWord {
			return false
		}
		if _, ok := roles[head.fold]; ok {
			return false
		}
		if has(placeNouns, head.fold) || head.protected || head.upper {
			return true
		}
		// An unknown word after "de" is a place unless it is a first name.
		return !f.class(i).firstName
	}
	return false
}

// afterPersonWord: a preposition that governs people rather than places: avec Florence, chez Nancy.
func (f *nameFinder) afterPersonWord(i int) bool {
	if i == 0 || f.toks[i-1].kind != tWord {
		return false
	}
	switch f.toks[i-1].fold {
	case "avec", "chez", "par", "pour", "et", "contre", "appelle", "appele", "appelee", "prenomme", "prenommee":
		return true
	}
	return false
}

// aloneInParentheses: "(Ata)", the short form after its spelled-out name.
func (f *nameFinder) aloneInParentheses(i int) bool {
	return i > 0 && i+1 < len(f.toks) && f.toks[i-1].text == "(" && f.toks[i+1].text == ")"
}

func (f *nameFinder) afterDeterminer(i int) bool {
	return i > 0 && f.toks[i-1].kind == tWord && has(determiners, f.toks[i-1].fold)
}

// nextIsSurname: the next word is capitalized and may be a surname (Rose Martin).
func (f *nameFinder) nextIsSurname(i int) bool {
	j := i + 1
	if j >= len(f.toks) || !f.nameLike(j) || f.toks[j].nlBefore {
		return false
	}
	c := f.class(j)
	return !c.place || c.firstName
}

// subjectFollows: the next word is a verb or a clitic, as after the subject of a sentence:
// "Traoré ne s'est pas présenté", "Rose explique".
func (f *nameFinder) subjectFollows(i int) bool {
	j := i + 1
	if j >= len(f.toks) || f.toks[j].kind != tWord || f.toks[j].nlBefore || f.toks[j].cap {
		return false
	}
	fold := f.toks[j].fold
	if has(afterSubject, fold) {
		return true
	}
	// A finite verb, not a participle: "Rose explique", but not "Don effectué".
	w := f.toks[j].text
	if strings.HasSuffix(w, "é") || strings.HasSuffix(w, "ée") || strings.HasSuffix(w, "és") || strings.HasSuffix(w, "ées") {
		return false
	}
	return !f.class(j).word && f.isVerb(j)
}

// upperFollows: the next word is in capitals, a surname after a first name (Ioana CHARPENTIER).
func (f *nameFinder) upperFollows(i int) bool {
	j := i + 1
	if j >= len(f.toks) || !f.toks[j].upper || !f.usable(j) || f.toks[j].nlBefore {
		return false
	}
	return utf8.RuneCountInString(f.toks[j].text) >= 3 && strings.ContainsAny(f.toks[j].fold, "aeiouy")
}

// verbFollows is subjectFollows without the articles: after a sentence-initial word that is no
// first name, "l'" and "les" more often make an imperative ("Prenons l'exemple").
func (f *nameFinder) verbFollows(i int) bool {
	j := i + 1
	if j >= len(f.toks) {
		return false
	}
	switch f.toks[j].fold {
	case "l'", "la", "le", "les", "en", "et", "qui", "lui", "leur", "nous", "vous", "y":
		return false
	}
	return f.subjectFollows(i)
}
