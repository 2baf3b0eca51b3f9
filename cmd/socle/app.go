package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/ingest/pdf"
	"github.com/socle-project/socle/modelserver"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/retrieval/openai"
)

// modelConfig names the optional model servers. Without them Socle runs offline: the hashing
// embedder and the extractive plan generator.
type modelConfig struct {
	Embedder        string // offline embedder: hashing (default), ppmi or sgns (trained on the doctrine)
	EmbeddingsURL   string
	EmbeddingsModel string
	EmbeddingsDim   int
	EmbeddingsKey   string
	LLMURL          string
	LLMModel        string
	LLMKey          string
	LLMTimeout      time.Duration
	LLMMode         string // write: the model writes the steps; select: it chooses among the extractive ones
}

func (c *modelConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Embedder, "embedder", retrieval.EmbedderHashing, "offline embedder when no --embeddings-url: hashing, or ppmi / sgns, trained on each organization's published doctrine (docs/retrieval-quality.md)")
	fs.StringVar(&c.EmbeddingsURL, "embeddings-url", "", "OpenAI-compatible /v1 base URL of an embedding server (default: the offline hashing embedder)")
	fs.StringVar(&c.EmbeddingsModel, "embeddings-model", "", "embedding model the server serves, e.g. bge-m3")
	fs.IntVar(&c.EmbeddingsDim, "embeddings-dim", 0, "dimension of the embedding model's vectors (0: asked of the server)")
	fs.StringVar(&c.EmbeddingsKey, "embeddings-key", "", "API key of the embedding server")
	fs.StringVar(&c.LLMURL, "llm-url", "", "OpenAI-compatible /v1 base URL of a chat model server (default: the offline extractive generator)")
	fs.StringVar(&c.LLMModel, "llm-model", "", "chat model the server serves, e.g. mistral-small")
	fs.StringVar(&c.LLMKey, "llm-key", "", "API key of the chat model server")
	fs.DurationVar(&c.LLMTimeout, "llm-timeout", 60*time.Second, "how long to wait for the chat model before falling back to the extractive generator")
	fs.StringVar(&c.LLMMode, "llm-mode", llmWrite, "what the chat model does: write (it writes the steps and quotes the passages) or select (it keeps, among the extractive generator's candidate steps, those that help this person; suits small models)")
}

// The chat model's modes (--llm-mode).
const (
	llmWrite  = "write"
	llmSelect = "select"
)

// embedder returns the configured embedder.
func (c *modelConfig) embedder(ctx context.Context) (retrieval.Embedder, error) {
	if c.EmbeddingsURL == "" {
		switch c.Embedder {
		case "", retrieval.EmbedderHashing:
			return retrieval.NewHashingEmbedder(0), nil
		}
		e, err := retrieval.NewTrainedEmbedder(c.Embedder, 0)
		if err != nil {
			return nil, usageError{userMessage(err)}
		}
		return e, nil
	}
	if c.Embedder != "" && c.Embedder != retrieval.EmbedderHashing {
		return nil, usageError{"--embedder " + c.Embedder + " and --embeddings-url are two embedders: keep one"}
	}
	e, err := openai.New(openai.Config{BaseURL: c.EmbeddingsURL, Model: c.EmbeddingsModel, Dim: c.EmbeddingsDim, APIKey: c.EmbeddingsKey})
	if err != nil {
		return nil, configError{err}
	}
	if c.EmbeddingsDim == 0 {
		if err := e.Probe(ctx); err != nil {
			return nil, configError{err}
		}
	}
	return e, nil
}

// generator returns the configured plan generator; nil means the extractive one.
func (c *modelConfig) generator() (plan.Generator, error) {
	if c.LLMURL == "" {
		return nil, nil
	}
	if strings.TrimSpace(c.LLMModel) == "" {
		return nil, usageError{"--llm-url needs --llm-model: the model the server serves"}
	}
	if c.LLMMode != llmWrite && c.LLMMode != llmSelect {
		return nil, usageError{"--llm-mode " + c.LLMMode + ": want write or select"}
	}
	client, err := modelserver.New(modelserver.Config{BaseURL: c.LLMURL, APIKey: c.LLMKey, Timeout: c.LLMTimeout, MaxRetries: 1})
	if err != nil {
		return nil, configError{err}
	}
	if c.LLMMode == llmSelect {
		return &plan.Selector{Client: client, Model: c.LLMModel}, nil
	}
	return &plan.LLM{Client: client, Model: c.LLMModel}, nil
}

// appConfig is the configuration of the commands that open the store and the indexes.
type appConfig struct {
	store  storeConfig
	models modelConfig
	log    logConfig
}

func (c *appConfig) register(fs *flag.FlagSet) {
	c.store.register(fs)
	c.models.register(fs)
	c.log.register(fs)
}

// open makes the logger and opens the app.
func (c *appConfig) open(ctx context.Context, stderr io.Writer) (*app, *slog.Logger, error) {
	log, err := c.log.logger(stderr)
	if err != nil {
		return nil, nil, err
	}
	a, err := openApp(ctx, &c.store, &c.models, log)
	return a, log, err
}

// app is everything a command that reads or serves doctrine needs: the store, the indexes
// derived from it, and the services built on both.
type app struct {
	rebuilt   bool // the indexes were rebuilt when the app opened
	store     socle.Store
	pdf       *pdf.Engine
	engine    *retrieval.Engine
	follower  *retrieval.Follower // keeps engine in step with the store's change feed
	authoring *authoring.Service
	planner   *plan.Planner
}

// openApp opens the store and the indexes, rebuilding the indexes when they are missing,
// corrupt, or built another way. progress, if set, reports the rebuild.
func openApp(ctx context.Context, sc *storeConfig, mc *modelConfig, log *slog.Logger) (*app, error) {
	store, vectors, err := sc.openWithVectors(ctx)
	if err != nil {
		return nil, err
	}
	a, err := buildApp(ctx, store, vectors, sc, mc, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

func buildApp(ctx context.Context, store socle.Store, vectors retrieval.VectorIndex, sc *storeConfig, mc *modelConfig, log *slog.Logger) (*app, error) {
	emb, err := mc.embedder(ctx)
	if err != nil {
		return nil, err
	}
	gen, err := mc.generator()
	if err != nil {
		return nil, err
	}
	engine, health, err := retrieval.Open(ctx, filepath.Join(sc.Data, "index"), emb, vectors)
	if err != nil {
		return nil, configError{fmt.Errorf("search indexes in %s: %w", filepath.Join(sc.Data, "index"), err)}
	}
	engine.Glossary = store
	// The indexes catch up with the store's change feed, or are rebuilt when they must be;
	// `socle serve` then keeps following the feed (see retrieval.Follower).
	follower := &retrieval.Follower{Engine: engine, Source: store, Feed: store, Log: log, Replica: sc.replica,
		Rebuild: func(ctx context.Context) error { return rebuild(ctx, engine, store, "", log) }}
	if health.Rebuild {
		log.Info("the search indexes must be rebuilt", "why", strings.Join(health.Reasons, "; "))
	}
	rebuilt, err := follower.CatchUp(ctx, health.Rebuild)
	if err != nil {
		engine.Close()
		return nil, err
	}
	pz, err := pseudonym.New(pseudonym.Options{})
	if err != nil {
		engine.Close()
		return nil, err
	}
	if mc.EmbeddingsURL != "" {
		// The embedding server is outside the process: a search's text reaches it masked,
		// as a plan's does (the BM25 side keeps the text as typed; it never leaves).
		engine.MaskQuery = func(text string) (string, error) {
			m, err := pz.Pseudonymize(text, &pseudonym.Mapping{})
			if err != nil {
				return "", err
			}
			return pseudonym.RemovePlaceholders(m.Text), nil
		}
	}
	a := &app{store: store, engine: engine, follower: follower, pdf: newPDFEngine(), rebuilt: rebuilt}
	a.authoring = &authoring.Service{Store: store, Indexer: indexer{follower}, PDF: a.pdf}
	a.planner = &plan.Planner{Store: store, Search: engine, Generator: gen, Pseudonymizer: pz, Log: log, History: &plan.UsageHistory{Store: store}}
	return a, nil
}

// newPDFEngine returns a PDF engine whose compiled PDFium is cached in the user's cache
// directory, so that a command starts in a tenth of a second instead of three.
func newPDFEngine() *pdf.Engine {
	return pdf.NewEngine(pdf.Options{CacheDir: pdf.UserCacheDir()})
}

// rebuild refills the indexes, logging progress every few seconds.
func rebuild(ctx context.Context, e *retrieval.Engine, store socle.Store, orgID string, log *slog.Logger) error {
	start, last := time.Now(), time.Now()
	var lastP retrieval.Progress
	err := e.Rebuild(ctx, store, orgID, func(p retrieval.Progress) {
		lastP = p
		if time.Since(last) > 3*time.Second {
			last = time.Now()
			log.Info("reindexing", "org", p.OrgID, "versions", fmt.Sprintf("%d/%d", p.VersionsDone, p.Versions), "passages", p.Passages)
		}
	})
	if err != nil {
		return fmt.Errorf("rebuild the search indexes: %w", err)
	}
	log.Info("search indexes ready", "passages", lastP.Passages, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

func (a *app) Close() error {
	a.pdf.Close()
	a.engine.Close()
	return a.store.Close()
}

// indexer keeps the indexes in step with publication, for authoring: the publishing server
// applies the change feed before answering, by the path every other server follows.
type indexer struct {
	follower *retrieval.Follower
}

func (x indexer) Publish(ctx context.Context, v socle.Version) error {
	_, err := x.follower.CatchUp(ctx, false)
	return err
}

func (x indexer) Withdraw(ctx context.Context, v socle.Version) error {
	_, err := x.follower.CatchUp(ctx, false)
	return err
}

// IndexDraft indexes a version before its publication, so that it can be searched alone.
func (x indexer) IndexDraft(ctx context.Context, v socle.Version, progress func(done, total int)) error {
	return x.follower.IndexDraft(ctx, v.OrgID, v.ID)
}
