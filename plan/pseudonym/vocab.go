package pseudonym

// The contexts in which French case notes name people and places. Every key is folded (see
// foldString).

// set makes a lookup table of folded words.
func set(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[foldString(w)] = struct{}{}
	}
	return m
}

// has says whether the folded word is in the table.
func has(m map[string]struct{}, fold string) bool {
	_, ok := m[fold]
	return ok
}

// civilities announce a name; the abbreviations among them are followed by a period or not.
var civilities = map[string]gender{
	"m": genderMale, "mr": genderMale, "monsieur": genderMale, "mm": genderMale, "messieurs": genderMale,
	"mme": genderFemale, "mmes": genderFemale, "madame": genderFemale, "mesdames": genderFemale,
	"mlle": genderFemale, "melle": genderFemale, "mademoiselle": genderFemale,
	"dr": genderUnknown, "docteur": genderUnknown, "pr": genderUnknown, "professeur": genderUnknown,
	"me": genderUnknown, "maitre": genderUnknown,
}

// weakCivilities are ordinary words too (me, docteur, professeur, m): they count only when a
// capitalized word follows.
var weakCivilities = set("m", "me", "docteur", "professeur", "maître", "pr", "dr")

// titles follow a civility instead of a name: Madame la Présidente, Monsieur le juge.
var titles = set("le", "la", "les", "l'", "juge", "maire", "président", "présidente", "directeur",
	"directrice", "procureur", "préfet", "préfète", "docteur", "ministre", "et", "ou", "&")

// roles are the kinships and relations after which a name is given: sa fille Léa, le père, Karim.
// The value is the gender the role implies.
var roles = map[string]gender{
	"fille": genderFemale, "fils": genderMale, "pere": genderMale, "mere": genderFemale,
	"frere": genderMale, "soeur": genderFemale, "demi-frere": genderMale, "demi-soeur": genderFemale,
	"enfant": genderUnknown, "enfants": genderUnknown, "bebe": genderUnknown, "nourrisson": genderUnknown,
	"conjoint": genderMale, "conjointe": genderFemale, "ex-conjoint": genderMale, "ex-conjointe": genderFemale,
	"compagnon": genderMale, "compagne": genderFemale, "ex-compagnon": genderMale, "ex-compagne": genderFemale,
	"concubin": genderMale, "concubine": genderFemale, "epoux": genderMale, "epouse": genderFemale,
	"ex-epoux": genderMale, "ex-epouse": genderFemale, "mari": genderMale, "ex-mari": genderMale,
	"femme": genderFemale, "ex-femme": genderFemale, "ami": genderMale, "amie": genderFemale,
	"copain": genderMale, "copine": genderFemale, "petit-ami": genderMale, "petite-amie": genderFemale,
	"grand-mere": genderFemale, "grand-pere": genderMale, "grands-parents": genderUnknown,
	"petit-fils": genderMale, "petite-fille": genderFemale, "petits-enfants": genderUnknown,
	"tante": genderFemale, "oncle": genderMale, "cousin": genderMale, "cousine": genderFemale,
	"neveu": genderMale, "niece": genderFemale, "beau-pere": genderMale, "belle-mere": genderFemale,
	"beau-frere": genderMale, "belle-soeur": genderFemale, "beau-fils": genderMale, "belle-fille": genderFemale,
	"parrain": genderMale, "marraine": genderFemale, "voisin": genderMale, "voisine": genderFemale,
	"colocataire": genderUnknown, "hebergeur": genderMale, "hebergeuse": genderFemale,
	"aine": genderMale, "ainee": genderFemale, "cadet": genderMale, "cadette": genderFemale,
	"jumeau": genderMale, "jumelle": genderFemale,
	"jumeaux": genderUnknown, "jumelles": genderFemale, "famille": genderUnknown, "maman": genderFemale,
	"papa": genderMale, "tuteur": genderMale, "tutrice": genderFemale, "curateur": genderMale,
	"curatrice": genderFemale, "mandataire": genderUnknown, "educateur": genderMale,
	"educatrice": genderFemale, "referent": genderMale, "referente": genderFemale,
	"conseiller": genderMale, "conseillere": genderFemale, "infirmier": genderMale,
	"infirmiere": genderFemale, "medecin": genderUnknown, "avocat": genderMale, "avocate": genderFemale,
	"patron": genderMale, "patronne": genderFemale, "collegue": genderUnknown,
	"interprete": genderUnknown, "intervenant": genderMale, "intervenante": genderFemale,
	"assistante": genderFemale, "assistant": genderMale, "psychologue": genderUnknown,
	"compatriote":   genderUnknown,
	"belle-famille": genderUnknown,
}

// roleGap are words that may stand between a role and its name: son éducateur référent, Julien;
// l'intervenante sociale du CADA, Camille.
var roleGap = set("référent", "référente", "spécialisé", "spécialisée", "sociale", "social", "scolaire",
	"traitant", "traitante", "maternel", "maternelle", "paternel", "paternelle", "aîné", "aînée",
	"cadet", "cadette", "de", "du", "la", "l'", "des", "d'", "l'enfant", "enfant", "ainé", "actuel",
	"actuelle", "ancien", "ancienne", "nouveau", "nouvelle", "libéral", "libérale", "majeur", "majeure",
	"mineur", "mineure", "unique", "biologique", "légal", "légale", "présumé", "présumée", "prénommé",
	"prénommée", "nommé", "nommée", "dénommé", "dénommée", "appelé", "appelée", "judiciaire", "agé",
	"âgé", "âgée", "jeune", "petit", "petite", "grand", "grande", "plus", "premier", "première",
	"second", "seconde", "deuxième", "dernier", "dernière")

// particles join the parts of a name: Pierre de La Fontaine, Karim Ben Ali, Fatima El Amrani.
var particles = set("de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "ben", "bin", "ibn",
	"el", "al", "ould", "ait", "aït", "abou", "abu", "di", "da", "dos", "das", "del", "della", "ter", "mac",
	"mc", "saint", "sainte", "st")

// determiners before a capitalized word make it a thing, not a person: la Marine, une Rose.
var determiners = set("le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cet",
	"cette", "ces", "son", "sa", "ses", "mon", "ma", "mes", "leur", "leurs", "notre", "votre", "quel",
	"quelle", "chaque")

// placePrepositions before an unknown capitalized word make it a place: à Seynod, en Guinée.
var placePrepositions = set("à", "a", "en", "sur", "vers", "depuis", "via", "près", "quartier",
	"commune", "ville", "village", "habite", "résidant", "résidente", "domicilié", "domiciliée",
	"originaire", "ressortissant", "ressortissante", "secteur", "agglomération", "canton", "région",
	"département", "métropole", "communauté", "gare", "aéroport", "cedex")

// placeNouns before "de X" make X a place or an institution's name: la mairie de Cluses, le CCAS de
// Valmont.
var placeNouns = set("mairie", "commune", "ville", "village", "ccas", "cias", "cms", "mds", "cada",
	"huda", "chrs", "département", "région", "agglomération", "préfecture", "sous-préfecture",
	"tribunal", "hôpital", "chu", "ch", "centre", "maison", "solidarités", "solidarité", "agence",
	"antenne", "quartier", "secteur", "territoire", "université", "lycée", "collège", "école", "gare",
	"foyer", "résidence", "pôle", "mission", "caisse", "cité", "banlieue", "environs", "alentours",
	"canton", "arrondissement", "métropole", "communauté", "académie", "diocèse", "paroisse", "caf",
	"cpam", "msa", "mdph", "ase", "pmi", "cd", "conseil", "bassin", "pays", "vallée", "lac", "mont",
	"province", "capitale", "campagne", "côté", "coin", "direction", "sortie", "route", "proximité",
	"originaire", "ressortissant", "ressortissante", "venant", "venu", "venue", "arrivé", "arrivée",
	"né", "née", "hors", "près", "loin", "limite", "bibliothèque", "médiathèque", "crèche", "halte-garderie",
	"clinique", "ehpad", "cmp", "cmpp", "ime", "esat", "fjt", "spip", "commissariat", "gendarmerie",
	"police", "prison", "iut", "campus", "zone",
	"parc", "plaine", "office", "association", "restos", "secours")

// establishments are followed by their own name, which honours someone without naming the
// beneficiary: l'école Jules Ferry, le collège Jean Moulin. (Not "foyer" or "maison": le foyer
// Martin is the Martins' household.)
var establishments = set("école", "ecole", "collège", "college", "lycée", "lycee", "groupe", "scolaire",
	"hôpital", "clinique", "résidence", "gymnase", "stade", "crèche", "ehpad", "centre", "espace", "salle",
	"institut", "fondation", "association", "cité", "hlm", "square", "parc", "bâtiment", "bat", "bât",
	"hospitalier", "universitaire", "pôle", "campus", "université", "mjc", "ime", "itep", "esat", "mecs",
	"fjt", "chrs", "cada", "huda")

// nameLabels open a form field whose value is a name: "Nom : DURAND", "Prénom : Élodie".
var nameLabels = set("nom", "noms", "prénom", "prénoms", "prenom", "prenoms", "nom-prénom", "identité",
	"bénéficiaire", "usager", "usagère", "demandeur", "demandeuse", "enfant", "enfants", "mère", "père",
	"conjoint", "conjointe", "référent", "référente", "tuteur", "tutrice", "curateur", "curatrice",
	"madame", "monsieur", "patient", "patiente", "personne", "signataire", "rédacteur", "rédactrice",
	"rédigé", "travailleur", "intervenant", "intervenante", "contact")

// labelFillers may stand between a label and its colon: "Nom de naissance :", "Nom et prénom :".
var labelFillers = set("de", "d'", "du", "et", "naissance", "usage", "jeune", "fille", "famille", "marital",
	"marié", "mariée", "complet", "prénom", "prénoms", "nom", "/", "(", ")", "s", "social", "sociale",
	"référent", "référente", "de", "l'", "la", "le", "enfant", "enfants", "1", "2", "3", "4", "5",
	"principal", "principale", "en", "charge", "à", "contacter", "urgence")

// afterSubject words follow a sentence-initial name: "Traoré ne s'est pas présenté". Forms of first-group
// verbs are recognized from the verb list; these complete it.
var afterSubject = set("ne", "n'", "se", "s'", "y", "lui", "leur", "me", "m'", "nous", "vous", "est",
	"a", "ont", "sont", "était", "avait", "sera", "aura", "vit", "dit", "fait", "va", "vient", "doit",
	"peut", "veut", "sait", "part", "sort", "dort", "perçoit", "reçoit", "reconnaît", "prend", "attend",
	"suit", "et", "aurait", "serait", "l'", "la", "le", "les", "en", "qui")

// addressTypes are the French street types (type de voie) and their abbreviations.
var addressTypes = set("rue", "avenue", "av", "ave", "boulevard", "bd", "bld", "allée", "allee", "chemin",
	"ch", "chem", "impasse", "imp", "place", "pl", "route", "rte", "quai", "cours", "square", "sq",
	"résidence", "résid", "rés", "lotissement", "lot", "cité", "passage", "sentier", "voie", "rond-point",
	"faubourg", "fbg", "fg", "hameau", "montée", "rampe", "ruelle", "esplanade", "parvis", "promenade",
	"villa", "domaine", "clos", "venelle", "traverse", "mail", "quartier", "chaussée", "levée", "cour",
	"carrefour", "hlm", "zac", "za", "zi")

// addressUnits may follow or precede a street: bât. C, 3e étage, appt 12.
var addressUnits = set("bât", "bat", "bâtiment", "batiment", "bt", "escalier", "esc", "étage", "etage",
	"appartement", "appart", "appt", "apt", "porte", "logement", "log", "entrée", "entree", "ét", "et",
	"boîte", "bal", "résidence", "tour", "immeuble", "pavillon", "chambre", "ch", "lot", "cage")

// counting words after a number: a postal code is not followed by them (74000 habitants).
var nonPlaceAfterNumber = set("euros", "euro", "€", "ans", "habitants", "personnes", "mois", "jours",
	"heures", "km", "m", "eur", "k€", "dossiers", "logements", "places", "foyers")

// aliases introduce a name or a nickname: surnommé « Le Grand », alias Jo, de son vrai prénom Joël.
var aliases = set("alias", "surnommé", "surnommée", "surnom", "appeler", "appelé", "appelée", "prénommé",
	"prénommée", "dénommé", "dénommée", "nommé", "nommée", "prénom", "pseudo", "pseudonyme")
