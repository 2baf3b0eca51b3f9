package pseudonym

import (
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// pseudo pseudonymizes in with a fresh mapping and returns the text.
func pseudo(t *testing.T, p *Pseudonymizer, in string) string {
	t.Helper()
	var m Mapping
	res, err := p.Pseudonymize(in, &m)
	if err != nil {
		t.Fatal(err)
	}
	return res.Text
}

func runTable(t *testing.T, cases []struct{ name, in, want string }) {
	t.Helper()
	p := newTestPseudonymizer(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := pseudo(t, p, c.in); got != c.want {
				t.Errorf("\ngot  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestNumbersAndEmails(t *testing.T) {
	runTable(t, []struct{ name, in, want string }{
		{"email", "Écrire à sophie.martin74@gmail.com.", "Écrire à [EMAIL_1]."},
		{"email with accents in the name", "Mail : élodie.durand@laposte.net", "Mail : [EMAIL_1]"},
		{"phone spaced", "Tél. 06 12 34 56 78", "Tél. [TÉLÉPHONE_1]"},
		{"phone dotted", "au 06.98.76.54.32 le soir", "au [TÉLÉPHONE_1] le soir"},
		{"phone compact", "numéro 0612457896", "numéro [TÉLÉPHONE_1]"},
		{"phone dashed", "au 06-12-34-56-78", "au [TÉLÉPHONE_1]"},
		{"phone +33", "au +33 6 45 12 78 90", "au [TÉLÉPHONE_1]"},
		{"phone +33 (0)", "au +33 (0)6 22 33 44 55", "au [TÉLÉPHONE_1]"},
		{"phone 0033", "au 0033 7 11 22 33 44", "au [TÉLÉPHONE_1]"},
		{"phone international", "au +380 67 123 45 67", "au [TÉLÉPHONE_1]"},
		{"same phone written twice", "06 12 34 56 78 ou +33 6 12 34 56 78", "[TÉLÉPHONE_1] ou [TÉLÉPHONE_1]"},
		{"short numbers stay", "Appeler le 115 ou le 3919, loyer 450 €.", "Appeler le 115 ou le 3919, loyer 450 €."},
		{"amounts and dates stay", "Dette de 1 250 € au 12/03/2024, 12 500 € en tout.", "Dette de 1 250 € au 12/03/2024, 12 500 € en tout."},
		{"NIR spaced", "NIR 1 85 05 78 006 084 36.", "NIR [NIR_1]."},
		{"NIR compact", "NIR : 185057800608436", "NIR : [NIR_1]"},
		{"NIR dotted", "NIR 1.85.05.78.006.084.36", "NIR [NIR_1]"},
		{"NIR without key", "n° 2850575123456 transmis", "n° [NIR_1] transmis"},
		{"NIR Corsica", "né en Corse, 1 85 05 2A 006 084 36", "né en Corse, [NIR_1]"},
		{"IBAN FR spaced", "IBAN FR76 3000 4000 0312 3456 7890 143", "IBAN [IBAN_1]"},
		{"IBAN FR compact", "IBAN FR7630006000011234567890189.", "IBAN [IBAN_1]."},
		{"IBAN with BIC after", "IBAN FR76 3000 6000 0112 3456 7890 189 BIC AGRIFRPP", "IBAN [IBAN_1] BIC AGRIFRPP"},
		{"IBAN Belgium", "compte BE68 5390 0754 7034", "compte [IBAN_1]"},
		{"IBAN Germany", "compte DE89 3704 0044 0532 0130 00", "compte [IBAN_1]"},
		{"IBAN with a typo", "compte DE00 3704 0044 0532 0130 00", "compte [IBAN_1]"},
		{"code that is no IBAN stays", "code ZZ12 ABCD EFGH IJKL", "code ZZ12 ABCD EFGH IJKL"},
		{"benefit number", "n° allocataire 1234567", "n° allocataire [IDENTIFIANT_1]"},
		{"job-seeker id", "Identifiant France Travail : 4587123B.", "Identifiant France Travail : [IDENTIFIANT_1]."},
		{"file number", "(n° de dossier 2023-074-118822)", "(n° de dossier [IDENTIFIANT_1])"},
		{"invoice amount is no id", "Facture n° 45 de 120 €, dossier déposé le 05/02/2024.", "Facture n° 45 de 120 €, dossier déposé le 05/02/2024."},
	})
}

func TestBirthDates(t *testing.T) {
	runTable(t, []struct{ name, in, want string }{
		{"née le", "née le 3 mars 1998,", "née le [DATE_NAISSANCE_1],"},
		{"né(e) le", "Il est né(e) le 03/03/1998.", "Il est né(e) le [DATE_NAISSANCE_1]."},
		{"DDN", "(DDN : 03/03/98)", "(DDN : [DATE_NAISSANCE_1])"},
		{"D.D.N.", "D.D.N. 03/03/1998", "D.D.N. [DATE_NAISSANCE_1]"},
		{"date de naissance", "Date de naissance : 22/07/1992", "Date de naissance : [DATE_NAISSANCE_1]"},
		{"ISO", "Date de naissance de la mère : 1975-06-30.", "Date de naissance de la mère : [DATE_NAISSANCE_1]."},
		{"1er", "née le 1er janvier 2000", "née le [DATE_NAISSANCE_1]"},
		{"with the place", "né à Bamako le 2 septembre 2005", "né à Bamako le [DATE_NAISSANCE_1]"},
		{"year only", "née en 1998", "née en [DATE_NAISSANCE_1]"},
		{"same date twice", "DDN : 03/03/98, né le 03/03/1998", "DDN : [DATE_NAISSANCE_1], né le [DATE_NAISSANCE_1]"},
		{"event dates stay", "Entretien du 12/03/2024, plainte le 2 février 2024.", "Entretien du 12/03/2024, plainte le 2 février 2024."},
		{"no date after the trigger", "Acte de naissance demandé. Le 3 mars 2024, rendez-vous.", "Acte de naissance demandé. Le 3 mars 2024, rendez-vous."},
		{"aînée is no trigger", "L'aînée le 3 mars 2024 a appelé", "L'aînée le 3 mars 2024 a appelé"},
	})
}

func TestAddresses(t *testing.T) {
	runTable(t, []struct{ name, in, want string }{
		{"number and street", "au 12 rue des Lilas depuis mai", "au [ADRESSE_1] depuis mai"},
		{"with postal code", "au 12 rue des Lilas, 74000 Annecy.", "au [ADRESSE_1]."},
		{"bis and comma", "situé 3 bis, avenue Jean Jaurès, 69007 Lyon avec", "situé [ADRESSE_1] avec"},
		{"general", "au 17 rue du Général Leclerc, bât. C, 3e étage, 74000 Annecy avec", "au [ADRESSE_1] avec"},
		{"street without number", "Elle habite rue des Lilas.", "Elle habite [ADRESSE_1]."},
		{"lower-case street", "vit au 12 rue des lilas depuis 2020", "vit au [ADRESSE_1] depuis 2020"},
		{"lieu-dit", "lieu-dit La Combe, 74230 Thônes.", "[ADRESSE_1]."},
		{"post-office box", "BP 115, 74004 Annecy Cedex", "[ADRESSE_1]"},
		{"postal code and commune", "à 59100 Roubaix", "à [ADRESSE_1]"},
		{"résidence", "Résidence Les Pins, appartement 12, à Seynod", "[ADRESSE_1], à Seynod"},
		{"rue du 8 Mai 1945", "au 4 rue du 8 Mai 1945 à Cluses", "au [ADRESSE_1] à Cluses"},
		{"city alone stays", "Elle vit à Annecy, en Haute-Savoie.", "Elle vit à Annecy, en Haute-Savoie."},
		{"homeless stays", "Il est à la rue depuis deux mois.", "Il est à la rue depuis deux mois."},
		{"a place in a shelter stays", "une place en SAMSAH, une place en crèche", "une place en SAMSAH, une place en crèche"},
		{"courses stay", "5 cours de français, en cours de demande", "5 cours de français, en cours de demande"},
		{"postal code alone stays", "Code postal : 74000.", "Code postal : 74000."},
		{"counts stay", "74000 habitants, 12000 euros", "74000 habitants, 12000 euros"},
	})
}

func TestNames(t *testing.T) {
	runTable(t, []struct{ name, in, want string }{
		{"civility", "Reçu Mme Martin ce jour.", "Reçu Mme [PERSONNE_1] ce jour."},
		{"civility first name surname", "M. Karim BELKACEM est venu.", "M. [PERSONNE_1] est venu."},
		{"Madame in full", "Madame GUILLOT et Monsieur Arnaud GUILLOT", "Madame [PERSONNE_1] et Monsieur [PERSONNE_2]"},
		{"civility alone", "Madame travaille de nuit. Monsieur est en invalidité.", "Madame travaille de nuit. Monsieur est en invalidité."},
		{"civility and title", "Madame la directrice et Monsieur le juge", "Madame la directrice et Monsieur le juge"},
		{"doctor", "le Dr Morel passe demain", "le Dr [PERSONNE_1] passe demain"},
		{"initials", "M. D. et Mme B. sont au RSA.", "M. [PERSONNE_1] et Mme [PERSONNE_2] sont au RSA."},
		{"first name and initial", "Mme Léa D. vit seule.", "Mme [PERSONNE_1] vit seule."},
		{"role", "avec sa fille Léa et son fils Tom", "avec sa fille [PERSONNE_1] et son fils [PERSONNE_2]"},
		{"role and comma", "Le père, Karim, vit à Lyon.", "Le père, [PERSONNE_1], vit à Lyon."},
		{"role then civility", "la mère de l'enfant, Mme Sabrina Hoarau, est là", "la mère de l'enfant, Mme [PERSONNE_1], est là"},
		{"role and qualifier", "son éducateur référent, Julien Carrier, demande", "son éducateur référent, [PERSONNE_1], demande"},
		{"enumeration", "les enfants Jade (6 ans) et Louis (9 ans)", "les enfants [PERSONNE_1] (6 ans) et [PERSONNE_2] (9 ans)"},
		{"apposition", "Yacouba, 18 ans, est arrivé.", "[PERSONNE_1], 18 ans, est arrivé."},
		{"form label", "Nom : DURAND\nPrénom : Élodie\n", "Nom : [PERSONNE_1]\nPrénom : [PERSONNE_2]\n"},
		{"maiden name", "Mme Martin née Dupont", "Mme [PERSONNE_1] née [PERSONNE_2]"},
		{"first name at sentence start", "Karim est venu seul.", "[PERSONNE_1] est venu seul."},
		{"unknown capitalized word", "Elle a vu Traoré hier.", "Elle a vu [PERSONNE_1] hier."},
		{"unknown word then verb", "Traoré ne s'est pas présenté.", "[PERSONNE_1] ne s'est pas présenté."},
		{"particles", "Mme Marie-Hélène de La Roche et Fatima El Amrani", "Mme [PERSONNE_1] et [PERSONNE_2]"},
		{"Le Gall", "Mme Le Gall est gardienne.", "Mme [PERSONNE_1] est gardienne."},
		{"N'Diaye", "M. Ousmane N'Diaye travaille.", "M. [PERSONNE_1] travaille."},
		{"hyphenated", "Jean-Pierre Lambert et Hélène Martin-Durand", "[PERSONNE_1] et [PERSONNE_2]"},
		{"lower-case note", "rdv avec mme lambert. mme lambert a un fils, noa.", "rdv avec mme [PERSONNE_1]. mme [PERSONNE_1] a un fils, [PERSONNE_2]."},
		{"lower-case surname after first name", "Mme julie petit a appelé.", "Mme [PERSONNE_1] a appelé."},
		{"propagation", "Mme Benali est venue. Benali dit que BENALI est son nom.", "Mme [PERSONNE_1] est venue. [PERSONNE_1] dit que [PERSONNE_1] est son nom."},
		{"Marie and mairie", "Marie est allée à la mairie de Cluses.", "[PERSONNE_1] est allée à la mairie de Cluses."},
		{"Rose and rose", "Mme Rose Martin porte un sweat rose.", "Mme [PERSONNE_1] porte un sweat rose."},
		{"Pierre and pierre", "Le père, Pierre, vit dans une maison en pierre.", "Le père, [PERSONNE_1], vit dans une maison en pierre."},
		{"surname that is a word", "Mme Petit et M. Blanc se sont séparés.", "Mme [PERSONNE_1] et M. [PERSONNE_2] se sont séparés."},
		{"coordination", "Stéphane et Aurélie Moreau ont quatre enfants.", "[PERSONNE_1] et [PERSONNE_2] ont quatre enfants."},
		{"nickname", "Il se fait appeler « Le Grand » dans le quartier.", "Il se fait appeler « [PERSONNE_1] » dans le quartier."},
		{"institutions stay", "Orientation vers France Travail, la CAF, la MDPH, le CCAS et les Restos du Cœur.", "Orientation vers France Travail, la CAF, la MDPH, le CCAS et les Restos du Cœur."},
		{"spelled-out institutions stay", "la Maison Départementale des Solidarités et le Conseil Départemental", "la Maison Départementale des Solidarités et le Conseil Départemental"},
		{"places stay", "Il vit à Seynod, travaille à Annemasse, en Haute-Savoie, originaire de Guinée.", "Il vit à Seynod, travaille à Annemasse, en Haute-Savoie, originaire de Guinée."},
		{"place after a place noun", "le CCAS de Valmont et la mairie de Thônes", "le CCAS de Valmont et la mairie de Thônes"},
		{"Saint-Denis", "en Seine Saint Denis", "en Seine Saint Denis"},
		{"school named after someone", "au collège Jean Moulin", "au collège Jean Moulin"},
		{"software", "saisir dans WebRSA puis exporter vers Excel", "saisir dans WebRSA puis exporter vers Excel"},
		{"acronym in capitals", "Le SPIP et le SIAO proposent un CHRS.", "Le SPIP et le SIAO proposent un CHRS."},
		{"heading in capitals", "SITUATION FAMILIALE\nOBJECTIFS", "SITUATION FAMILIALE\nOBJECTIFS"},
		{"ages and amounts stay", "Léa (8 ans) reçoit 450 € par mois.", "[PERSONNE_1] (8 ans) reçoit 450 € par mois."},
	})
}

func TestSamePersonSamePlaceholder(t *testing.T) {
	p := newTestPseudonymizer(t)
	cases := []struct{ name, in, want string }{
		{"forms of one name", "Mme Martin est venue. Sophie Martin a signé. Madame MARTIN reviendra. Martin a peur.",
			"Mme [PERSONNE_1] est venue. [PERSONNE_1] a signé. Madame [PERSONNE_1] reviendra. [PERSONNE_1] a peur."},
		{"first name alone", "Sophie Martin et sa fille Léa. Sophie dit que Léa dort mal.",
			"[PERSONNE_1] et sa fille [PERSONNE_2]. [PERSONNE_1] dit que [PERSONNE_2] dort mal."},
		{"accents and case", "Zoé est arrivée. ZOE a peur. Zoe reviendra.", "[PERSONNE_1] est arrivée. [PERSONNE_1] a peur. [PERSONNE_1] reviendra."},
		// Two Martins of different genders: "Mme Martin" is hers, "M. Martin" his.
		{"gender tells two people apart", "Sophie Martin et Karim Martin. Mme Martin est venue seule ; M. Martin viendra.",
			"[PERSONNE_1] et [PERSONNE_2]. Mme [PERSONNE_1] est venue seule ; M. [PERSONNE_2] viendra."},
		// Two women named Martin: "Mme Martin" could be either and gets a placeholder of its own.
		{"ambiguous surname", "Sophie Martin et sa fille Léa Martin. Mme Martin est venue.",
			"[PERSONNE_1] et sa fille [PERSONNE_2]. Mme [PERSONNE_3] est venue."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := pseudo(t, p, c.in); got != c.want {
				t.Errorf("\ngot  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestNumberingFollowsFirstAppearance(t *testing.T) {
	p := newTestPseudonymizer(t)
	// "Mme Martin" comes first and links to "Sophie Martin", found later: she is PERSONNE_1.
	got := pseudo(t, p, "Mme Martin et son fils Tom. Sophie Martin signe. 06 12 34 56 78 puis 07 81 22 33 44.")
	want := "Mme [PERSONNE_1] et son fils [PERSONNE_2]. [PERSONNE_1] signe. [TÉLÉPHONE_1] puis [TÉLÉPHONE_2]."
	if got != want {
		t.Errorf("\ngot  %s\nwant %s", got, want)
	}
}

func TestEntitiesSpans(t *testing.T) {
	p := newTestPseudonymizer(t)
	in := "Mme Sophie Martin, tél. 06 12 34 56 78, née le 3 mars 1985."
	var m Mapping
	res, err := p.Pseudonymize(in, &m)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind     Kind
		original string
	}{{Person, "Sophie Martin"}, {Phone, "06 12 34 56 78"}, {BirthDate, "3 mars 1985"}}
	if len(res.Entities) != len(want) {
		t.Fatalf("got %d entities, want %d: %+v", len(res.Entities), len(want), res.Entities)
	}
	for i, e := range res.Entities {
		if e.Kind != want[i].kind || in[e.Start:e.End] != want[i].original {
			t.Errorf("entity %d: got %s %q, want %s %q", i, e.Kind, in[e.Start:e.End], want[i].kind, want[i].original)
		}
		if res.Text[e.OutStart:e.OutEnd] != e.Placeholder {
			t.Errorf("entity %d: output span holds %q, want %q", i, res.Text[e.OutStart:e.OutEnd], e.Placeholder)
		}
	}
}

func TestRestore(t *testing.T) {
	p := newTestPseudonymizer(t)
	var m Mapping
	if _, err := p.Pseudonymize("Mme Martin, puis Sophie Martin ; tél. 06 12 34 56 78 ; sophie@example.org", &m); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, generated, want string }{
		{"exact", "Appeler [PERSONNE_1] au [TÉLÉPHONE_1].", "Appeler Sophie Martin au 06 12 34 56 78."},
		{"without accents", "Appeler [TELEPHONE_1].", "Appeler 06 12 34 56 78."},
		{"lower case and space", "Écrire à [email 1].", "Écrire à sophie@example.org."},
		{"without brackets", "Rappeler PERSONNE_1 demain.", "Rappeler Sophie Martin demain."},
		{"unknown placeholder stays", "Voir [PERSONNE_7] et [IBAN_1].", "Voir [PERSONNE_7] et [IBAN_1]."},
		{"ordinary words stay", "Aucune personne 1 fois, un email 2 fois.", "Aucune personne 1 fois, un email 2 fois."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := m.Restore(c.generated); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestLiteralPlaceholdersInInputAreKept(t *testing.T) {
	p := newTestPseudonymizer(t)
	var m Mapping
	in := "Note reprise : [PERSONNE_1] a rappelé. Mme Dupont est venue."
	res, err := p.Pseudonymize(in, &m)
	if err != nil {
		t.Fatal(err)
	}
	want := "Note reprise : [PERSONNE_1] a rappelé. Mme [PERSONNE_2] est venue."
	if res.Text != want {
		t.Fatalf("got %q, want %q", res.Text, want)
	}
	if got := m.Restore(res.Text); got != in {
		t.Errorf("Restore: got %q, want %q", got, in)
	}
}

func TestFacts(t *testing.T) {
	p := newTestPseudonymizer(t)
	var m Mapping
	facts := map[string]string{
		"nom": "MARTIN", "prénom": "Sophie", "age": "34", "territoire": "Annecy",
		"telephone": "06 12 34 56 78", "date_naissance": "03/03/1990", "adresse": "12 rue des Lilas",
		"besoins": "logement pour Sophie et sa fille Léa",
	}
	got, err := p.PseudonymizeFacts(facts, &m)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"nom": "[PERSONNE_1]", "prénom": "[PERSONNE_1]", "age": "34", "territoire": "Annecy",
		"telephone": "[TÉLÉPHONE_1]", "date_naissance": "[DATE_NAISSANCE_1]", "adresse": "[ADRESSE_1]",
		"besoins": "logement pour [PERSONNE_1] et sa fille [PERSONNE_2]",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if facts["nom"] != "MARTIN" {
		t.Error("the input map was modified")
	}
	// The situation text shares the placeholders of the facts.
	res, err := p.Pseudonymize("Mme Martin (06.12.34.56.78) est venue avec Léa. martin a peur.", &m)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Mme [PERSONNE_1] ([TÉLÉPHONE_1]) est venue avec [PERSONNE_2]. martin a peur."; res.Text != want {
		t.Errorf("situation: got %q, want %q", res.Text, want)
	}
	if got := m.Restore("[PERSONNE_1]"); got != "Sophie MARTIN" {
		t.Errorf("Restore: got %q, want the given name then the surname", got)
	}
}

func TestErrors(t *testing.T) {
	p, err := New(Options{MaxBytes: 100, MaxFacts: 2})
	if err != nil {
		t.Fatal(err)
	}
	var m Mapping
	cases := []struct {
		name string
		run  func() error
		kind socle.ErrorKind
	}{
		{"nil mapping", func() error { _, err := p.Pseudonymize("x", nil); return err }, socle.EINVALID},
		{"too large", func() error { _, err := p.Pseudonymize(strings.Repeat("a", 101), &m); return err }, socle.ETOOLARGE},
		{"not UTF-8", func() error { _, err := p.Pseudonymize("Mme \xff\xfe", &m); return err }, socle.EINVALID},
		{"too many facts", func() error {
			_, err := p.PseudonymizeFacts(map[string]string{"a": "1", "b": "2", "c": "3"}, &m)
			return err
		}, socle.ETOOLARGE},
		{"fact too large", func() error {
			_, err := p.PseudonymizeFacts(map[string]string{"situation": strings.Repeat("a", 101)}, &m)
			return err
		}, socle.ETOOLARGE},
		{"facts without mapping", func() error { _, err := p.PseudonymizeFacts(nil, nil); return err }, socle.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if socle.KindOf(err) != c.kind {
				t.Fatalf("got %v (kind %s), want kind %s", err, socle.KindOf(err), c.kind)
			}
			if strings.Contains(err.Error(), "\xff") || strings.Contains(err.Error(), "aaaa") {
				t.Errorf("the error message quotes the text: %v", err)
			}
		})
	}
}

func TestConcurrentUseOfOneMapping(t *testing.T) {
	p := newTestPseudonymizer(t)
	var m Mapping
	notes := loadNotes(t, "cases.txt")
	done := make(chan error, len(notes))
	for _, n := range notes {
		go func() {
			_, err := p.Pseudonymize(n.text, &m)
			done <- err
		}()
	}
	for range notes {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if m.Len() < 100 {
		t.Errorf("got %d entities for %d notes", m.Len(), len(notes))
	}
}
