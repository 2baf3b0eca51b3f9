package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// publishGuide uploads leadGuide as guide "accueil" and has it published, returning the
// section ids in order.
func (tm *team) publishGuide(t *testing.T) []string {
	t.Helper()
	code, b := tm.call(t, "lead", "POST", "/api/v1/guides", uploadForm(t, "accueil.md", []byte(leadGuide), map[string]string{"slug": "accueil"}))
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, b)
	}
	tm.waitForJob(t, "lead", decode[jobReply](t, b).ID)
	tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "review"}`)
	if code, b := tm.call(t, "lead2", "POST", "/api/v1/guides/accueil/versions/1/state", `{"state": "published"}`); code != http.StatusOK {
		t.Fatalf("publish: %d %s", code, b)
	}
	_, b = tm.call(t, "lead", "GET", "/api/v1/guides/accueil/versions/1/sections", nil)
	var ids []string
	for _, s := range decode[struct{ Sections []struct{ ID string } }](t, b).Sections {
		ids = append(ids, s.ID)
	}
	return ids
}

type pathReply struct {
	ID        string
	Revision  int
	Published *struct {
		Steps []struct {
			ID, Status, Diff string
			SectionID        string `json:"section_id"`
		}
	}
}

// TestPathsAPI goes through a trainer's work and a newcomer's over the API, in both store
// modes: a path from a suggestion, a question, publication, assignment; reading and answering;
// the dashboard; a publication that changes a section used by the path.
func TestPathsAPI(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)
			tm.publishGuide(t)

			code, b := tm.call(t, "trainer", "GET", "/api/v1/paths/suggest?from=guide&guide=accueil", nil)
			if code != http.StatusOK {
				t.Fatalf("suggest: %d %s", code, b)
			}
			// The trainer edits the suggestion: a question on the first step, and an audience.
			body := strings.Replace(b, `"steps":[{`, `"audience": {"role": "caseworker"}, "steps":[{"question": {"prompt": "Quand contacter le bailleur ?", "choices": [{"text": "Dès le premier impayé", "right": true}, {"text": "Après trois mois"}], "explanation": "Le guide dit : dès le premier impayé."}, `, 1)
			code, b = tm.call(t, "trainer", "POST", "/api/v1/paths", body)
			if code != http.StatusCreated {
				t.Fatalf("create: %d %s", code, b)
			}
			id := decode[pathReply](t, b).ID
			if code, b := tm.call(t, "trainer", "POST", "/api/v1/paths/"+id+"/publish", nil); code != http.StatusOK || decode[pathReply](t, b).Revision != 1 {
				t.Fatalf("publish: %d %s", code, b)
			}
			if code, b := tm.call(t, "trainer", "POST", "/api/v1/paths/"+id+"/assign", `{"members": ["`+tm.emails["caseworker"]+`"]}`); code != http.StatusOK || !strings.Contains(b, `"assigned":1`) {
				t.Fatalf("assign: %d %s", code, b)
			}

			// The caseworker reads two steps and answers the question, wrong then right.
			code, b = tm.call(t, "caseworker", "GET", "/api/v1/me/paths/"+id, nil)
			mine := decode[struct {
				Steps []struct {
					ID       string
					Text     string
					Question *struct{ Choices []string }
				}
			}](t, b)
			if code != http.StatusOK || len(mine.Steps) < 2 || mine.Steps[0].Question == nil || !strings.Contains(mine.Steps[0].Text, "bailleur") {
				t.Fatalf("the caseworker's path: %d %s", code, b)
			}
			if strings.Contains(b, `"right"`) {
				t.Fatalf("the member's path shows which answers are right: %s", b)
			}
			first, second := mine.Steps[0].ID, mine.Steps[1].ID
			for _, st := range []string{first, second} {
				if code, b := tm.call(t, "caseworker", "POST", "/api/v1/me/paths/"+id+"/steps/"+st+"/read", nil); code != http.StatusOK {
					t.Fatalf("read: %d %s", code, b)
				}
			}
			for i, tc := range []struct {
				choice string
				right  bool
			}{{"1", false}, {"0", true}} {
				code, b := tm.call(t, "caseworker", "POST", "/api/v1/me/paths/"+id+"/steps/"+first+"/answer", `{"choices": [`+tc.choice+`]}`)
				ans := decode[struct {
					Right       bool
					Attempts    int
					Explanation string
				}](t, b)
				if code != http.StatusOK || ans.Right != tc.right || ans.Attempts != i+1 || ans.Explanation == "" {
					t.Fatalf("answer %d: %d %s", i+1, code, b)
				}
			}

			// The dashboard shows exactly that.
			code, b = tm.call(t, "trainer", "GET", "/api/v1/paths/"+id+"/progress", nil)
			dash := decode[struct {
				Members []struct {
					Email string
					Done  int
					Steps []struct {
						ReadAt   *string `json:"read_at"`
						Attempts int
						Right    *bool
					}
				}
				Steps []struct {
					Read, Answered, Right int
					ShareRight            int `json:"share_right"`
				}
			}](t, b)
			if code != http.StatusOK || len(dash.Members) != 1 || dash.Members[0].Email != tm.emails["caseworker"] || dash.Members[0].Done != 2 {
				t.Fatalf("dashboard: %d %s", code, b)
			}
			cells := dash.Members[0].Steps
			if cells[0].ReadAt == nil || cells[0].Attempts != 2 || cells[0].Right == nil || !*cells[0].Right || cells[1].ReadAt == nil || cells[1].Attempts != 0 || len(cells) != 2 {
				t.Fatalf("dashboard cells: %s", b)
			}
			if dash.Steps[0].Answered != 1 || dash.Steps[0].ShareRight != 100 || dash.Steps[0].Read != 1 || dash.Steps[1].Answered != 0 {
				t.Fatalf("dashboard by step: %s", b)
			}
			for _, who := range []string{"lead", "admin"} {
				if code, _ := tm.call(t, who, "GET", "/api/v1/paths/"+id+"/progress", nil); code != http.StatusOK {
					t.Fatalf("%s reads the dashboard: %d", who, code)
				}
			}
			if code, _ := tm.call(t, "caseworker", "GET", "/api/v1/paths/"+id+"/progress", nil); code != http.StatusForbidden {
				t.Fatalf("a caseworker reads the organization's progress: %d, want 403", code)
			}

			// A lead publishes a version changing the first step's section.
			_, b = tm.call(t, "lead", "GET", "/api/v1/paths/"+id, nil)
			section := decode[pathReply](t, b).Published.Steps[0].SectionID
			code, b = tm.call(t, "lead", "PUT", "/api/v1/guides/accueil/versions/1/sections/"+section,
				`{"text": "Dès le premier impayé, contacter le bailleur sous huit jours pour proposer un plan d'apurement.\n\nSaisir le FSL lorsque le plan ne suffit pas."}`)
			if code != http.StatusCreated {
				t.Fatalf("section edit: %d %s", code, b)
			}
			tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "review"}`)
			if code, b := tm.call(t, "lead2", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "published"}`); code != http.StatusOK {
				t.Fatalf("publish v2: %d %s", code, b)
			}
			code, b = tm.call(t, "caseworker", "GET", "/api/v1/me/paths/"+id, nil)
			after := decode[struct {
				Steps []struct {
					ToReread bool `json:"to_reread"`
					Version  int
					Text     string
				}
			}](t, b)
			if code != http.StatusOK || !after.Steps[0].ToReread || after.Steps[1].ToReread || after.Steps[0].Version != 2 || !strings.Contains(after.Steps[0].Text, "sous huit jours") {
				t.Fatalf("the caseworker's path after the change: %d %s", code, b)
			}
			_, b = tm.call(t, "trainer", "GET", "/api/v1/paths/"+id, nil)
			steps := decode[pathReply](t, b).Published.Steps
			if steps[0].Status != "updated" || steps[1].Status != "current" || steps[0].Diff != "/api/v1/guides/accueil/diff?from=1&to=2" {
				t.Fatalf("the trainer's path after the change: %s", b)
			}
			// Another organization never sees the path.
			if code, _ := tm.call(t, "outsider", "GET", "/api/v1/paths/"+id, nil); code != http.StatusNotFound {
				t.Fatalf("another organization's lead reads the path: %d, want 404", code)
			}
		})
	}
}

// TestPathsBadInput refuses, each with a clear message, a step on a draft or on another
// organization's section, a question with no right answer, an assignment to a non-member, and a
// caseworker editing a path.
func TestPathsBadInput(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	ids := tm.publishGuide(t)
	// A draft version 2.
	tm.call(t, "lead", "PUT", "/api/v1/guides/accueil/versions/1/sections/"+ids[0], `{"text": "Texte en cours de relecture."}`)
	step := func(extra string) string {
		return `{"title": "Parcours", "steps": [{"guide": "accueil", "section_id": "` + ids[0] + `"` + extra + `}]}`
	}
	for _, tc := range []struct {
		name, who, body string
		status          int
		says            string
	}{
		{"a step on a draft", "trainer", step(`, "version": 2`), http.StatusBadRequest, "not published doctrine"},
		{"a step on another organization's guide", "trainer", `{"title": "P", "steps": [{"guide": "ailleurs-only", "section_id": "` + ids[0] + `"}]}`, http.StatusBadRequest, "not one of this organization's guides"},
		{"a question with no right answer", "trainer", step(`, "question": {"prompt": "?", "choices": [{"text": "a"}, {"text": "b"}]}`), http.StatusBadRequest, "no right answer"},
		{"an assignment to a non-member", "trainer", `{"title": "P", "audience": {"members": ["` + tm.emails["outsider"] + `"]}, "steps": []}`, http.StatusBadRequest, "not a member"},
		{"a caseworker", "caseworker", step(""), http.StatusForbidden, "does not allow"},
		{"a lead", "lead", step(""), http.StatusForbidden, "does not allow"},
		{"no title", "trainer", `{"steps": []}`, http.StatusBadRequest, "title"},
	} {
		code, b := tm.call(t, tc.who, "POST", "/api/v1/paths", tc.body)
		if code != tc.status || !strings.Contains(b, tc.says) {
			t.Errorf("%s: %d %s, want %d saying %q", tc.name, code, b, tc.status, tc.says)
		}
	}
	code, b := tm.call(t, "trainer", "POST", "/api/v1/paths", step(""))
	if code != http.StatusCreated {
		t.Fatalf("a good path: %d %s", code, b)
	}
	id := decode[pathReply](t, b).ID
	if code, b := tm.call(t, "trainer", "POST", "/api/v1/paths/"+id+"/assign", `{"members": ["`+tm.emails["caseworker"]+`"]}`); code != http.StatusConflict || !strings.Contains(b, "publish the path") {
		t.Fatalf("assigning an unpublished path: %d %s", code, b)
	}
	tm.call(t, "trainer", "POST", "/api/v1/paths/"+id+"/publish", nil)
	if code, b := tm.call(t, "trainer", "POST", "/api/v1/paths/"+id+"/assign", `{"members": ["personne@nulle.part"]}`); code != http.StatusBadRequest || !strings.Contains(b, "not a member") {
		t.Fatalf("assigning to nobody: %d %s", code, b)
	}
	if code, _ := tm.call(t, "caseworker", "PUT", "/api/v1/paths/"+id, step("")); code != http.StatusForbidden {
		t.Fatalf("a caseworker edits a path: %d, want 403", code)
	}
	if code, _ := tm.call(t, "caseworker", "GET", "/api/v1/me/paths/"+id, nil); code != http.StatusNotFound {
		t.Fatalf("a caseworker opens a path not assigned: %d, want 404", code)
	}
}
