package situation

import (
	"strings"
	"testing"
)

func TestReadFacts(t *testing.T) {
	tests := []struct {
		text string
		want Facts
	}{
		{"Mme K., 41 ans, seule avec 2 enf. (8 et 12 ans).", Facts{Age: 41, Alone: true, Children: 2, Household: "parent seul avec 2 enfants"}},
		{"Madame, âgée de 67 ans, vit seule depuis le décès de son mari.", Facts{Age: 67, Alone: true, Household: "personne seule"}},
		{"Monsieur né en 2004, sans domicile.", Facts{Age: 22}},
		{"Née en 1950, veuve.", Facts{Age: 76, Alone: true, Household: "personne seule"}},
		{"Mme S., 24 ans, enceinte de 5 mois, hébergée chez une cousine.", Facts{Age: 24, Pregnant: true, PregnancyMonth: 5}},
		{"Femme en 7e mois de grossesse.", Facts{Pregnant: true, PregnancyMonth: 7}},
		{"M. et Mme O., 68 et 66 ans, arrivés avec un sac de courriers.", Facts{Age: 66, Couple: true, Household: "couple"}},
		{"Enceinte, sans suivi.", Facts{Pregnant: true}},
		{"Étudiante de 20 ans, boursière.", Facts{Age: 20, Student: true}},
		{"Lycéenne de 17 ans.", Facts{Age: 17, Pupil: true}},
		{"Jeune de 18 ans, apprentie coiffeuse.", Facts{Age: 18, Apprentice: true}},
		{"Jeune de 19 ans, vit chez sa mère dans le 93.", Facts{Age: 19, Territory: "93"}},
		{"Famille installée en Seine-Saint-Denis.", Facts{Territory: "93"}},
		{"Vit à Paris 18e.", Facts{Territory: "75"}},
		{"Domiciliée à Bobigny (93).", Facts{Territory: "93"}},
		{"Couple originaire de Haute-Savoie, 3 enfants.", Facts{Couple: true, Children: 3, Household: "couple avec 3 enfants", Territory: "74"}},
		{"M. et Mme P., 3 enf., six crédits.", Facts{Couple: true, Children: 3, Household: "couple avec 3 enfants"}},
		// A son's divorce is no sign his parents live alone; a person divorced is one.
		{"M. et Mme Garnier. Leur fils vit à Grenoble, en plein divorce.", Facts{Couple: true, Household: "couple"}},
		// Left alone a moment is not living alone.
		{"S'occupe de son épouse : « je ne peux plus la laisser seule ».", Facts{Couple: true, Household: "couple"}},
		{"Mme R., divorcée, 3 enf.", Facts{Alone: true, Children: 3, Household: "parent seul avec 3 enfants"}},
		{"Enfant de 7 ans, diagnostic de TSA posé en septembre.", Facts{Age: 7}},
		{"M. S., 64 ans, maçon depuis l'âge de 15 ans.", Facts{Age: 64}},
		{"Réévaluation APA de Mme Lopez, 82 a., GIR 4, plan inchangé.", Facts{Age: 82}},
		{"M. T. Kévin, 19 a, vu pour entorse cheville G.", Facts{Age: 19}},
		{"Mme H. Leila (34 a) et ses 2 enfants (4 et 7 a).", Facts{Age: 34, Children: 2, Household: "foyer avec 2 enfants"}},
		{"M. et Mme K., 61 et 59 a, sans mutuelle.", Facts{Age: 59, Couple: true, Household: "couple"}},
		// "à" folds to "a": a range of ages is no age written short.
		{"Deux enfants de 3 à 6 ans.", Facts{Children: 2, Household: "foyer avec 2 enfants"}},
		// A person named by title and age after a long opening (a referral letter's).
		{"Médecin généraliste, courrier d'adressage au service social. Je vous adresse M. 59 ans, diabétique, qui vit seul.", Facts{Age: 59, Alone: true, Household: "personne seule"}},
		{"Permanence d'accès aux droits du tribunal, reçue sur rendez-vous : Mme B. 73 ans, veuve.", Facts{Age: 73, Alone: true, Household: "personne seule"}},
		{"Adolescente de 15 ans, déscolarisée.", Facts{Age: 15}},
		{"Les parents d'un enfant de 7 ans demandent une aide.", Facts{Children: 1, Household: "foyer avec 1 enfant"}},
		{"Parents d'un garçon de 6 ans avec un trouble autistique.", Facts{Children: 1, Household: "foyer avec 1 enfant"}},
		{"M. F., 45 ans, père d'un garçon de 17 ans.", Facts{Age: 45, Children: 1, Household: "foyer avec 1 enfant"}},
		{"Mme U., 37 ans, sa fille de 9 ans a un cancer.", Facts{Age: 37, Children: 1, Household: "foyer avec 1 enfant"}},
		{"Licencié il y a 3 semaines après 20 ans dans la même entreprise.", Facts{}},
		{"Marocaine, 15 ans de présence en France.", Facts{}},
		{"Victime de violences depuis 2 ans.", Facts{}},
		{"Mère isolée d'un bébé de 10 mois.", Facts{Alone: true, Children: 1, Household: "parent seul avec 1 enfant"}},
		{"Le Nord de la ville est mal desservi.", Facts{}},
		{"Il vit dans le Nord.", Facts{Territory: "59"}},
		{"Loyer de 93 € par mois.", Facts{}},
		{"Madame, 34 ans, seule avec deux enfants.", Facts{Age: 34, Alone: true, Children: 2, Household: "parent seul avec 2 enfants"}},
		{"Jeune homme âgé de 19 ans, sans domicile.", Facts{Age: 19}},
		{"Deux enfants de 4 et 7 ans vivent au domicile.", Facts{Children: 2, Household: "foyer avec 2 enfants"}},
		// A grown child who lives elsewhere is not a child of the household.
		{"M. D., 79 ans, veuf, oublie ses médicaments, sa fille habite loin.", Facts{Age: 79}},
		{"Mme L., 81 ans, sa fille habite à 600 km.", Facts{Age: 81}},
		{"Ses deux enfants vivent à l'étranger et ne l'appellent plus.", Facts{}},
		{"Mme R., 70 ans, son fils de 45 ans passe la voir le dimanche.", Facts{Age: 70}},
		{"Mme T., 38 ans, sa fille de 12 ans vit avec elle.", Facts{Age: 38, Children: 1, Household: "foyer avec 1 enfant"}},
		{"M. 80 ans, veuf, vit seul au 3e étage, sa fille habite à Lyon.", Facts{Age: 80, Alone: true, Household: "personne seule"}},
		{"Mme S., 35 ans, son fils vit chez son père depuis la séparation.", Facts{Age: 35}},
		{"Mme S., 35 ans, son fils vit chez elle une semaine sur deux.", Facts{Age: 35, Children: 1, Household: "foyer avec 1 enfant"}},
		{"M. X (58 ans) a un handicap.", Facts{Age: 58}},
		{"Parents d'une collégienne de 13 ans qui ne va plus en cours.", Facts{Pupil: true, Children: 1, Household: "foyer avec 1 enfant"}},
		{"Jeune fille de 16 ans venue seule au CCAS.", Facts{Age: 16}},
		{"Mme G. Monique, 67 ans, venue seule. Son mari, 72 ans, Alzheimer, se relève la nuit.", Facts{Age: 67, Couple: true, Household: "couple"}},
		{"Mme B., 36 ans, séparée depuis 6 mois, 2 enf. de 4 et 9 ans à charge.", Facts{Age: 36, Alone: true, Children: 2, Household: "parent seul avec 2 enfants"}},
		{"Ils ont deux enfants, 3 ans et un bébé.", Facts{Children: 2, Household: "foyer avec 2 enfants"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := ReadFacts(tt.text, 2026); got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// An age under 16 after an adult the note names is a child's: the person is the adult. A note
// that opens on the child is the child's.
func TestChildAgeAfterAnAdult(t *testing.T) {
	for text, want := range map[string]int{
		"Famille K. (M., Mme, Ryan 7 ans, Sofia 4 ans), dans leur voiture depuis juin.": 0,
		"Consult 26/03, Mme Z. Sarah avec Nathan 3 ans.":                                0,
		"VAD 27/02 Mme J. Kelly, 3 enfants (7 ans, 4 ans, Nolan 2 mois).":               0,
		"Tom R., 14 ans, 4e, 23 demi-journées d'absence depuis janvier.":                14,
		"M. Lucas B., 17 ans, apprenti boulanger.":                                      17,
		"Mme K., 41 ans, seule avec 2 enf. (8 et 12 ans).":                              41,
	} {
		if got := ReadFacts(text, 2026).Age; got != want {
			t.Errorf("age of %q = %d, want %d", text, got, want)
		}
	}
}

func TestReadFactsDatesAreNotTerritories(t *testing.T) {
	for _, text := range []string{"Rendez-vous le 15 mars.", "Du 12 au 15 juin.", "Expulsion prévue en 2027."} {
		if got := ReadFacts(text, 2026).Territory; got != "" {
			t.Errorf("%q: territory %q, want none", text, got)
		}
	}
}

// TestPlaceOf reads the territory of local aids' titles and of fiches' variant headings.
func TestPlaceOf(t *testing.T) {
	tests := []struct {
		heading string
		codes   string // joined with ","
		local   bool
	}{
		{"aide départementale au permis de conduire (Département Yvelines)", "78", true},
		{"Aide au BAFA pour une session de formation générale (CAF des Hautes-Alpes)", "05", true},
		{"prestation de compensation à domicile (Département de l’Eure-et-Loir)", "28", true},
		{"pass Mutuelle Etudiant (Occitanie)", "09,11,12,30,31,32,34,46,48,65,66,81,82", true},
		{"Aide complémentaire à la scolarité des lycéens (Hauts de France)", "02,59,60,62,80", true},
		{"À Paris", "75", true},
		{"Vendée", "85", true}, // a name that is also a word, alone in a heading
		{"Aide régionale (Grand Est)", "08,10,51,52,54,55,57,67,68,88", true},
		{"Aide (Pas-de-Calais)", "62", true},
		{"Vous pouvez faire la demande auprès de votre Caf.", "", false},
		{"Maison vendue ou vendée", "", false},
		{"Paris Logement Familles Monoparentales (Ville de Paris)", "75", true},
		{"Ain (01)", "01", true},
		{"Aide au financement du permis (Mission Locale de l'agglomération d'Hénin-Carvin)", "", true},
		{"incitation au covoiturage du Pôle d'équilibre territorial et rural Bruche Mossig (Pôle d'équilibre territorial et rural Bruche Mossig)", "", true},
		{"incitation au covoiturage d'Artois Mobilités (Artois Mobilités)", "", true},
		{"Aide covoiturage du quotidien (L’État français)", "", false},
		{"incitation au covoiturage du Syndicat des mobilités de Touraine (Syndicat des mobilités de Touraine)", "", true},
		{"Que faire en cas de difficultés pour payer son loyer ?", "", false},
		{"Une somme d'argent versée par le Nord", "", false}, // "somme", and "Nord" without a place context
		{"Le loyer est trop cher", "", false},
		{"Garantie Visale (Action Logement)", "", false},
		{"Pour connaître la démarche à accomplir, renseignez-vous auprès du centre d'action sociales de Paris.", "75", true},
		{"Saisir le tribunal judiciaire de Paris", "75", true},
		{"Les enfants de Paris et d'ailleurs", "", false}, // "de Paris" without a body of the place
	}
	for _, tt := range tests {
		codes, local := PlaceOf(tt.heading)
		if got := strings.Join(codes, ","); got != tt.codes || local != tt.local {
			t.Errorf("PlaceOf(%q) = %q, %v; want %q, %v", tt.heading, got, local, tt.codes, tt.local)
		}
	}
}

// TestEveryPlaceCanBeNamed checks that the quick test before reading a text for places lets
// every region's and département's name through.
func TestEveryPlaceCanBeNamed(t *testing.T) {
	for _, r := range regions {
		if !mayNamePlace(r.name) {
			t.Errorf("region %q is not seen by mayNamePlace", r.name)
		}
	}
	for _, d := range depNames() {
		if !mayNamePlace(d.name) {
			t.Errorf("département %q is not seen by mayNamePlace", d.name)
		}
	}
	if mayNamePlace(Fold("Vous pouvez faire la demande auprès de votre Caf ou de la MSA.")) {
		t.Error("a sentence that names no place was let through")
	}
}

// The incomes a note gives for now, summed: not a past one, nor one it says became another.
func TestStatedIncome(t *testing.T) {
	for text, want := range map[string]int{
		"Revenus : salaire de Madame 1 320 € + AAH de Monsieur 1 016 € (notifiée jusqu'en 2029).":                    2336,
		"Elle travaille 15 h/semaine ; la retraite de son mari (1 600 €) faisait l'essentiel des revenus du couple.": 0,
		"Son employeur l'a passé à mi-temps en janvier (salaire 1 480 € → 760 €, mutuelle maintenue).":               760,
		"Loyer 620 €, APL 180 €, dette de 3 240 €.":                                                                  0,
		"Mme K., 41 ans, salaire de 890 € par mois, son fils lui verse 100 €.":                                       890,
		"Courrier d'EDF : régularisation annuelle de 640 € non payée, coupure annoncée.":                             0,
		"Le père ne verse plus la pension alimentaire de 150 € par enfant fixée par le JAF.":                         0,
		"Pension fixée par le JAF (200 €/enfant) et versée régulièrement par M.":                                     0,
		"Le loyer de février (Valmont Habitat, 640 €) n'a pas été payé.":                                             0,
		"Elle ne touche plus que les IJ : 1 140 € au lieu de 1 720 €.":                                               1140,
	} {
		if got := StatedIncome(Fold(text)); got != want {
			t.Errorf("StatedIncome(%q) = %d, want %d", text, got, want)
		}
	}
}
