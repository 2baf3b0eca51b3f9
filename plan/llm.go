package plan

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/modelserver"
)

// LLM drafts a plan with a model served behind an OpenAI-compatible /v1/chat/completions. It
// sends only the pseudonymized situation and the retrieved passages, asks for JSON steps that
// cite passages by id and quote them word for word, and leaves checking those claims to
// verification: a model's step reaches the user only if its quotes are really in the doctrine.
type LLM struct {
	Client      *modelserver.Client
	Model       string
	MaxTokens   int     // the answer's token budget; 0 means 1500
	MaxPrompt   int     // bytes of passages in the prompt, in rank order; 0 means 24000 (≈ 6k tokens)
	Temperature float64 // 0 means 0.1: faithful quotes matter more than variety
}

// Name identifies the generator in saved plans.
func (g *LLM) Name() string { return "llm:" + g.Model }

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model          string            `json:"model"`
	Messages       []chatMessage     `json:"messages"`
	MaxTokens      int               `json:"max_tokens"`
	Temperature    float64           `json:"temperature"`
	ResponseFormat map[string]string `json:"response_format"`
}

type chatResponse struct {
	Choices []struct {
		Message      chatMessage `json:"message"`
		FinishReason string      `json:"finish_reason"`
	} `json:"choices"`
}

// llmPlan is the JSON the model is asked for.
type llmPlan struct {
	Steps []struct {
		Action    string `json:"action"`
		Rationale string `json:"rationale"`
		Need      string `json:"need"`
		Citations []struct {
			Passage string `json:"passage"`
			Quote   string `json:"quote"`
		} `json:"citations"`
	} `json:"steps"`
}

const systemPrompt = `Tu aides des travailleurs sociaux. À partir de la situation décrite et des extraits de la doctrine de leur organisation, tu proposes un plan d'action.
Règles :
- Chaque étape s'appuie sur au moins un extrait, cité par son identifiant (P1, P2…) avec une phrase recopiée mot pour mot de cet extrait.
- Reprends les mots de la doctrine ; n'ajoute rien qu'aucun extrait ne dise. Si un besoin n'est couvert par aucun extrait, ne propose pas d'étape pour lui.
- Les crochets comme [PERSONNE_1] remplacent des données personnelles : garde-les tels quels.
- Au plus 8 étapes, les plus urgentes d'abord.
Réponds uniquement par un objet JSON de la forme :
{"steps": [{"action": "…", "rationale": "…", "need": "code du besoin", "citations": [{"passage": "P1", "quote": "phrase exacte de l'extrait"}]}]}`

// Generate asks the model for a draft. A malformed answer is asked for once more; if it stays
// malformed, Generate fails and the planner falls back to the extractive generator.
func (g *LLM) Generate(ctx context.Context, c *Context) (Draft, error) {
	req := newChatRequest(g.Model, systemPrompt, g.prompt(c), cmp.Or(g.MaxTokens, 1500), g.Temperature)
	var d Draft
	err := chat(ctx, g.Client, req, func(res chatResponse) (err error) {
		d, err = parseDraft(res)
		return err
	})
	return d, err
}

// newChatRequest asks a model for a JSON answer; temperature 0 means 0.1: faithful answers
// matter more than variety.
func newChatRequest(model, system, user string, maxTokens int, temperature float64) chatRequest {
	return chatRequest{
		Model:          model,
		Messages:       []chatMessage{{Role: "system", Content: system}, {Role: "user", Content: user}},
		MaxTokens:      maxTokens,
		Temperature:    cmp.Or(temperature, 0.1),
		ResponseFormat: map[string]string{"type": "json_object"},
	}
}

// chat sends a request and reads the answer with read; an answer read cannot make sense of is
// asked for once more (models sometimes wrap or cut their JSON), a failed request is not.
func chat(ctx context.Context, client *modelserver.Client, req chatRequest, read func(chatResponse) error) error {
	var lastErr error
	for range 2 {
		var res chatResponse
		if err := client.Post(ctx, "/chat/completions", req, &res); err != nil {
			return err
		}
		if lastErr = read(res); lastErr == nil {
			return nil
		}
	}
	return lastErr
}

// decodeAnswer reads a model's JSON answer into v, a Markdown code fence around it taken off;
// want names what was asked for, in the error.
func decodeAnswer(res chatResponse, v any, want string) error {
	if len(res.Choices) == 0 {
		return socle.Errorf(socle.EUNAVAILABLE, "the model returned no answer")
	}
	content := strings.TrimSpace(res.Choices[0].Message.Content)
	content = strings.TrimPrefix(content, "```json")
	content = strings.TrimPrefix(content, "```")
	content = strings.TrimSuffix(strings.TrimSpace(content), "```")
	if err := json.Unmarshal([]byte(content), v); err != nil {
		why := "malformed JSON"
		if res.Choices[0].FinishReason == "length" {
			why = "an answer cut off by the token budget"
		}
		return socle.Errorf(socle.EUNAVAILABLE, "the model returned %s instead of %s", why, want)
	}
	return nil
}

// prompt lays out the case and the passages, within the prompt budget.
func (g *LLM) prompt(c *Context) string {
	budget := g.MaxPrompt
	if budget == 0 {
		budget = 24000
	}
	var b strings.Builder
	writeCase(&b, c)
	b.WriteString("Extraits de la doctrine :\n")
	used := 0
	for i := range c.Passages {
		p := &c.Passages[i]
		entry := fmt.Sprintf("\n[%s] %s › %s\n%s\n", p.ID, p.GuideTitle, strings.Join(p.Section.Path, " › "), p.Text())
		if used+len(entry) > budget && used > 0 {
			break
		}
		used += len(entry)
		b.WriteString(entry)
	}
	return b.String()
}

// writeCase lays out what a model reads of the case: the pseudonymized situation, the facts
// given, the needs read.
func writeCase(b *strings.Builder, c *Context) {
	b.WriteString("Situation :\n")
	b.WriteString(c.Situation)
	b.WriteString("\n\n")
	if f := factsLine(c.Facts); f != "" {
		b.WriteString("Éléments : " + f + "\n\n")
	}
	if len(c.Needs) > 0 {
		b.WriteString("Besoins repérés : ")
		for i, n := range c.Needs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s (%s)", n.Label, n.Code)
		}
		b.WriteString("\n\n")
	}
}

func factsLine(f Facts) string {
	var parts []string
	if f.Age > 0 {
		parts = append(parts, fmt.Sprintf("%d ans", f.Age))
	}
	if f.Household != "" {
		parts = append(parts, "foyer : "+f.Household)
	}
	if f.Children > 0 {
		parts = append(parts, fmt.Sprintf("%d enfant(s)", f.Children))
	}
	if f.Territory != "" {
		parts = append(parts, "territoire : "+f.Territory)
	}
	if f.Income > 0 {
		parts = append(parts, fmt.Sprintf("ressources : %.0f € par mois", f.Income))
	}
	return strings.Join(parts, " ; ")
}

// parseDraft reads the model's JSON, tolerating a Markdown code fence around it.
func parseDraft(res chatResponse) (Draft, error) {
	var p llmPlan
	if err := decodeAnswer(res, &p, "a plan"); err != nil {
		return Draft{}, err
	}
	var d Draft
	for _, s := range p.Steps {
		ds := DraftStep{Action: s.Action, Rationale: s.Rationale, Need: s.Need}
		for _, c := range s.Citations {
			ds.Citations = append(ds.Citations, DraftCitation{PassageID: c.Passage, Quote: c.Quote})
		}
		d.Steps = append(d.Steps, ds)
	}
	if len(d.Steps) == 0 {
		return Draft{}, socle.Errorf(socle.EUNAVAILABLE, "the model proposed no step")
	}
	return d, nil
}
