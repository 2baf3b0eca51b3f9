package pseudonym

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The synthetic stress test puts each of 200 frequent surnames (many of them French words,
// first names or places) into a dozen phrasings of case notes, each sentence alone, so that no
// propagation helps. It measures how the rules cope with the surface forms of names in contexts
// they were written for; the labelled notes measure the contexts themselves.

var syntheticTemplates = []string{
	"Mme {S} est venue ce matin avec son fils.",
	"Entretien avec M. {F} {S} au sujet de sa dette de loyer.",
	"{F} {S}, 34 ans, demande un logement social.",
	"La mère, Mme {F} {S}, est injoignable depuis lundi.",
	"Le père des enfants, {F} {S}, vit à Lyon.",
	"Nom : {U}\nPrénom : {F}\nSituation : en recherche d'emploi.",
	"Sa fille {F} est scolarisée en CM2 à Annecy.",
	"{F} {U} a rappelé le service pour le dossier CAF.",
	"Rencontre avec Monsieur {U} et sa compagne {G}.",
	"Visite à domicile : {F} {S} était absent, sa sœur {G} a ouvert.",
	"Rédigé par {F} {S}, assistante sociale.",
	"Le Dr {S} a prescrit un arrêt de travail.",
}

func syntheticNames(t *testing.T) (surnames, firsts []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "synthetic-names.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var cur *[]string
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "#"):
		case l == "[surnames]":
			cur = &surnames
		case l == "[firstnames]":
			cur = &firsts
		case cur != nil:
			*cur = append(*cur, strings.Fields(l)...)
		}
	}
	return surnames, firsts
}

// fill writes a template with names and returns the note and its planted names.
func fill(tpl, surname, first, second string) note {
	n := note{allow: map[string]bool{}}
	var b strings.Builder
	for i := 0; i < len(tpl); {
		if tpl[i] == '{' && i+2 < len(tpl) && tpl[i+2] == '}' {
			v := map[byte]string{'S': surname, 'U': strings.ToUpper(surname), 'F': first, 'G': second}[tpl[i+1]]
			n.gold = append(n.gold, planted{kind: 'P', start: b.Len(), end: b.Len() + len(v), text: v})
			b.WriteString(v)
			i += 3
			continue
		}
		b.WriteByte(tpl[i])
		i++
	}
	// "{F} {S}" is one name.
	var merged []planted
	for _, g := range n.gold {
		if k := len(merged) - 1; k >= 0 && merged[k].end+1 == g.start {
			merged[k].end = g.end
			merged[k].text += " " + g.text
			continue
		}
		merged = append(merged, g)
	}
	n.gold = merged
	n.text = b.String()
	return n
}

func TestSyntheticNames(t *testing.T) {
	p := newTestPseudonymizer(t)
	surnames, firsts := syntheticNames(t)
	var all []note
	perTemplate := make([]nameScores, len(syntheticTemplates))
	for ti, tpl := range syntheticTemplates {
		var notes []note
		for si, s := range surnames {
			n := fill(tpl, s, firsts[si%len(firsts)], firsts[(si*7+3)%len(firsts)])
			n.id = s
			notes = append(notes, n)
		}
		perTemplate[ti], _ = scoreNames(t, p, notes)
		all = append(all, notes...)
	}
	total, errs := scoreNames(t, p, all)
	for ti, s := range perTemplate {
		t.Logf("names fully replaced %3d/%3d, word precision %.3f: %q", s.spansFound, s.spans, s.precision(), syntheticTemplates[ti])
	}
	t.Logf("%d sentences: names fully replaced %d/%d (%.3f); name words: precision %.3f recall %.3f",
		len(all), total.spansFound, total.spans, ratio(total.spansFound, total.spans), total.precision(), total.recall())
	for i, e := range errs {
		if i == 40 {
			t.Logf("… %d more", len(errs)-40)
			break
		}
		t.Log(e)
	}
	// First run, before the fixes it prompted: 0.981 of the names fully replaced, word recall
	// 0.978, precision 1.000.
	if total.recall() < 0.98 || total.precision() < 0.99 {
		t.Errorf("precision %.3f, recall %.3f: want at least 0.99 and 0.98", total.precision(), total.recall())
	}
}
