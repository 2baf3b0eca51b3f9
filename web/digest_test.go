package web_test

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// privateNotes is a case file as caseworkers write it: names, phones, e-mail, NIR, IBAN,
// address and birth date, over several dated notes.
const privateNotes = "2026-09-14 : Premier entretien avec Mme Sophie GARNIER, née le 03/05/1984, 41 ans, au 12 rue des Lilas, 38000 Grenoble. " +
	"Elle vit seule avec son fils Lucas, 9 ans. Joignable au 06 12 34 56 78 ou à sophie.garnier@example.fr.\n" +
	"NIR 2 84 05 75 112 233 45. Sans emploi depuis juin, elle perçoit le RSA.\n\n" +
	"03/10/2026 – Mme Garnier signale trois mois d'impayés de loyer. Le bailleur a fait délivrer un commandement de payer.\n" +
	"IBAN FR76 3000 6000 0112 3456 7890 189 transmis pour le FSL.\n\n" +
	"2026-11-02 : Appel de Mme Clothilde Varenne (voisine, 07 98 76 54 32) : l'électricité sera coupée la semaine prochaine.\n"

var situationField = regexp.MustCompile(`name="situation" value="([^"]*)"`)

// TestDigestToPlanKeepsNoIdentifier goes from a case file to a saved plan through the pages, in
// both store modes: notes uploaded, digest, plan made from it in one click, finished with a
// step of the caseworker's own naming someone, saved, reopened, exported. No page answer
// (digest, plan, saved plan, exports), no log, no byte of the store or of the indexes holds an
// identifier.
func TestDigestToPlanKeepsNoIdentifier(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)
			tm.publishGuide(t)
			c := client(t)
			resp, err := c.PostForm(tm.srv.URL+"/login", url.Values{"email": {tm.emails["caseworker"]}, "password": {password}, "next": {"/"}})
			must(t, err)
			resp.Body.Close()
			check := func(what, page string) {
				t.Helper()
				if found := leaked([]byte(page)); len(found) > 0 {
					t.Errorf("%s holds %v", what, found)
				}
			}

			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", "dossier.txt")
			fw.Write([]byte(privateNotes))
			mw.WriteField("notes", "")
			mw.Close()
			req, _ := http.NewRequest("POST", tm.srv.URL+"/digest", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			resp, err = c.Do(req)
			must(t, err)
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			digest := string(data)
			if resp.StatusCode != 200 || !strings.Contains(digest, `id="note-3"`) || !strings.Contains(digest, "Logement (") || !strings.Contains(digest, "[PERSONNE_1]") {
				t.Fatalf("digest page: %d\n%s", resp.StatusCode, digest)
			}
			check("the digest page", digest)
			m := situationField.FindStringSubmatch(digest)
			if m == nil {
				t.Fatalf("no situation to make the plan from in\n%s", digest)
			}

			// One click: the digest's form posts its situation.
			draft, rows, page := makeDraft(t, c, tm.srv.URL, html.UnescapeString(m[1]))
			check("the plan page", page)
			// The sealed draft in the page holds the pseudonymized plan only: opened with the
			// organization's key, for the member, it names nobody.
			u, err := s.UserByEmail(context.Background(), tm.emails["caseworker"])
			must(t, err)
			check("the sealed draft", openSealed(t, s, tm.org.ID, u.ID, draft))
			if len(rows) == 0 {
				t.Fatalf("the plan from the digest has no step:\n%s", page)
			}
			form := url.Values{"draft": {draft}, "finish": {"1"}, "row": {rows[0], "o1"},
				"who." + rows[0]: {"partner"}, "partner." + rows[0]: {"Mme Clothilde Varenne, 07 98 76 54 32"},
				"text.o1": {"Rappeler Sophie Garnier au 06 12 34 56 78 (sophie.garnier@example.fr)"}, "due.o1": {"2026-12-01"}}
			resp, err = c.PostForm(tm.srv.URL+"/plans", form)
			must(t, err)
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d", resp.StatusCode)
			}
			id := strings.TrimPrefix(resp.Header.Get("Location"), "/plans/")
			for _, u := range []string{"/plans/" + id, "/plans/" + id + "/print", "/api/v1/plans/" + id, "/api/v1/plans/" + id + "/text", "/api/v1/plans/" + id + "/markdown", "/plans"} {
				code, out := body(t, c, "GET", tm.srv.URL+u, nil)
				if code != 200 {
					t.Fatalf("GET %s: %d", u, code)
				}
				check(u, out)
			}
			tm.usage.Flush()
			checkNoIdentifier(t, tm, s)
		})
	}
}

// openSealed opens a sealed draft as the server does (AES-256-GCM with the organization's
// key, nonce first, bound to the organization and member), for the tests to read what it holds.
func openSealed(t *testing.T, s socle.Store, orgID, userID, sealed string) string {
	t.Helper()
	key, err := s.DraftKey(context.Background(), orgID)
	must(t, err)
	block, err := aes.NewCipher(key)
	must(t, err)
	aead, err := cipher.NewGCM(block)
	must(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	must(t, err)
	data, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte("socle-draft\x00"+orgID+"\x00"+userID))
	must(t, err)
	if !strings.Contains(string(data), `"Steps"`) {
		t.Fatalf("the draft opened holds no plan: %s", data)
	}
	return string(data)
}
