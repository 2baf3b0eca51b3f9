package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/training"
)

// The trainers' pages: learning paths, written from a suggestion, published, assigned and
// followed. The builder is one form: its buttons add, move and remove steps without losing
// what was typed, and only "save" stores the draft.

// pathsView lists the organization's paths.
type pathsView struct {
	Paths   []training.PathView
	Guides  []socle.Guide
	CanEdit bool
}

func (s *Server) pathsPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	paths, err := s.Store.LearningPaths(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	v := pathsView{CanEdit: p.Can(access.ManagePaths)}
	for _, lp := range paths {
		pv, err := s.Training.View(r.Context(), p.Org.ID, lp.ID)
		if err != nil {
			return err
		}
		v.Paths = append(v.Paths, pv)
	}
	if v.Guides, err = s.publishedGuides(r, p); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "paths", messages[lang(r)]["paths.title"], &p, v)
}

// publishedGuides lists the guides a path may go through: published methodology guides and
// references.
func (s *Server) publishedGuides(r *http.Request, p access.Principal) ([]socle.Guide, error) {
	sums, err := s.Authoring.Overview(r.Context(), p.Org.ID, false)
	if err != nil {
		return nil, err
	}
	var out []socle.Guide
	for _, g := range sums {
		if g.Published != nil && g.Guide.Kind != socle.KindCatalog {
			out = append(out, g.Guide)
		}
	}
	return out, nil
}

// builderView is the path builder.
type builderView struct {
	ID       string // empty for a new path
	Draft    training.Draft
	Sections []sectionChoice // what a step may point to
	Members  []memberChoice
	Error    string
}

// sectionChoice is a published section offered to a step.
type sectionChoice struct {
	Guide  string // guide title, for the option group
	Value  string // slug/section id
	Label  string
	Opened bool // first of its guide
}

type memberChoice struct {
	ID, Label string
	Chosen    bool
}

// builder fills what the builder shows beside the draft.
func (s *Server) builder(r *http.Request, p access.Principal, id string, d training.Draft) (builderView, error) {
	v := builderView{ID: id, Draft: d}
	guides, err := s.publishedGuides(r, p)
	if err != nil {
		return v, err
	}
	for _, g := range guides {
		page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, g.Slug, 0, false)
		if err != nil {
			return v, err
		}
		for i, sec := range page.Sections {
			if strings.TrimSpace(sec.Text) == "" {
				continue
			}
			label := g.Title
			if len(sec.Path) > 0 {
				label = strings.Join(sec.Path, " › ")
			}
			v.Sections = append(v.Sections, sectionChoice{Guide: g.Title, Value: g.Slug + "/" + sec.ID, Label: label, Opened: i == 0})
		}
	}
	people, err := s.people(r.Context(), p.Org.ID)
	if err != nil {
		return v, err
	}
	ms, err := s.Store.Members(r.Context(), p.Org.ID)
	if err != nil {
		return v, err
	}
	for _, m := range ms {
		v.Members = append(v.Members, memberChoice{ID: m.UserID, Label: people[m.UserID], Chosen: slices.Contains(d.Audience.Members, m.UserID)})
	}
	slices.SortFunc(v.Members, func(a, b memberChoice) int { return strings.Compare(a.Label, b.Label) })
	return v, nil
}

// newPathPage opens the builder on a suggestion (?from=guide&guide=slug, ?from=usage&days=90)
// or on nothing.
func (s *Server) newPathPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var d training.Draft
	var err error
	switch r.FormValue("from") {
	case "guide":
		d, err = s.Training.FromGuide(r.Context(), p.Org.ID, r.FormValue("guide"))
	case "usage":
		d, _, err = s.Training.FromUsage(r.Context(), p.Org.ID, usageSince(r))
	}
	if err != nil {
		return err
	}
	d.Audience.Role = socle.RoleCaseworker
	v, err := s.builder(r, p, "", d)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "path_edit", messages[lang(r)]["paths.new"], &p, v)
}

// usageSince reads ?days= (default 90) as the start of the usage period.
func usageSince(r *http.Request) time.Time {
	days, err := strconv.Atoi(r.FormValue("days"))
	if err != nil || days <= 0 || days > 3650 {
		days = 90
	}
	return socle.Now().AddDate(0, 0, -days)
}

func (s *Server) editPathPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	lp, err := s.Store.LearningPath(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.builder(r, p, lp.ID, draftOf(lp))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "path_edit", lp.Current().Title, &p, v)
}

// draftOf turns a path's current revision back into what the builder edits.
func draftOf(lp socle.LearningPath) training.Draft {
	c := lp.Current()
	d := training.Draft{Title: c.Title, Description: c.Description, Audience: lp.Audience}
	for _, st := range c.Steps {
		d.Steps = append(d.Steps, training.StepDraft{ID: st.ID, Guide: st.GuideSlug, Version: st.VersionN, SectionID: st.SectionID, Note: st.Note, Question: st.Question})
	}
	return d
}

// builderForm reads the builder: the path's fields, its steps (step_id, section, version,
// note, question fields, all indexed by position), and the button pressed.
func builderForm(r *http.Request) (training.Draft, string, error) {
	d := training.Draft{
		Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Audience: socle.Audience{Role: socle.Role(r.PostFormValue("role")), AutoAssign: r.PostFormValue("auto") == "on", Members: r.PostForm["members"]},
	}
	n, _ := strconv.Atoi(r.PostFormValue("steps"))
	if n < 0 || n > 500 {
		return d, "", socle.Errorf(socle.EINVALID, "the form has %d steps", n)
	}
	for i := range n {
		f := func(name string) string { return r.PostFormValue(fmt.Sprintf("%s_%d", name, i)) }
		guide, section, _ := strings.Cut(f("section"), "/")
		version, _ := strconv.Atoi(f("version"))
		st := training.StepDraft{ID: f("id"), Guide: guide, SectionID: section, Version: version, Note: f("note")}
		if q := strings.TrimSpace(f("q_prompt")); q != "" || strings.TrimSpace(f("q_choices")) != "" {
			st.Question = &socle.Question{Prompt: q, Explanation: strings.TrimSpace(f("q_explain"))}
			for _, line := range strings.Split(strings.ReplaceAll(f("q_choices"), "\r\n", "\n"), "\n") {
				line = strings.TrimSpace(line)
				right := strings.HasPrefix(line, "*")
				if text := strings.TrimSpace(strings.TrimPrefix(line, "*")); text != "" {
					st.Question.Choices = append(st.Question.Choices, socle.Choice{Text: text, Right: right})
				}
			}
		}
		d.Steps = append(d.Steps, st)
	}
	return d, r.PostFormValue("op"), nil
}

// applyOp applies a builder button other than "save": add the chosen section, move or remove a
// step. It reports whether the draft should be stored.
func applyOp(r *http.Request, d *training.Draft, op string) (save bool, err error) {
	verb, arg, _ := strings.Cut(op, ":")
	i, _ := strconv.Atoi(arg)
	switch {
	case verb == "save" || verb == "":
		return true, nil
	case verb == "add":
		guide, section, ok := strings.Cut(r.PostFormValue("add"), "/")
		if !ok {
			return false, nil
		}
		d.Steps = append(d.Steps, training.StepDraft{Guide: guide, SectionID: section})
	case i < 0 || i >= len(d.Steps):
		return false, socle.Errorf(socle.EINVALID, "step %d does not exist", i+1)
	case verb == "remove":
		d.Steps = slices.Delete(d.Steps, i, i+1)
	case verb == "up" && i > 0:
		d.Steps[i-1], d.Steps[i] = d.Steps[i], d.Steps[i-1]
	case verb == "down" && i < len(d.Steps)-1:
		d.Steps[i+1], d.Steps[i] = d.Steps[i], d.Steps[i+1]
	}
	return false, nil
}

// savePath takes the builder: a step operation shows the builder again; "save" stores the
// draft, or shows the builder with what is wrong.
func (s *Server) savePath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	d, op, err := builderForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	save, err := applyOp(r, &d, op)
	if err != nil {
		return err
	}
	if save {
		ctx := socle.WithActor(r.Context(), p.User.ID)
		var lp socle.LearningPath
		if id == "" {
			lp, err = s.Training.Create(ctx, p.Org.ID, p.User.ID, d)
		} else {
			lp, err = s.Training.SaveDraft(ctx, p.Org.ID, id, d)
		}
		if err == nil {
			http.Redirect(w, r, "/paths/"+lp.ID, http.StatusSeeOther)
			return nil
		}
		if k := socle.KindOf(err); k != socle.EINVALID {
			return err
		}
	}
	v, berr := s.builder(r, p, id, d)
	if berr != nil {
		return berr
	}
	status := http.StatusOK
	if err != nil {
		v.Error, status = socle.MessageOf(err), http.StatusBadRequest
	}
	return s.render(w, r, status, "path_edit", d.Title, &p, v)
}

// pathView is a path's page for its trainer.
type pathView struct {
	training.PathView
	People    map[string]string
	Assigned  []socle.Assignment
	CanEdit   bool
	Assigned2 string // message after an assignment
}

func (s *Server) pathPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pv, err := s.Training.View(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := pathView{PathView: pv, CanEdit: p.Can(access.ManagePaths), Assigned2: r.FormValue("assigned")}
	if v.People, err = s.people(r.Context(), p.Org.ID); err != nil {
		return err
	}
	if v.Assigned, err = s.Store.Assignments(r.Context(), p.Org.ID, socle.ProgressFilter{PathID: pv.Path.ID}); err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	return s.render(w, r, http.StatusOK, "path", pv.Path.Current().Title, &p, v)
}

func (s *Server) publishPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	lp, err := s.Training.Publish(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/paths/"+lp.ID, http.StatusSeeOther)
	return nil
}

func (s *Server) assignPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	r.ParseForm()
	n, err := s.Training.Assign(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id"), r.PostForm["members"], socle.Role(r.PostFormValue("role")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/paths/"+r.PathValue("id")+"?assigned="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

// progressView is the trainer's dashboard of a path.
type progressView struct {
	training.Dashboard
}

func (s *Server) pathProgressPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	d, err := s.Training.Dashboard(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "path_progress", d.Path.Current().Title, &p, progressView{d})
}

func (s *Server) pathProgressCSV(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	d, err := s.Training.Dashboard(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	data, err := d.CSV()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="parcours-`+time.Now().Format("2006-01-02")+`.csv"`)
	_, err = w.Write(data)
	return err
}

// The trainers' API.

type audienceJSON struct {
	Role       socle.Role `json:"role,omitempty"`
	AutoAssign bool       `json:"auto_assign,omitempty"`
	Members    []string   `json:"members,omitempty"` // emails in answers; emails or user ids in requests
}

type choiceJSON struct {
	Text  string `json:"text"`
	Right bool   `json:"right"`
}

type questionJSON struct {
	Prompt      string       `json:"prompt"`
	Choices     []choiceJSON `json:"choices"`
	Explanation string       `json:"explanation,omitempty"`
}

type pathStepJSON struct {
	ID        string        `json:"id,omitempty"`
	Guide     string        `json:"guide"`
	Version   int           `json:"version,omitempty"`
	SectionID string        `json:"section_id"`
	Path      []string      `json:"path,omitempty"`
	Note      string        `json:"note,omitempty"`
	Question  *questionJSON `json:"question,omitempty"`
	// In answers: "current", "updated" (a later publication changed the section) or
	// "removed", and the comparison to read.
	Status string `json:"status,omitempty"`
	Diff   string `json:"diff,omitempty"`
}

type pathContentJSON struct {
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Steps       []pathStepJSON `json:"steps"`
	PublishedAt *time.Time     `json:"published_at,omitempty"`
}

type pathJSON struct {
	ID        string           `json:"id"`
	Revision  int              `json:"revision"`
	Audience  audienceJSON     `json:"audience"`
	Published *pathContentJSON `json:"published"`
	Draft     *pathContentJSON `json:"draft"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// pathRequest is the body of POST /api/v1/paths and PUT /api/v1/paths/{id}.
type pathRequest struct {
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Audience    audienceJSON   `json:"audience"`
	Steps       []pathStepJSON `json:"steps"`
}

func (q pathRequest) draft() training.Draft {
	d := training.Draft{Title: q.Title, Description: q.Description,
		Audience: socle.Audience{Role: q.Audience.Role, AutoAssign: q.Audience.AutoAssign, Members: q.Audience.Members}}
	for _, st := range q.Steps {
		sd := training.StepDraft{ID: st.ID, Guide: st.Guide, Version: st.Version, SectionID: st.SectionID, Note: st.Note}
		if st.Question != nil {
			sd.Question = &socle.Question{Prompt: st.Question.Prompt, Explanation: st.Question.Explanation}
			for _, c := range st.Question.Choices {
				sd.Question.Choices = append(sd.Question.Choices, socle.Choice{Text: c.Text, Right: c.Right})
			}
		}
		d.Steps = append(d.Steps, sd)
	}
	return d
}

const pathShape = `{"title": "…", "description": "…", "audience": {"role": "caseworker", "auto_assign": true, "members": ["email"]}, "steps": [{"guide": "slug", "section_id": "…", "note": "…", "question": {"prompt": "…", "choices": [{"text": "…", "right": true}], "explanation": "…"}}]}`

// pathOut puts a path in its JSON shape, with each current step's status.
func (s *Server) pathOut(r *http.Request, p access.Principal, lp socle.LearningPath) (pathJSON, error) {
	people, err := s.emails(r, p)
	if err != nil {
		return pathJSON{}, err
	}
	j := pathJSON{ID: lp.ID, Revision: lp.Revision, CreatedAt: lp.CreatedAt, UpdatedAt: lp.UpdatedAt,
		Audience: audienceJSON{Role: lp.Audience.Role, AutoAssign: lp.Audience.AutoAssign}}
	for _, m := range lp.Audience.Members {
		j.Audience.Members = append(j.Audience.Members, people[m])
	}
	conv := func(c *socle.PathContent) (*pathContentJSON, error) {
		if c == nil {
			return nil, nil
		}
		out := &pathContentJSON{Title: c.Title, Description: c.Description, Steps: []pathStepJSON{}}
		if !c.PublishedAt.IsZero() {
			out.PublishedAt = &c.PublishedAt
		}
		statuses, err := s.Training.Statuses(r.Context(), p.Org.ID, c.Steps)
		if err != nil {
			return nil, err
		}
		for _, st := range statuses {
			sj := pathStepJSON{ID: st.Step.ID, Guide: st.Step.GuideSlug, Version: st.Step.VersionN, SectionID: st.Step.SectionID,
				Path: st.Step.Path, Note: st.Step.Note, Status: "current"}
			if q := st.Step.Question; q != nil {
				sj.Question = &questionJSON{Prompt: q.Prompt, Explanation: q.Explanation}
				for _, c := range q.Choices {
					sj.Question.Choices = append(sj.Question.Choices, choiceJSON{c.Text, c.Right})
				}
			}
			if st.Latest != nil {
				sj.Status = map[socle.Change]string{socle.Changed: "updated", socle.Removed: "removed"}[st.Change]
				sj.Diff = fmt.Sprintf("/api/v1/guides/%s/diff?from=%d&to=%d", st.Step.GuideSlug, st.Step.VersionN, st.Latest.ToN)
			}
			out.Steps = append(out.Steps, sj)
		}
		return out, nil
	}
	if j.Published, err = conv(lp.Published); err != nil {
		return j, err
	}
	j.Draft, err = conv(lp.Draft)
	return j, err
}

// emails names members by email, by user id.
func (s *Server) emails(r *http.Request, p access.Principal) (map[string]string, error) {
	ms, err := s.Store.Members(r.Context(), p.Org.ID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, m := range ms {
		if u, err := s.Store.User(r.Context(), m.UserID); err == nil {
			out[m.UserID] = u.Email
		}
	}
	return out, nil
}

func (s *Server) apiPaths(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	paths, err := s.Store.LearningPaths(r.Context(), p.Org.ID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	out := make([]pathJSON, 0, len(paths))
	for _, lp := range paths {
		j, err := s.pathOut(r, p, lp)
		if err != nil {
			return err
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"paths": out})
	return nil
}

func (s *Server) apiPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	lp, err := s.Store.LearningPath(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	j, err := s.pathOut(r, p, lp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiCreatePath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req pathRequest
	if err := decodeStrict(r, &req, pathShape); err != nil {
		return err
	}
	lp, err := s.Training.Create(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, p.User.ID, req.draft())
	if err != nil {
		return err
	}
	j, err := s.pathOut(r, p, lp)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/paths/"+lp.ID)
	writeJSON(w, http.StatusCreated, j)
	return nil
}

func (s *Server) apiSavePath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req pathRequest
	if err := decodeStrict(r, &req, pathShape); err != nil {
		return err
	}
	lp, err := s.Training.SaveDraft(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id"), req.draft())
	if err != nil {
		return err
	}
	j, err := s.pathOut(r, p, lp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiPublishPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	lp, err := s.Training.Publish(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	j, err := s.pathOut(r, p, lp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiAssignPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Members []string   `json:"members"`
		Role    socle.Role `json:"role"`
	}
	if err := decodeStrict(r, &req, `{"members": ["email"], "role": "caseworker"}`); err != nil {
		return err
	}
	n, err := s.Training.Assign(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("id"), req.Members, req.Role)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"assigned": n})
	return nil
}

// apiSuggestPath answers GET /api/v1/paths/suggest?from=guide&guide=slug or
// ?from=usage&days=90: a path to start from, not stored.
func (s *Server) apiSuggestPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var d training.Draft
	var err error
	var usage []training.UsageCount
	switch r.FormValue("from") {
	case "guide":
		d, err = s.Training.FromGuide(r.Context(), p.Org.ID, r.FormValue("guide"))
	case "usage":
		d, usage, err = s.Training.FromUsage(r.Context(), p.Org.ID, usageSince(r))
	default:
		err = socle.Errorf(socle.EINVALID, "say where to start from: ?from=guide&guide=SLUG or ?from=usage&days=90")
	}
	if err != nil {
		return err
	}
	out := pathRequest{Title: d.Title, Description: d.Description, Steps: []pathStepJSON{}}
	for i, sd := range d.Steps {
		st := pathStepJSON{Guide: sd.Guide, Version: sd.Version, SectionID: sd.SectionID, Note: sd.Note}
		if i < len(usage) && usage[i].Need != "" {
			st.Note = strings.TrimSpace(st.Note + " (" + usage[i].Need + ")")
		}
		out.Steps = append(out.Steps, st)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiPathProgress(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	d, err := s.Training.Dashboard(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	type cell struct {
		StepID   string     `json:"step_id"`
		ReadAt   *time.Time `json:"read_at,omitempty"`
		ToReread bool       `json:"to_reread,omitempty"`
		Attempts int        `json:"attempts,omitempty"`
		Right    *bool      `json:"right,omitempty"`
	}
	type member struct {
		Email    string `json:"email"`
		Name     string `json:"name"`
		Done     int    `json:"done"`
		ToReread int    `json:"to_reread"`
		Steps    []cell `json:"steps"`
	}
	type step struct {
		ID         string   `json:"id"`
		Path       []string `json:"path"`
		Status     string   `json:"status"`
		Read       int      `json:"read"`
		Answered   int      `json:"answered"`
		Right      int      `json:"right"`
		ShareRight int      `json:"share_right"`
	}
	out := struct {
		ID      string   `json:"id"`
		Title   string   `json:"title"`
		Members []member `json:"members"`
		Steps   []step   `json:"steps"`
	}{ID: d.Path.ID, Members: []member{}, Steps: []step{}}
	if d.Path.Published != nil {
		out.Title = d.Path.Published.Title
	}
	for _, st := range d.Steps {
		status := "current"
		if st.Status.Updated() {
			status = map[socle.Change]string{socle.Changed: "updated", socle.Removed: "removed"}[st.Status.Change]
		}
		out.Steps = append(out.Steps, step{st.Status.Step.ID, st.Status.Step.Path, status, st.Read, st.Answered, st.Right, st.ShareRight()})
	}
	for _, m := range d.Members {
		mj := member{Email: m.User.Email, Name: m.User.Name, Done: m.Path.Done, ToReread: m.Path.ToReread}
		for _, ms := range m.Path.Steps {
			c := cell{StepID: ms.Step.ID, ToReread: ms.ToReread, Attempts: ms.Progress.Attempts}
			if !ms.Progress.ReadAt.IsZero() {
				c.ReadAt = &ms.Progress.ReadAt
			}
			if ms.Progress.Attempts > 0 {
				right := ms.Progress.Right
				c.Right = &right
			}
			mj.Steps = append(mj.Steps, c)
		}
		out.Members = append(out.Members, mj)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

var pathMessages = catalog{
	"fr": {
		"nav.paths":            "Parcours",
		"paths.title":          "Parcours d'intégration",
		"paths.intro":          "Des parcours à travers la doctrine publiée, pour les nouveaux arrivants : chaque étape est une section du guide, avec votre mot et une question de vérification.",
		"paths.new":            "Nouveau parcours",
		"paths.fromguide":      "À partir de la structure d'un guide",
		"paths.fromusage":      "À partir des passages les plus cités dans les plans, sur",
		"paths.days":           "jours",
		"paths.start":          "Partir de cette suggestion",
		"paths.blank":          "Ou partir d'un parcours vide",
		"paths.list":           "Parcours de l'organisation",
		"paths.published":      "publié",
		"paths.draft":          "brouillon en cours",
		"paths.draft.hint":     "(la révision publiée reste celle que suivent les membres jusqu'à la publication du brouillon)",
		"paths.steps":          "étapes",
		"paths.needsreview":    "doctrine modifiée",
		"paths.none":           "Aucun parcours pour l'instant.",
		"paths.edit":           "Modifier le brouillon",
		"paths.revise":         "Préparer une nouvelle révision",
		"paths.edit.intro":     "Les boutons d'étape (monter, descendre, retirer, ajouter) gardent ce que vous avez saisi ; seul « Enregistrer » enregistre le brouillon.",
		"paths.audience":       "Pour qui",
		"paths.role":           "Rôle",
		"paths.auto":           "l'attribuer automatiquement à chaque nouveau membre de ce rôle",
		"paths.auto.short":     "attribué aux nouveaux membres",
		"paths.named":          "Membres nommés",
		"paths.steps.title":    "Étapes",
		"paths.step":           "Étape",
		"paths.section":        "Section",
		"paths.note":           "Pourquoi cette section compte",
		"paths.question":       "Question de vérification",
		"paths.question.label": "Question de vérification :",
		"paths.q.prompt":       "Question",
		"paths.q.choices":      "Réponses",
		"paths.q.hint":         "une par ligne ; commencez les bonnes réponses par *",
		"paths.q.explain":      "Explication montrée après la réponse",
		"paths.up":             "monter",
		"paths.down":           "descendre",
		"paths.remove":         "retirer",
		"paths.add":            "Ajouter une section",
		"paths.addbutton":      "Ajouter l'étape",
		"paths.save":           "Enregistrer le brouillon",
		"paths.save.hint":      "Les membres suivent la révision publiée.",
		"paths.for":            "pour",
		"paths.publish":        "Publier",
		"paths.progress":       "Progression",
		"paths.updated":        "doctrine modifiée depuis",
		"paths.removed":        "section retirée",
		"paths.replace":        "Remplacez cette étape dans une nouvelle révision.",
		"paths.choices":        "réponses",
		"paths.nostep":         "Aucune étape.",
		"paths.assign":         "Attribuer",
		"paths.assigned":       "membre(s) suivent ce parcours",
		"paths.assigned.done":  "Parcours attribué à",
		"paths.assign.role":    "À tous les membres actuels du rôle",
		"paths.assign.button":  "Attribuer",
		"paths.legend":         "✓ lu · ↻ à relire · ✔ bonne réponse · ✘ mauvaise réponse, (nombre de réponses)",
		"paths.member":         "Membre",
		"paths.done":           "Terminé",
		"paths.bystep":         "Par étape",
		"paths.answered":       "réponse(s)",
		"paths.cell.read":      "lu",
		"paths.cell.reread":    "à relire",
		"paths.cell.right":     "juste",
		"paths.cell.wrong":     "faux",
		"paths.csv":            "Exporter en CSV",
		"paths.nomember":       "Aucun membre ne suit ce parcours.",
	},
	"en": {
		"nav.paths":            "Paths",
		"paths.title":          "Onboarding paths",
		"paths.intro":          "Paths through the published doctrine for newcomers: each step is a section of the guide, with your note and a check question.",
		"paths.new":            "New path",
		"paths.fromguide":      "From a guide's structure",
		"paths.fromusage":      "From the passages plans cite most, over",
		"paths.days":           "days",
		"paths.start":          "Start from this suggestion",
		"paths.blank":          "Or start from an empty path",
		"paths.list":           "The organization's paths",
		"paths.published":      "published",
		"paths.draft":          "draft under way",
		"paths.draft.hint":     "(members follow the published revision until the draft is published)",
		"paths.steps":          "steps",
		"paths.needsreview":    "doctrine changed",
		"paths.none":           "No path yet.",
		"paths.edit":           "Edit the draft",
		"paths.revise":         "Prepare a new revision",
		"paths.edit.intro":     "The step buttons (up, down, remove, add) keep what you typed; only \"Save\" stores the draft.",
		"paths.audience":       "For whom",
		"paths.role":           "Role",
		"paths.auto":           "assign it automatically to every new member of this role",
		"paths.auto.short":     "assigned to new members",
		"paths.named":          "Named members",
		"paths.steps.title":    "Steps",
		"paths.step":           "Step",
		"paths.section":        "Section",
		"paths.note":           "Why this section matters",
		"paths.question":       "Check question",
		"paths.question.label": "Check question:",
		"paths.q.prompt":       "Question",
		"paths.q.choices":      "Answers",
		"paths.q.hint":         "one per line; start the right ones with *",
		"paths.q.explain":      "Explanation shown after answering",
		"paths.up":             "up",
		"paths.down":           "down",
		"paths.remove":         "remove",
		"paths.add":            "Add a section",
		"paths.addbutton":      "Add the step",
		"paths.save":           "Save the draft",
		"paths.save.hint":      "Members follow the published revision.",
		"paths.for":            "for",
		"paths.publish":        "Publish",
		"paths.progress":       "Progress",
		"paths.updated":        "doctrine changed since",
		"paths.removed":        "section removed",
		"paths.replace":        "Replace this step in a new revision.",
		"paths.choices":        "answers",
		"paths.nostep":         "No step.",
		"paths.assign":         "Assign",
		"paths.assigned":       "member(s) follow this path",
		"paths.assigned.done":  "Path assigned to",
		"paths.assign.role":    "To every current member of the role",
		"paths.assign.button":  "Assign",
		"paths.legend":         "✓ read · ↻ to re-read · ✔ right answer · ✘ wrong answer, (answers given)",
		"paths.member":         "Member",
		"paths.done":           "Done",
		"paths.bystep":         "By step",
		"paths.answered":       "answer(s)",
		"paths.cell.read":      "read",
		"paths.cell.reread":    "to re-read",
		"paths.cell.right":     "right",
		"paths.cell.wrong":     "wrong",
		"paths.csv":            "Export as CSV",
		"paths.nomember":       "No member follows this path.",
	},
}
