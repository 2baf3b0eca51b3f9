package plan

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/modelserver"
)

// Selector drafts a plan with a chat model that reads, not writes: the extractive generator
// draws twice the candidate steps it would keep (each a sentence of the doctrine, with its
// headings), and the model keeps those that help this person now and orders them. Reading the
// note against each sentence is what no offline rule does well: most off-topic steps of the
// extractive plans are the right need's neighbouring document, another variant's rule or a
// later stage (docs/plans.md). A small model can do it: its answer is a few numbers, there is
// no quote to copy, and every step it keeps is the doctrine's own sentence, verbatim by
// construction. Like LLM, it sees only the pseudonymized situation and the doctrine.
type Selector struct {
	Client        *modelserver.Client
	Model         string
	MaxCandidates int     // candidate steps shown to the model; 0 means selectorCandidates (20)
	MaxTokens     int     // the answer's token budget; 0 means 400
	Temperature   float64 // 0 means 0.1
}

// Name identifies the generator in saved plans.
func (g *Selector) Name() string { return "select:" + g.Model }

const selectPrompt = `Tu aides des travailleurs sociaux. On te donne la situation d'une personne et des étapes candidates, chacune une phrase de la doctrine de leur organisation, avec ses titres.
Garde seulement les étapes qui aident cette personne maintenant, d'après ce que dit la situation. Écarte celles qui :
- visent une autre situation que la sienne (autre statut, autre variante, autre public) ;
- concernent une étape déjà faite, ou une étape plus tardive de la procédure ;
- répondent à un besoin que la situation ne montre pas ;
- ne disent rien de faisable.
Au plus 8 étapes, les plus urgentes d'abord.
Réponds uniquement par un objet JSON qui donne leurs numéros, de la forme : {"keep": [3, 1]}. Si aucune étape ne convient : {"keep": []}.`

// selection is the JSON the model is asked for: the numbers of the candidates it keeps.
type selection struct {
	Keep *[]int `json:"keep"`
}

// Generate asks the model to choose among the extractive candidates. A malformed answer is
// asked for once more; if it stays malformed, Generate fails and the planner falls back to the
// extractive plan. An empty choice is an answer: no candidate helps, and the plan says so.
func (g *Selector) Generate(ctx context.Context, c *Context) (Draft, error) {
	pool, err := g.candidates(ctx, c)
	if err != nil || len(pool.Steps) == 0 {
		return pool, err // nothing to choose from: the planner says why
	}
	req := newChatRequest(g.Model, selectPrompt, selectionPrompt(c, pool), cmp.Or(g.MaxTokens, 400), g.Temperature)
	var d Draft
	err = chat(ctx, g.Client, req, func(res chatResponse) (err error) {
		d, err = readSelection(res, pool)
		return err
	})
	return d, err
}

// selectorCandidates is how many candidate steps a model is shown by default, and how many the
// planner draws to offer beside the plan (offer).
const selectorCandidates = 20

// candidates are the steps shown to the model: the extractive generator's, drawn wide.
func (g *Selector) candidates(ctx context.Context, c *Context) (Draft, error) {
	limit := g.MaxCandidates
	if limit <= 0 {
		limit = selectorCandidates
	}
	return c.drawWide(ctx, limit)
}

// selectionPrompt lays out the case and the numbered candidates.
func selectionPrompt(c *Context, pool Draft) string {
	var b strings.Builder
	writeCase(&b, c)
	b.WriteString("Étapes candidates :\n")
	for i, s := range pool.Steps {
		fmt.Fprintf(&b, "\n[%d] (%s) %s\n%s\n", i+1, s.Need, s.Rationale, s.Action)
	}
	return b.String()
}

// readSelection turns the model's choice into a draft of the chosen candidates, in its order.
// A number out of range or given twice is an answer that makes no sense. Each step keeps the
// need its candidate answers, so that a need is listed as not covered only when no step is its.
func readSelection(res chatResponse, pool Draft) (Draft, error) {
	var sel selection
	if err := decodeAnswer(res, &sel, "a choice of steps"); err != nil {
		return Draft{}, err
	}
	if sel.Keep == nil {
		return Draft{}, socle.Errorf(socle.EUNAVAILABLE, "the model returned malformed JSON instead of a choice of steps: no \"keep\" list")
	}
	var d Draft
	seen := map[int]bool{}
	for _, n := range *sel.Keep {
		if n < 1 || n > len(pool.Steps) || seen[n] {
			return Draft{}, socle.Errorf(socle.EUNAVAILABLE, "the model chose step %d, which is not one of the %d candidates or was chosen twice", n, len(pool.Steps))
		}
		seen[n] = true
		d.Steps = append(d.Steps, pool.Steps[n-1])
		if len(d.Steps) == maxChosen {
			break
		}
	}
	return d, nil
}

// maxChosen is the most steps a plan keeps from a model's choice, as the prompt asks.
const maxChosen = 8
