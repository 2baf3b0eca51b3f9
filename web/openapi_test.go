package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/socle-project/socle/web"
)

// specOperations lists the description's operations as "METHOD /path".
func specOperations(t *testing.T, spec []byte) []string {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	must(t, json.Unmarshal(spec, &doc))
	var out []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options":
				out = append(out, strings.ToUpper(method)+" "+path)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestOpenAPIRoutes: the description names every API route the server registers, and nothing
// else; it is a valid OpenAPI 3.1 document.
func TestOpenAPIRoutes(t *testing.T) {
	spec, err := web.OpenAPI()
	must(t, err)
	var served []string
	for _, rt := range (&web.Server{}).Routes() {
		if strings.HasPrefix(rt.Pattern, "/api/") { // the catch-all answering unknown addresses
			continue
		}
		if method, path, ok := strings.Cut(rt.Pattern, " "); ok && strings.HasPrefix(path, "/api/v1/") {
			served = append(served, method+" "+path)
		}
	}
	slices.Sort(served)
	described := specOperations(t, spec)
	for _, op := range served {
		if !slices.Contains(described, op) {
			t.Errorf("route %s is not in web/openapi/openapi.yaml: describe it", op)
		}
	}
	for _, op := range described {
		if !slices.Contains(served, op) {
			t.Errorf("web/openapi/openapi.yaml describes %s, which the server does not serve", op)
		}
	}
	if len(served) < 50 {
		t.Fatalf("only %d API routes found", len(served))
	}
	doc, err := libopenapi.NewDocument(spec)
	must(t, err)
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("the description is not valid OpenAPI 3.1: %s %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s: %s", se.FieldPath+" "+se.KeywordLocation, se.Reason)
			}
		}
	}
}

// TestOpenAPIExamples sends real requests to a test server, a caseworker's and a lead's, and
// validates each request and its response against the description: plans made, finished,
// saved, read, rated and exported, a digest, the doctrine read and searched, and errors.
func TestOpenAPIExamples(t *testing.T) {
	st, vectors := storeModes[0].open(t)
	tm := newTeam(t, st, vectors)
	sections := tm.publishGuide(t)
	spec, err := web.OpenAPI()
	must(t, err)
	doc, err := libopenapi.NewDocument(spec)
	must(t, err)
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}

	send := func(who, method, path, body string) (int, []byte) {
		t.Helper()
		mk := func() *http.Request {
			var rd io.Reader
			if body != "" {
				rd = strings.NewReader(body)
			}
			req, err := http.NewRequest(method, tm.srv.URL+path, rd)
			must(t, err)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if who != "" {
				req.Header.Set("Authorization", "Bearer "+tm.tokens[who])
			}
			return req
		}
		resp, err := http.DefaultClient.Do(mk())
		must(t, err)
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(data))
		if ok, verrs := v.ValidateHttpRequestResponse(mk(), resp); !ok {
			for _, e := range verrs {
				t.Errorf("%s %s (%d): %s: %s", method, path, resp.StatusCode, e.Message, e.Reason)
				for _, se := range e.SchemaValidationErrors {
					t.Errorf("  %s: %s", se.FieldPath+" "+se.KeywordLocation, se.Reason)
				}
			}
			t.Logf("answer: %s", data)
		}
		return resp.StatusCode, data
	}
	want := func(code, status int, what string, body []byte) {
		t.Helper()
		if code != status {
			t.Fatalf("%s: %d, want %d: %s", what, code, status, body)
		}
	}

	code, b := send("", "GET", "/api/v1/openapi.json", "")
	want(code, 200, "openapi.json", b)
	code, b = send("caseworker", "GET", "/api/v1/me", "")
	want(code, 200, "me", b)
	code, b = send("caseworker", "GET", "/api/v1/guides", "")
	want(code, 200, "guides", b)
	code, b = send("lead", "GET", "/api/v1/guides/accueil", "")
	want(code, 200, "guide", b)
	code, b = send("caseworker", "GET", "/api/v1/guides/accueil/versions/1/sections", "")
	want(code, 200, "sections", b)
	code, b = send("caseworker", "GET", "/api/v1/guides/accueil/versions/1/sections/"+sections[0], "")
	want(code, 200, "section", b)
	for _, q := range []string{"q=impay%C3%A9s", "mode=situation&q=" + url.QueryEscape("Trois mois d'impayés de loyer")} {
		code, b = send("caseworker", "GET", "/api/v1/search?"+q, "")
		want(code, 200, "search", b)
	}
	code, b = send("caseworker", "GET", "/api/v1/glossary", "")
	want(code, 200, "glossary", b)
	code, b = send("caseworker", "GET", "/api/v1/settings", "")
	want(code, 200, "settings", b)

	code, b = send("caseworker", "POST", "/api/v1/plans", `{"situation": "Trois mois d'impayés de loyer, le bailleur menace.", "facts": {"age": 40}}`)
	want(code, 200, "make a plan", b)
	draft := decode[struct{ Draft string }](t, string(b)).Draft
	code, b = send("caseworker", "POST", "/api/v1/plans", `{"draft": "`+draft+`", "save": true, "retention_days": 30, "steps": [{"action": "Rappeler la personne", "who": "caseworker", "due": "2027-01-05"}, {"from": 0, "who": "partner", "partner": "CCAS"}]}`)
	want(code, 200, "save the draft", b)
	id := decode[struct{ ID string }](t, string(b)).ID
	code, b = send("caseworker", "GET", "/api/v1/plans", "")
	want(code, 200, "plans", b)
	code, b = send("caseworker", "GET", "/api/v1/plans/"+id, "")
	want(code, 200, "plan", b)
	code, b = send("caseworker", "POST", "/api/v1/plans/"+id+"/feedback", `{"step": 1, "verdict": "useful"}`)
	want(code, 204, "feedback", b)
	code, b = send("caseworker", "GET", "/api/v1/plans/"+id+"/markdown", "")
	want(code, 200, "markdown", b)
	code, b = send("caseworker", "GET", "/api/v1/plans/"+id+"/text", "")
	want(code, 200, "text", b)
	code, b = send("caseworker", "POST", "/api/v1/digests", `{"notes": [{"date": "2026-11-02", "text": "Madame, 34 ans, locataire. Trois mois d'impayés de loyer."}, {"date": "05/11/2026", "text": "Coupure d'électricité annoncée."}]}`)
	want(code, 200, "digest", b)
	code, b = send("lead", "GET", "/api/v1/jobs", "")
	want(code, 200, "jobs", b)

	// Errors have their documented shape.
	code, b = send("caseworker", "GET", "/api/v1/plans/no-such-plan", "")
	want(code, 404, "missing plan", b)
	code, b = send("caseworker", "POST", "/api/v1/plans", `{"situation": ""}`)
	want(code, 400, "empty situation", b)
	code, b = send("caseworker", "DELETE", "/api/v1/plans/"+id, "")
	want(code, 204, "delete", b)
}
