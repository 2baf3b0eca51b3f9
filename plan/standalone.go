package plan

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A step is read out of its text: the caseworker sees the sentence, its document and its
// headings, not the lines around it. A sentence that only means something with those lines is
// not a step, however well its words match the case (docs/plans.md, fifth round):
//
//   - an item of a list whose announcement is a condition or a description: "Vous refusez de
//     vous soumettre aux contrôles prévus." under "Le RSA peut être suspendu dans les cas
//     suivants :", "Soutenir le jeune dans sa recherche d'emploi" under "La mission locale offre
//     les services suivants :", "Toucher une pension alimentaire…" under "Conditions :";
//   - a line of the text that is a heading: "Accompagner le mineur aux auditions" above the
//     paragraph that says what the adult may do;
//   - the end of a sentence cut by the layout, which opens in lower case: "obtenu dans l'année au
//     moins équivalent au grade de master…";
//   - a consequence or a continuation of the sentence before: "Vous serez alors classé dans la
//     catégorie 4…", "Ce document vous permet de séjourner…", "De plus, un rendez-vous doit vous
//     être proposé…", "Pour le savoir, il convient de se renseigner…" (what "it" is lies in the
//     sentence before).
//
// Items of a list announced as something to do ("Vous devez fournir :", "Étapes :") and the
// items of a guide's own lists stay steps.
func standsAlone(text string, start, end int) bool {
	sentence := text[start:end]
	folded := fold(sentence)
	r, _ := utf8.DecodeRuneInString(sentence)
	lineStart, lineEnd := lineBounds(text, start)
	atLineStart := strings.TrimSpace(text[lineStart:start]) == "" || listMarker.MatchString(text[lineStart:start])
	if unicode.IsLower(r) && !atLineStart {
		return false // the end of a sentence cut in two
	}
	if consequence.MatchString(folded) || labelValue.MatchString(strings.TrimSpace(folded)) {
		return false
	}
	if !atLineStart {
		return true
	}
	ann, ok, colon := announcement(text, lineStart)
	if unicode.IsLower(r) && !colon {
		return false // a line broken by the layout, its beginning on the line before
	}
	if ok && !colon {
		// A heading without its colon announces items, which have no final stop; a sentence
		// that ends with one is prose under that heading.
		line := strings.TrimSpace(text[lineStart:lineEnd])
		ok = line != "" && !strings.ContainsAny(line[len(line)-1:], ".!?;")
	}
	if ok {
		// The catalogs list how to apply among the conditions ("Conditions : … Faire votre
		// demande auprès de votre Mission Locale"): that item is a step wherever it is listed.
		return announcesSteps(ann) || applies.MatchString(folded)
	}
	return !textHeading(text, lineStart, lineEnd, start, end, true)
}

// isHeading reports whether a sentence (folded) is one of its section's headings (folded by
// foldHeadings) repeated in the text ("Elle est versée au locataire", the label of a fiche's
// variant): the step would be the variant's name, not what to do in it.
func isHeading(folded string, headings []string) bool {
	f := strings.TrimRight(strings.TrimSpace(folded), ".")
	for _, h := range headings {
		if h == f {
			return true
		}
	}
	return false
}

// foldHeadings folds a section's headings for isHeading and contraindicated, once a passage.
func foldHeadings(path []string) []string {
	out := make([]string, len(path))
	for i, h := range path {
		out[i] = strings.TrimRight(fold(strings.TrimSpace(h)), ".")
	}
	return out
}

// consequence opens a sentence that follows from the one before it: "Vous serez alors…",
// "Il est alors…", "Ce document…", "Cette démarche…", "Dans ce cas,…", "De plus,…", "Pour le
// savoir,…". "Toutefois" and "Ensuite" open a sentence that still says whom and what it is about
// ("Toutefois, après 121 jours de chômage, vous pouvez demander…") and stay. "Ce qui", "ce que" and
// "cela" open nothing of the kind in the doctrine's instructions and are left to anaphoric.
var consequence = regexp.MustCompile(`^(?:(?:vous|il|elle|ils|elles|on)\s+(?:\S+\s+){0,2}?alors\b|(?:ce|cet|cette|ces)\s+(?:document|demarche|aide|allocation|dispositif|formulaire|delai|montant|droit|contrat|dossier|titre|recepisse|attestation|carte|versement|prestation|pret|somme|mesure|procedure|justificatif|certificat|avis|courrier|decision|conge)s?\b|dans ce cas\b|dans cette situation\b|(?:de plus|en outre|par ailleurs|pour le savoir|pour cela|pour ce faire|a cet effet|dans ce cadre),)`)

// applies names a way to ask for a right: a request, a form, an office to contact.
var applies = regexp.MustCompile(`\b(?:demande|deposer|adresser|adressez|contacter|contactez|appeler|appelez|s'inscrire|inscrivez|prendre rendez-vous|formulaire|teleservice)\b`)

// labelValue is a line of a table or a list of documents, a label and its value with no verb
// and no final period: "Timbre fiscal : 30 € ( achat en ligne )", "Délai : 2 mois".
var labelValue = regexp.MustCompile(`^[\p{L}'’ -]{2,30} : [^.!?]*[^.!?;\s]$`)

// lineBounds returns the line of text holding offset i.
func lineBounds(text string, i int) (int, int) {
	s := strings.LastIndexByte(text[:i], '\n') + 1
	e := strings.IndexByte(text[i:], '\n')
	if e < 0 {
		return s, len(text)
	}
	return s, i + e
}

// announcement finds the line announcing the list whose item starts at lineStart: the nearest
// line above, in the same block of lines (no blank line between), that ends with ":". A block
// without such a line is prose, not a list.
func announcement(text string, lineStart int) (ann string, ok, colon bool) {
	// heading is the nearest line above that reads as a heading without its colon; a colon
	// further up still wins ("… dans les cas suivants :" above items that do not read as
	// instructions).
	heading := ""
	end := lineStart - 1 // the '\n' before the line
	for k := 0; end > 0 && k < 30; k++ {
		s := strings.LastIndexByte(text[:end], '\n') + 1
		line := strings.TrimSpace(text[s:end])
		if line == "" {
			break
		}
		if strings.HasSuffix(line, ":") {
			return strings.TrimSpace(strings.TrimSuffix(line, ":")), true, true
		}
		if strings.ContainsAny(line[len(line)-1:], ".!?") {
			// A list's items before its last have no final stop in the doctrine's layout; a
			// line with one is prose, and the list, if any, ended above it.
			break
		}
		if s > 0 && textHeading(text, s, end, s, end, false) && paragraph(text, end+1) {
			break // a heading of the text opens a new part: the lines below are prose
		}
		if heading == "" && utf8.RuneCountInString(line) <= 90 && actionability(line) < 0.5 {
			// A heading without its colon above items: "Activités corporelles et mentales"
			// above "Se lever, se coucher, s'asseoir…" (the items are instructions in shape,
			// their heading is not).
			heading = line
		}
		end = s - 1
	}
	return heading, heading != "", false
}

// announcesSteps reports whether a list's announcement makes its items things to do: an
// instruction ("Vous devez fournir les pièces suivantes", "Le travailleur social doit") or a bare
// label ("Étapes", "À faire", "Démarches"), not a condition ("Conditions", "dans les cas
// suivants", "si…") nor a description ("La mission locale offre les services suivants").
func announcesSteps(ann string) bool {
	f := fold(ann)
	if conditionList.MatchString(f) {
		return false
	}
	if actionability(ann) >= 0.5 || actionLabel.MatchString(f) {
		return true
	}
	return len(strings.Fields(f)) <= 3
}

// actionLabel names a list of things to do: "Les démarches à effectuer", "Marche à suivre".
var actionLabel = regexp.MustCompile(`\b(?:demarches?|etapes?|a faire|que faire|marche a suivre|actions?|procedure a suivre|comment (?:faire|proceder|demander|obtenir))\b`)

var conditionList = regexp.MustCompile(`(?:^|\b)(?:conditions?|criteres?|cas suivants|situations suivantes|qui est concerne|beneficiaires|sanctions?|montants?|exceptions?|pieces? a fournir|justificatifs?)\b|^(?:si|lorsque|lorsqu'|quand|en cas d|vous devez remplir|il faut remplir|vous ne devez pas|ne pas)\b`)

// paragraph reports whether the line at i is prose of more than one sentence, as under a
// heading, not one more item of a list.
func paragraph(text string, i int) bool {
	s, e := lineBounds(text, i)
	line := strings.TrimSpace(text[s:e])
	stop := strings.IndexAny(line, ".!?")
	return stop > 0 && stop < len(line)-1 && strings.TrimSpace(line[stop+1:]) != ""
}

// textHeading reports whether the sentence is a whole line of the text that reads as a
// heading: short, with no final punctuation, above a longer line of prose that develops it.
// cut accepts a long line below without a final stop, a paragraph the layout cut; a list's
// items are often such lines, so the search for a list's announcement does not.
func textHeading(text string, lineStart, lineEnd, start, end int, cut bool) bool {
	line := strings.TrimSpace(text[lineStart:lineEnd])
	if strings.TrimSpace(text[start:end]) != line || utf8.RuneCountInString(line) > 90 || strings.ContainsAny(line[len(line)-1:], ".!?;:)") {
		return false
	}
	if lineEnd >= len(text) {
		return false
	}
	ns, ne := lineBounds(text, lineEnd+1)
	next := strings.TrimSpace(text[ns:ne])
	if next == "" {
		return false
	}
	// The paragraph may itself be cut by the layout: a long line needs no final stop.
	n := utf8.RuneCountInString(next)
	return n > utf8.RuneCountInString(line) && (cut && n > 80 || strings.ContainsAny(next[len(next)-1:], ".!?;:")) && !listMarker.MatchString(next)
}
