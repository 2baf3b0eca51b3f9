// Command gen writes the small PDF fixtures of package pdf's golden tests. The PDFs are written
// by hand, object by object, so that each one holds exactly the feature under test (two
// columns, ligature glyphs, running headers and footers, a table, an outline, French
// accents, hyphenated line ends) and nothing else, and so that they can be regenerated without
// any tool but Go:
//
//	go run ./ingest/pdf/testdata/gen -out ingest/pdf/testdata
//
// Fonts are the standard 14 (Helvetica, Helvetica-Bold) in WinAnsiEncoding, which holds the
// French letters; the ligature fixture adds a Helvetica with a /Differences encoding that
// draws the fi and fl glyphs. Text widths below are estimates from Helvetica's metrics, good
// enough to lay out lines and columns; PDFium uses the real metrics.
package main

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

func main() {
	out := flag.String("out", ".", "folder to write the fixtures to")
	flag.Parse()
	fixtures := map[string][]byte{
		"two-columns.pdf":   twoColumns(),
		"ligatures.pdf":     ligatures(),
		"running.pdf":       running(),
		"table.pdf":         table(),
		"outline.pdf":       outline(),
		"french.pdf":        french(),
		"scan.pdf":          scan(false),
		"mixed-scan.pdf":    scan(true),
		"encrypted.pdf":     encrypted(),
		"recursive.pdf":     recursive(),
		"bomb.pdf":          bomb(),
		"inline-images.pdf": inlineImages(),
		"logement.pdf":      logement(),
	}
	fr := fixtures["french.pdf"]
	fixtures["truncated.pdf"] = fr[:len(fr)*6/10]
	for name, data := range fixtures {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// --- PDF objects ---

type doc struct {
	objs    []string // body of object i+1
	pages   []int
	outline int // object number of the outline root, 0 for none
	info    map[string]string
	encrypt *rc4Key
}

func (d *doc) add(body string) int {
	d.objs = append(d.objs, body)
	return len(d.objs)
}

func (d *doc) set(n int, body string) { d.objs[n-1] = body }

// reserve returns an object number to fill later.
func (d *doc) reserve() int { return d.add("null") }

const (
	fontRegular = "/F1"
	fontBold    = "/F2"
	fontLig     = "/F3"
)

func (d *doc) fonts() string {
	f1 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	f2 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	f3 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl] >> >>")
	return fmt.Sprintf("<< /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> >>", f1, f2, f3)
}

// write serialises the document with a cross-reference table.
func (d *doc) write(pagesObj int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	catalog := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R", pagesObj)
	if d.outline != 0 {
		catalog += fmt.Sprintf(" /Outlines %d 0 R /PageMode /UseOutlines", d.outline)
	}
	cat := d.add(catalog + " >>")
	info := 0
	if len(d.info) > 0 {
		var s strings.Builder
		s.WriteString("<<")
		for _, k := range []string{"Title", "Author", "Subject", "Producer"} {
			if v, ok := d.info[k]; ok {
				fmt.Fprintf(&s, " /%s %s", k, textString(v))
			}
		}
		s.WriteString(" >>")
		info = d.add(s.String())
	}
	var encObj int
	if d.encrypt != nil {
		encObj = d.add(d.encrypt.dict())
	}
	offsets := make([]int, len(d.objs))
	for i, body := range d.objs {
		offsets[i] = b.Len()
		if d.encrypt != nil && i+1 != encObj {
			body = d.encrypt.encryptObject(i+1, body)
		}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(d.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R", len(d.objs)+1, cat)
	if info != 0 {
		fmt.Fprintf(&b, " /Info %d 0 R", info)
	}
	if d.encrypt != nil {
		fmt.Fprintf(&b, " /Encrypt %d 0 R /ID [<%x> <%x>]", encObj, d.encrypt.id, d.encrypt.id)
	}
	fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// pages adds the page tree for page contents, all A4 portrait, sharing resources.
func (d *doc) addPages(resources string, contents []string) int {
	res := d.add(resources)
	pagesObj := d.reserve()
	var kids []string
	for _, c := range contents {
		stream := d.add(streamObj(c))
		p := d.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %d 0 R /Contents %d 0 R >>", pagesObj, res, stream))
		d.pages = append(d.pages, p)
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	d.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	return pagesObj
}

func streamObj(content string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
}

// --- text ---

// winAnsi encodes s for a WinAnsiEncoding font; in the ligature font, ﬁ and ﬂ become the
// codes 1 and 2 that its /Differences give to the fi and fl glyphs.
func winAnsi(s string) string {
	special := map[rune]byte{'€': 0x80, '…': 0x85, 'œ': 0x9c, 'Œ': 0x8c, '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'ﬁ': 1, 'ﬂ': 2}
	var b strings.Builder
	for _, r := range s {
		var c byte
		switch {
		case special[r] != 0:
			c = special[r]
		case r < 0x100:
			c = byte(r)
		default:
			c = '?'
		}
		if c == '(' || c == ')' || c == '\\' {
			b.WriteByte('\\')
		}
		if c < 32 || c >= 127 {
			fmt.Fprintf(&b, "\\%03o", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func pdfString(s string) string { return "(" + winAnsi(s) + ")" }

// textString encodes a text string (info dictionary, outline titles) as UTF-16BE.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// width estimates the width of s in points, from Helvetica's metrics.
func width(s string, size float64, bold bool) float64 {
	narrow := "iljft'’,.:;!|"
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ':
			w += 278
		case strings.ContainsRune(narrow, r):
			w += 260
		case r == 'r':
			w += 333
		case r == 'm' || r == 'M' || r == 'W' || r == 'w' || r == 'œ':
			w += 850
		case r >= 'A' && r <= 'Z':
			w += 700
		default:
			w += 560
		}
	}
	if bold {
		w *= 1.08
	}
	return w * size / 1000
}

// wrap breaks text into lines no wider than max points.
func wrap(text string, size, max float64) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if cur != "" && width(try, size, false) > max {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

type page struct{ b strings.Builder }

func (p *page) text(font string, size, x, y float64, s string) {
	fmt.Fprintf(&p.b, "BT %s %g Tf %g %g Td %s Tj ET\n", font, size, x, y, pdfString(s))
}

// para sets a paragraph from y downwards and returns the y of the next line.
func (p *page) para(text string, x, y, w, size, leading float64) float64 {
	for _, l := range wrap(text, size, w) {
		p.text(fontRegular, size, x, y, l)
		y -= leading
	}
	return y
}

// lines sets given lines as they are (for hyphenation tests) and returns the next y.
func (p *page) lines(ls []string, x, y, size, leading float64) float64 {
	for _, l := range ls {
		p.text(fontRegular, size, x, y, l)
		y -= leading
	}
	return y
}

// --- fixtures ---

func twoColumns() []byte {
	d := &doc{info: map[string]string{"Producer": "socle testdata/gen"}}
	res := d.fonts()
	var p page
	p.text(fontBold, 18, 72, 770, "Rapport d’activité du service social")
	p.para("Une page en deux colonnes : la lecture doit suivre la première colonne jusqu’en bas avant de passer à la seconde.", 72, 744, 450, 10, 13)
	left, right, colW := 72.0, 312.0, 210.0
	y := 700.0
	p.text(fontBold, 12, left, y, "1. Contexte")
	y -= 20
	y = p.para("Le service social départemental accueille chaque année plus de trois mille personnes. Les demandes portent sur le logement, les ressources et l’accès aux droits.", left, y, colW, 10, 13)
	y -= 8
	p.para("Les travailleurs sociaux reçoivent les personnes sur rendez-vous ou lors des permanences, et ils orientent vers les partenaires du territoire lorsque la situation le demande, en particulier vers", left, y, colW, 10, 13)
	y = 700.0
	y = p.para("les centres communaux d’action sociale et les associations de quartier.", right, y, colW, 10, 13)
	y -= 8
	p.text(fontBold, 12, right, y, "2. Résultats")
	y -= 20
	p.para("Le délai moyen avant un premier rendez-vous est passé de trois semaines à neuf jours. La moitié des situations sont closes en moins de six mois.", right, y, colW, 10, 13)
	return d.write(d.addPages(res, []string{p.b.String()}))
}

func ligatures() []byte {
	d := &doc{}
	res := d.fonts()
	var p page
	p.text(fontBold, 14, 72, 770, "Ligatures")
	y := 740.0
	for _, l := range []string{
		"La ﬁche de suivi ﬁgure au dossier ; elle reﬂète les ﬂux",
		"d’information entre les professionnels. Chaque bénéﬁciaire",
		"a un référent, qui déﬁnit avec lui les objectifs du contrat.",
	} {
		p.text(fontLig, 11, 72, y, l)
		y -= 14
	}
	return d.write(d.addPages(res, []string{p.b.String()}))
}

func running() []byte {
	d := &doc{info: map[string]string{"Title": "Guide méthodologique de l’accompagnement"}}
	res := d.fonts()
	furniture := func(p *page, n int) {
		p.text(fontRegular, 8, 72, 810, "Guide méthodologique — Conseil départemental")
		p.text(fontRegular, 8, 270, 30, fmt.Sprintf("Page %d sur 3", n))
	}
	var p1, p2, p3 page
	furniture(&p1, 1)
	p1.text(fontBold, 14, 72, 760, "Accompagnement social global")
	y := p1.para("L’accompagnement social global s’adresse aux personnes qui rencontrent des difficultés dans plusieurs domaines de leur vie. Il repose sur un contrat construit avec la personne.", 72, 730, 450, 11, 14)
	y -= 10
	y = p1.lines([]string{
		"Le référent propose un accompa-",
		"gnement adapté à la situation socio-",
		"professionnelle de la personne, c’est-à-",
		"dire à ses ressources et à son parcours.",
	}, 72, y, 11, 14)
	y -= 10
	p1.para("Le contrat d’engagement fixe des objectifs précis, datés et mesurables ; il est revu à chaque rendez-vous avec la personne et, lorsque c’est utile, avec les partenaires qui interviennent auprès", 72, y, 450, 11, 14)
	furniture(&p2, 2)
	y = p2.para("d’elle. Les engagements réciproques sont écrits dans des termes que la personne comprend.", 72, 760, 450, 11, 14)
	y -= 10
	p2.text(fontBold, 14, 72, y, "Évaluation")
	y -= 24
	p2.para("Au terme du contrat, le référent et la personne font ensemble le bilan des objectifs atteints et décident de la suite.", 72, y, 450, 11, 14)
	furniture(&p3, 3)
	p3.para("La clôture de l’accompagnement est notée au dossier avec la date et le motif.", 72, 760, 450, 11, 14)
	return d.write(d.addPages(res, []string{p1.b.String(), p2.b.String(), p3.b.String()}))
}

// logement is a short housing guide whose paragraphs run across page breaks in the middle of
// a sentence, for the cited page: a plan on it cites sentences printed on one page and on two.
func logement() []byte {
	d := &doc{info: map[string]string{"Title": "Guide logement de l’accompagnement social", "Author": "Département"}}
	res := d.fonts()
	furniture := func(p *page, n int) {
		p.text(fontRegular, 8, 72, 810, "Guide logement — Service social départemental")
		p.text(fontRegular, 8, 270, 30, fmt.Sprintf("Page %d sur 3", n))
	}
	var p1, p2, p3 page
	furniture(&p1, 1)
	p1.text(fontBold, 16, 72, 760, "Prévenir et traiter les impayés de loyer")
	p1.text(fontBold, 13, 72, 728, "Impayés de loyer")
	y := p1.para("Dès le premier impayé de loyer, le travailleur social reçoit la personne pour faire le point sur ses ressources, ses charges et ses dettes. Il l’aide à contacter le bailleur pour proposer un plan d’apurement de la dette locative, en montants que le budget du ménage permet de tenir.", 72, 704, 450, 11, 14)
	y -= 10
	y = p1.para("Le travailleur social vérifie que l’aide personnalisée au logement est toujours versée : la caisse d’allocations familiales peut la maintenir si un plan d’apurement est signé et respecté. Il informe la CAF de l’impayé et du plan conclu avec le bailleur.", 72, y, 450, 11, 14)
	y -= 10
	y = p1.para("Le budget du ménage est revu avec la personne, poste par poste ; les dépenses qui peuvent attendre sont reportées et les aides facultatives de la commune sont demandées au centre communal d’action sociale lorsque le reste à vivre ne couvre plus l’alimentation.", 72, y, 450, 11, 14)
	y -= 10
	y = p1.para("Les échanges avec le bailleur sont notés au dossier avec leur date, et la personne garde une copie de chaque courrier ; ces traces servent si la situation doit être présentée plus tard à une commission ou au juge.", 72, y, 450, 11, 14)
	y -= 10
	p1.lines([]string{
		"Lorsque la dette dépasse deux mois de loyer, le travailleur social monte avec la personne",
		"une demande d’aide au Fonds de solidarité pour le logement (FSL) pour le paiement des",
		"impayés ; la demande est transmise au service instructeur du département avec les",
	}, 72, y, 11, 14)
	furniture(&p2, 2)
	y = p2.lines([]string{
		"justificatifs de ressources et le plan d’apurement proposé au bailleur. Le FSL peut",
		"accorder une subvention ou un prêt sans intérêt selon les ressources du ménage.",
	}, 72, 760, 11, 14)
	y -= 10
	p2.text(fontBold, 13, 72, y, "Menace d’expulsion")
	y -= 24
	y = p2.para("En cas de commandement de payer ou d’assignation devant le tribunal, orienter la personne vers la commission de coordination des actions de prévention des expulsions locatives (CCAPEX) et vers une permanence d’accès au droit pour préparer l’audience.", 72, y, 450, 11, 14)
	y -= 10
	y = p2.para("Un diagnostic social et financier est établi avec la personne et transmis au juge avant l’audience ; il décrit la situation du ménage, ses ressources, ses démarches et ce qu’il peut payer chaque mois.", 72, y, 450, 11, 14)
	y -= 10
	y = p2.para("La personne est informée qu’elle peut demander l’aide juridictionnelle pour être assistée d’un avocat, et qu’elle doit se présenter à l’audience, où le juge peut accorder des délais de paiement.", 72, y, 450, 11, 14)
	y -= 10
	y = p2.para("Le travailleur social prend contact avec l’huissier de justice et le bailleur pour savoir où en est la procédure, avec l’accord de la personne, et il note au dossier les dates de chaque étape.", 72, y, 450, 11, 14)
	y -= 10
	p2.lines([]string{
		"Le travailleur social aide la personne à déposer une demande de logement social et une",
		"demande au titre du droit au logement opposable (DALO) lorsque le maintien dans les lieux",
		"n’est plus possible, en joignant le jugement d’expulsion et les justificatifs de",
	}, 72, y, 11, 14)
	furniture(&p3, 3)
	y = p3.lines([]string{
		"ressources du ménage. La commission de médiation rend sa décision dans un délai de trois",
		"à six mois selon le département.",
	}, 72, 760, 11, 14)
	y -= 10
	p3.text(fontBold, 13, 72, y, "Ressources du ménage")
	y -= 24
	p3.para("Vérifier l’ouverture des droits au revenu de solidarité active et à la prime d’activité lorsque les ressources ont baissé, et aider la personne à faire sa déclaration trimestrielle en ligne.", 72, y, 450, 11, 14)
	return d.write(d.addPages(res, []string{p1.b.String(), p2.b.String(), p3.b.String()}))
}

func table() []byte {
	d := &doc{}
	res := d.fonts()
	var p page
	p.text(fontBold, 14, 72, 770, "Prestations et montants")
	y := p.para("Le tableau ci-dessous reprend les montants mensuels au premier avril.", 72, 745, 450, 11, 14)
	y -= 12
	cols := []float64{72, 230, 420}
	rows := [][]string{
		{"Prestation", "Public", "Montant mensuel"},
		{"RSA", "Personne seule sans ressources", "607,75 €"},
		{"Prime d’activité", "Travailleur à revenus modestes", "595,25 €"},
		{"AAH", "Adulte handicapé", "1 016,05 €"},
	}
	for i, r := range rows {
		for j, c := range r {
			font := fontRegular
			if i == 0 {
				font = fontBold
			}
			p.text(font, 10, cols[j], y, c)
		}
		y -= 18
	}
	y -= 12
	p.para("Ces montants sont revalorisés chaque année.", 72, y, 450, 11, 14)
	return d.write(d.addPages(res, []string{p.b.String()}))
}

func outline() []byte {
	d := &doc{}
	res := d.fonts()
	var p1, p2, p3 page
	heading := func(p *page, y float64, s string) { p.text(fontBold, 11, 72, y, s) }
	heading(&p1, 770, "Partie 1 : Le diagnostic")
	y := p1.para("Le diagnostic part de la demande de la personne et de ce qu’elle dit de sa situation.", 72, 750, 450, 11, 14)
	y -= 14
	heading(&p1, y, "1.1 Les besoins")
	p1.para("Les besoins sont listés avec la personne, domaine par domaine : logement, santé, ressources, emploi.", 72, y-20, 450, 11, 14)
	heading(&p2, 770, "1.2 Les ressources")
	p2.para("Les ressources comprennent les revenus, mais aussi l’entourage et les compétences de la personne.", 72, 750, 450, 11, 14)
	heading(&p3, 770, "Partie 2 : Le plan d’action")
	p3.para("Le plan d’action découle du diagnostic ; chaque action a un responsable et une échéance.", 72, 750, 450, 11, 14)
	pagesObj := d.addPages(res, []string{p1.b.String(), p2.b.String(), p3.b.String()})

	root := d.reserve()
	part1, b11, b12, part2 := d.reserve(), d.reserve(), d.reserve(), d.reserve()
	dest := func(page int) string { return fmt.Sprintf("[%d 0 R /XYZ 0 842 0]", d.pages[page]) }
	d.set(root, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count 4 >>", part1, part2))
	d.set(part1, fmt.Sprintf("<< /Title %s /Parent %d 0 R /Next %d 0 R /First %d 0 R /Last %d 0 R /Count 2 /Dest %s >>", textString("Partie 1 : Le diagnostic"), root, part2, b11, b12, dest(0)))
	d.set(b11, fmt.Sprintf("<< /Title %s /Parent %d 0 R /Next %d 0 R /Dest %s >>", textString("1.1 Les besoins"), part1, b12, dest(0)))
	d.set(b12, fmt.Sprintf("<< /Title %s /Parent %d 0 R /Prev %d 0 R /Dest %s >>", textString("1.2 Les ressources"), part1, b11, dest(1)))
	d.set(part2, fmt.Sprintf("<< /Title %s /Parent %d 0 R /Prev %d 0 R /Dest %s >>", textString("Partie 2 : Le plan d’action"), root, part1, dest(2)))
	d.outline = root
	return d.write(pagesObj)
}

func french() []byte {
	d := &doc{info: map[string]string{"Title": "Contrat d’engagement réciproque", "Author": "Département"}}
	res := d.fonts()
	var p page
	p.text(fontBold, 16, 72, 770, "Contrat d’engagement réciproque")
	y := p.para("Élaboré avec l’usager, le « contrat d’engagement réciproque » précise les démarches à accomplir\u00a0: recherche d’emploi, soins, logement. Où en est-on ? Ça dépend de chacun ; l’œuvre est commune.", 72, 740, 450, 11, 14)
	y -= 10
	p.para("Noël, Zoé et Anaïs ont signé le contrat le 3 décembre — un moment attendu… « Enfin ! » disent-ils.", 72, y, 450, 11, 14)
	return d.write(d.addPages(res, []string{p.b.String()}))
}

// scan draws a small grey image and no text on each page; with text, the first page also has
// a line of text, so that only the other pages lack a text layer.
func scan(withText bool) []byte {
	d := &doc{}
	img := d.add(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n%s\nendstream", "\x40\x80\xc0\xff"))
	f1 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	res := fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>", f1, img)
	draw := "q 400 0 0 600 90 120 cm /Im1 Do Q"
	contents := []string{draw, draw, draw}
	if withText {
		var p page
		p.text(fontRegular, 12, 72, 770, "Seule cette page a une couche de texte.")
		contents[0] = p.b.String()
	}
	return d.write(d.addPages(res, contents))
}

// recursive has a form XObject that draws itself.
func recursive() []byte {
	d := &doc{}
	f1 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	form := d.reserve()
	content := "BT /F1 12 Tf 72 700 Td (Boucle) Tj ET /X1 Do"
	d.set(form, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> /XObject << /X1 %d 0 R >> >> /Length %d >>\nstream\n%s\nendstream", f1, form, len(content), content))
	res := fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /X1 %d 0 R >> >>", f1, form)
	var p page
	p.text(fontRegular, 12, 72, 770, "Un objet qui se dessine lui-même.")
	return d.write(d.addPages(res, []string{p.b.String() + "/X1 Do"}))
}

// inlineImages is laid out as Ghostscript lays out office documents: text boxes with shadows
// and check boxes drawn as many small inline images in Flate content streams. Page 1 gives its
// stream a direct /Length, page 2 an indirect one; page 3 has inline images and no text, as a
// scan made of image strips would. The images use the three ways their data ends: counted
// (unfiltered, with "EI" among the data bytes), hexadecimal, and binary Flate data found by
// its EI.
func inlineImages() []byte {
	d := &doc{info: map[string]string{"Producer": "socle testdata/gen (Ghostscript-like inline images)"}}
	res := d.fonts()
	images := func(p *page, n int, y0 float64) {
		var packed bytes.Buffer
		zw := zlib.NewWriter(&packed)
		_, _ = zw.Write(bytes.Repeat([]byte{0xf0, 0x0f, 0xaa}, 32))
		_ = zw.Close()
		for i := 0; i < n; i++ {
			x, y := 60+float64(i%40)*12, y0-float64(i/40)*12
			fmt.Fprintf(&p.b, "q 10 0 0 10 %g %g cm\n", x, y)
			switch i % 3 {
			case 0: // 16 rows of 2 bytes, which read as an EI followed by content, to catch a
				// reader that searches for the end of data it could count
				p.b.WriteString("BI /IM true /W 16 /H 16 /BPC 1 /D [1 0] ID ")
				p.b.WriteString(strings.Repeat("\nEI\nQ q 0 g 0 G\n", 2))
				p.b.WriteString("\nEI\n")
			case 1:
				p.b.WriteString("BI /W 4 /H 4 /CS /G /BPC 8 /F /AHx ID 00ff00ff00ff00ff00ff00ff00ff00ff> EI\n")
			case 2:
				p.b.WriteString("BI /W 16 /H 16 /CS /RGB /BPC 1 /F /Fl /DP << /Predictor 1 >> ID ")
				p.b.Write(packed.Bytes())
				p.b.WriteString("\nEI\n")
			}
			p.b.WriteString("Q\n")
		}
	}
	var p1, p2, p3 page
	p1.text(fontBold, 14, 72, 770, "Notice de l’accompagnement socio-professionnel")
	images(&p1, 80, 750)
	p1.para("Le référent reçoit la personne dans le mois qui suit l’orientation ; ensemble ils construisent le contrat d’engagement réciproque, qui fixe les démarches des six mois à venir.", 72, 640, 450, 11, 14)
	images(&p1, 40, 590)
	p1.para("Les cases à cocher et les ombres de cette page sont des images en ligne : elles ne portent aucun texte.", 72, 540, 450, 11, 14)
	p2.text(fontBold, 14, 72, 770, "Étape 2 : le suivi")
	images(&p2, 60, 750)
	p2.para("Un rendez-vous de suivi a lieu chaque mois ; le contrat est revu à mi-parcours avec la personne.", 72, 660, 450, 11, 14)
	images(&p3, 90, 750)

	res1 := d.add(res)
	pagesObj := d.reserve()
	var kids []string
	for i, c := range []string{p1.b.String(), p2.b.String(), p3.b.String()} {
		var packed bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&packed, zlib.BestCompression)
		_, _ = zw.Write([]byte(c))
		_ = zw.Close()
		length := fmt.Sprint(packed.Len())
		if i == 1 {
			length = fmt.Sprintf("%d 0 R", d.add(length))
		}
		stream := d.add(fmt.Sprintf("<< /Length %s /Filter /FlateDecode >>\nstream\n%s\nendstream", length, packed.String()))
		p := d.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %d 0 R /Contents %d 0 R >>", pagesObj, res1, stream))
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	d.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	return d.write(pagesObj)
}

// bomb has a content stream compressed twice that expands to 256 MB of spaces from a few
// kilobytes.
func bomb() []byte {
	const size = 256 << 20
	var inner bytes.Buffer
	zw := zlib.NewWriter(&inner)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < size/len(chunk); i++ {
		_, _ = zw.Write(chunk)
	}
	_ = zw.Close()
	var outer bytes.Buffer
	zw = zlib.NewWriter(&outer)
	_, _ = zw.Write(inner.Bytes())
	_ = zw.Close()

	d := &doc{}
	f1 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	res := d.add(fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", f1))
	pagesObj := d.reserve()
	text := "BT /F1 12 Tf 72 770 Td (Une bombe de decompression.) Tj ET"
	s1 := d.add(streamObj(text))
	s2 := d.add(fmt.Sprintf("<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n%s\nendstream", outer.Len(), outer.String()))
	p := d.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %d 0 R /Contents [%d 0 R %d 0 R] >>", pagesObj, res, s1, s2))
	d.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", p))
	return d.write(pagesObj)
}

// --- encryption: the standard security handler, revision 2 (RC4, 40 bits) ---

var padding = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

type rc4Key struct {
	key, o, u, id []byte
	p             int32
}

func pad(pw string) []byte { return append([]byte(pw), padding...)[:32] }

func newRC4Key(user, owner string) *rc4Key {
	k := &rc4Key{p: -44, id: []byte("socle-testdata!!")}
	h := md5.Sum(pad(owner))
	c, _ := rc4.NewCipher(h[:5])
	k.o = make([]byte, 32)
	c.XORKeyStream(k.o, pad(user))
	m := md5.New()
	m.Write(pad(user))
	m.Write(k.o)
	_ = binary.Write(m, binary.LittleEndian, k.p)
	m.Write(k.id)
	k.key = m.Sum(nil)[:5]
	c, _ = rc4.NewCipher(k.key)
	k.u = make([]byte, 32)
	c.XORKeyStream(k.u, padding)
	return k
}

func (k *rc4Key) dict() string {
	return fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /Length 40 /O <%x> /U <%x> /P %d >>", k.o, k.u, k.p)
}

func (k *rc4Key) objectKey(n int) []byte {
	m := md5.New()
	m.Write(k.key)
	m.Write([]byte{byte(n), byte(n >> 8), byte(n >> 16), 0, 0})
	return m.Sum(nil)[:10]
}

// encryptObject encrypts the stream of an object; the fixture keeps strings only in streams.
func (k *rc4Key) encryptObject(n int, body string) string {
	i := strings.Index(body, "stream\n")
	j := strings.LastIndex(body, "\nendstream")
	if i < 0 || j < 0 {
		return body
	}
	data := []byte(body[i+len("stream\n") : j])
	c, _ := rc4.NewCipher(k.objectKey(n))
	c.XORKeyStream(data, data)
	return body[:i+len("stream\n")] + string(data) + body[j:]
}

func encrypted() []byte {
	d := &doc{encrypt: newRC4Key("secret", "owner")}
	f1 := d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var p page
	p.text(fontRegular, 12, 72, 770, "Texte confidentiel.")
	return d.write(d.addPages(fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", f1), []string{p.b.String()}))
}
