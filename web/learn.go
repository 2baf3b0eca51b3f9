package web

import (
	"net/http"
	"strconv"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/training"
)

// A member's own learning paths: "Mon parcours". Each step shows the section as the guide
// has it now, the trainer's note, "I have read this", the check question, and, when the
// doctrine changed since the member read it, what changed.

func (s *Server) myPathsPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	paths, err := s.Training.MyPaths(r.Context(), p.Org.ID, p.User.ID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	return s.render(w, r, http.StatusOK, "learn", messages[lang(r)]["learn.title"], &p, paths)
}

// learnView is one path as its member follows it.
type learnView struct {
	training.MemberPath
	Answered string // the step just answered, to show its result
}

func (s *Server) myPathPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	mp, err := s.Training.ForMember(r.Context(), p.Org.ID, p.User.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "learn_path", mp.Content.Title, &p, learnView{MemberPath: mp, Answered: r.FormValue("answered")})
}

func (s *Server) readStep(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if _, err := s.Training.MarkRead(r.Context(), p.Org.ID, p.User.ID, r.PathValue("id"), r.PathValue("step")); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/paths/"+r.PathValue("id")+"#"+r.PathValue("step"), http.StatusSeeOther)
	return nil
}

func (s *Server) answerStep(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	r.ParseForm()
	var choices []int
	for _, c := range r.PostForm["choice"] {
		i, err := strconv.Atoi(c)
		if err != nil {
			return socle.Errorf(socle.EINVALID, "answer %q is not a choice", c)
		}
		choices = append(choices, i)
	}
	step := r.PathValue("step")
	if _, _, err := s.Training.Answer(r.Context(), p.Org.ID, p.User.ID, r.PathValue("id"), step, choices); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/paths/"+r.PathValue("id")+"?answered="+step+"#"+step, http.StatusSeeOther)
	return nil
}

// The members' API.

type myPathJSON struct {
	ID          string `json:"id"`
	Revision    int    `json:"revision"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Steps       int    `json:"steps"`
	Done        int    `json:"done"`
	ToReread    int    `json:"to_reread"`
}

func toMyPathJSON(mp training.MemberPath) myPathJSON {
	return myPathJSON{mp.Path.ID, mp.Path.Revision, mp.Content.Title, mp.Content.Description, len(mp.Steps), mp.Done, mp.ToReread}
}

func (s *Server) apiMyPaths(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	paths, err := s.Training.MyPaths(r.Context(), p.Org.ID, p.User.ID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	out := make([]myPathJSON, 0, len(paths))
	for _, mp := range paths {
		out = append(out, toMyPathJSON(mp))
	}
	writeJSON(w, http.StatusOK, map[string]any{"paths": out})
	return nil
}

type myStepJSON struct {
	ID        string          `json:"id"`
	Guide     string          `json:"guide"`
	Version   int             `json:"version"`
	SectionID string          `json:"section_id"`
	Path      []string        `json:"path"`
	Note      string          `json:"note,omitempty"`
	Text      string          `json:"text"`
	Removed   bool            `json:"removed,omitempty"`
	Read      bool            `json:"read"`
	ToReread  bool            `json:"to_reread"`
	Changes   []changeJSON    `json:"changes,omitempty"`
	Question  *myQuestionJSON `json:"question,omitempty"`
	Answer    *answerJSON     `json:"answer,omitempty"`
	Done      bool            `json:"done"`
}

type changeJSON struct {
	Change socle.Change `json:"change"`
	From   int          `json:"from_version"`
	To     int          `json:"to_version"`
	Diff   string       `json:"diff"`
}

// myQuestionJSON is a question as a member sees it: without which answers are right.
type myQuestionJSON struct {
	Prompt  string   `json:"prompt"`
	Choices []string `json:"choices"`
}

type answerJSON struct {
	Choices     []int  `json:"choices"`
	Right       bool   `json:"right"`
	Attempts    int    `json:"attempts"`
	Explanation string `json:"explanation,omitempty"`
}

func (s *Server) apiMyPath(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	mp, err := s.Training.ForMember(r.Context(), p.Org.ID, p.User.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	steps := make([]myStepJSON, 0, len(mp.Steps))
	for _, ms := range mp.Steps {
		j := myStepJSON{ID: ms.Step.ID, Guide: ms.Step.GuideSlug, Version: ms.ShownN, SectionID: ms.Step.SectionID, Path: nonNil(ms.Step.Path),
			Note: ms.Step.Note, Text: ms.Section.Text, Removed: ms.Removed, Read: ms.Read(), ToReread: ms.ToReread, Done: ms.Done()}
		for _, n := range ms.Changes {
			j.Changes = append(j.Changes, changeJSON{n.Change, n.FromN, n.ToN, "/api/v1/guides/" + ms.Step.GuideSlug + "/diff?from=" + strconv.Itoa(n.FromN) + "&to=" + strconv.Itoa(n.ToN)})
		}
		if q := ms.Step.Question; q != nil {
			j.Question = &myQuestionJSON{Prompt: q.Prompt}
			for _, c := range q.Choices {
				j.Question.Choices = append(j.Question.Choices, c.Text)
			}
			if ms.Progress.Attempts > 0 {
				j.Answer = &answerJSON{Choices: ms.Progress.Answer, Right: ms.Progress.Right, Attempts: ms.Progress.Attempts, Explanation: q.Explanation}
			}
		}
		steps = append(steps, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"path": toMyPathJSON(mp), "steps": steps})
	return nil
}

func (s *Server) apiReadStep(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pr, err := s.Training.MarkRead(r.Context(), p.Org.ID, p.User.ID, r.PathValue("id"), r.PathValue("step"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"read_at": pr.ReadAt, "version": pr.ReadN})
	return nil
}

func (s *Server) apiAnswerStep(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Choices []int `json:"choices"`
	}
	if err := decodeStrict(r, &req, `{"choices": [0]}`); err != nil {
		return err
	}
	pr, q, err := s.Training.Answer(r.Context(), p.Org.ID, p.User.ID, r.PathValue("id"), r.PathValue("step"), req.Choices)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, answerJSON{Choices: pr.Answer, Right: pr.Right, Attempts: pr.Attempts, Explanation: q.Explanation})
	return nil
}

var learnMessages = catalog{
	"fr": {
		"nav.learn":          "Mon parcours",
		"learn.title":        "Mon parcours",
		"learn.intro":        "Les parcours que vos formateurs vous ont confiés pour découvrir la doctrine de l'organisation.",
		"learn.none":         "Aucun parcours ne vous est attribué pour l'instant.",
		"learn.progress":     "Progression",
		"learn.steps.done":   "étapes terminées",
		"learn.reread.count": "à relire",
		"learn.reread":       "à relire",
		"learn.done":         "terminé",
		"learn.inguide":      "dans le guide",
		"learn.changed":      "La doctrine a changé depuis votre lecture :",
		"learn.removed":      "Cette section a été retirée de la doctrine publiée ; votre formateur va remplacer l'étape.",
		"learn.note":         "Le mot du formateur :",
		"learn.readon":       "Lu le",
		"learn.markread":     "J'ai lu cette section",
		"learn.q.hint":       "Cochez la ou les bonnes réponses.",
		"learn.answer":       "Répondre",
		"learn.right":        "Bonne réponse.",
		"learn.wrong":        "Ce n'est pas tout à fait ça.",
		"learn.attempts":     "réponse(s) données",
	},
	"en": {
		"nav.learn":          "My path",
		"learn.title":        "My path",
		"learn.intro":        "The paths your trainers gave you to learn the organization's doctrine.",
		"learn.none":         "No path is assigned to you yet.",
		"learn.progress":     "Progress",
		"learn.steps.done":   "steps done",
		"learn.reread.count": "to re-read",
		"learn.reread":       "to re-read",
		"learn.done":         "done",
		"learn.inguide":      "in the guide",
		"learn.changed":      "The doctrine changed since you read it:",
		"learn.removed":      "This section was removed from the published doctrine; your trainer will replace the step.",
		"learn.note":         "Your trainer's note:",
		"learn.readon":       "Read on",
		"learn.markread":     "I have read this section",
		"learn.q.hint":       "Tick the right answer or answers.",
		"learn.answer":       "Answer",
		"learn.right":        "Right.",
		"learn.wrong":        "Not quite.",
		"learn.attempts":     "answer(s) given",
	},
}
