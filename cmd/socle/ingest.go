package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/schollz/progressbar/v3"
	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/ingest"
	"golang.org/x/term"
)

// ingestConfig is the configuration of `socle ingest`.
type ingestConfig struct {
	store   storeConfig
	models  modelConfig
	log     logConfig
	Org     string
	Guide   string
	Kind    string
	Note    string
	Publish bool
	DryRun  bool
	JSON    bool
	Quiet   bool
}

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg ingestConfig
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	cfg.store.register(fs)
	cfg.models.register(fs)
	cfg.log.register(fs)
	fs.StringVar(&cfg.Org, "org", "", "organization slug (may be left out when the store holds one organization)")
	fs.StringVar(&cfg.Guide, "guide", "", "guide slug to add the version to (one file only); default: from the file name")
	fs.StringVar(&cfg.Kind, "kind", "", "kind of a new guide: methodology, catalog or reference; default: catalog for catalog files")
	fs.StringVar(&cfg.Note, "note", "", "what changed, stored with each new version")
	fs.BoolVar(&cfg.Publish, "publish", false, "publish each new version at once instead of leaving a draft")
	fs.BoolVar(&cfg.DryRun, "dry-run", false, "read and report only; store nothing (no store needed)")
	fs.BoolVar(&cfg.JSON, "json", false, "print one JSON object per file instead of the section tree")
	fs.BoolVar(&cfg.Quiet, "quiet", false, "print only problems and the summary")
	if err := parse(fs, args, stdout, "ingest [flags] FILE...", `
Reads each file (PDF, Markdown, text, or a service catalog in CSV, JSON, YAML, Markdown or
the data·inclusion format) and stores it as a new version of a guide of the organization.
It prints each file's section tree (heading path, pages, words) and the problems found. A file
whose bytes are already the guide's latest version is left alone. Files that cannot be read
are reported and skipped; the exit status is 1 if any was.`); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageError{"give at least one file to ingest"}
	}
	if cfg.Guide != "" && len(files) > 1 {
		return usageError{"--guide names one guide: give one file, or leave --guide out to derive each guide from its file name"}
	}
	kind := socle.GuideKind(cfg.Kind)
	if kind != "" && !kind.Valid() {
		return usageError{fmt.Sprintf("--kind %q is not one of methodology, catalog, reference", cfg.Kind)}
	}

	svc := &authoring.Service{PDF: newPDFEngine()}
	defer svc.PDF.Close()
	orgID := ""
	if !cfg.DryRun {
		log, err := cfg.log.logger(stderr)
		if err != nil {
			return err
		}
		a, err := openApp(ctx, &cfg.store, &cfg.models, log)
		if err != nil {
			return err
		}
		defer a.Close()
		org, err := pickOrg(ctx, a.store, cfg.Org)
		if err != nil {
			return err
		}
		svc, orgID = a.authoring, org.ID
		if len(files) > 1 {
			// Many files: index once at the end rather than after each file (each update rewrites
			// the vector file). Marked stale first, so that an interrupted import leaves indexes
			// that the next start rebuilds.
			if err := a.engine.MarkStale(ctx); err != nil {
				return err
			}
			bulk := *a.authoring
			bulk.Indexer = nil
			svc = &bulk
			defer func() {
				if err := rebuild(context.WithoutCancel(ctx), a.engine, a.store, orgID, log); err != nil {
					fmt.Fprintf(stderr, "socle ingest: %s; run `socle reindex`\n", userMessage(err))
				}
			}()
		}
	}

	var bar *progressbar.ProgressBar
	if len(files) > 1 && isTerminal(stderr) {
		bar = progressbar.NewOptions(len(files), progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
	}
	failed := 0
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := ingestFile(ctx, svc, orgID, kind, name, &cfg)
		if bar != nil {
			bar.Clear()
		}
		if err != nil {
			failed++
		}
		if cfg.JSON {
			printIngestJSON(stdout, name, res, err)
		} else {
			printIngestText(stdout, name, res, err, &cfg)
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be ingested", failed, len(files))
	}
	return nil
}

// ingestFile reads one file and stores it (or only reads it, with --dry-run).
func ingestFile(ctx context.Context, svc *authoring.Service, orgID string, kind socle.GuideKind, name string, cfg *ingestConfig) (authoring.Result, error) {
	info, err := os.Stat(name)
	if err != nil {
		return authoring.Result{}, socle.Errorf(socle.EINVALID, "%s: cannot read the file: %v", name, unwrapPath(err))
	}
	limits := ingest.DefaultLimits()
	if info.Size() > limits.MaxBytes {
		return authoring.Result{}, socle.Errorf(socle.ETOOLARGE, "%s: %d MiB is over the %d MiB limit for one file", name, info.Size()>>20, limits.MaxBytes>>20)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return authoring.Result{}, socle.Errorf(socle.EINVALID, "%s: cannot read the file: %v", name, unwrapPath(err))
	}
	if cfg.DryRun {
		doc, err := svc.Read(ctx, name, data, kind)
		return authoring.Result{Document: doc}, err
	}
	return svc.AddVersion(ctx, authoring.Upload{
		OrgID: orgID, Guide: cfg.Guide, Kind: kind, FileName: name, Data: data,
		Author: "cli", Note: cfg.Note, Publish: cfg.Publish,
	})
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// pickOrg returns the organization named by slug, or the only one when slug is empty.
func pickOrg(ctx context.Context, s socle.Store, slug string) (socle.Organization, error) {
	if slug != "" {
		return s.OrgBySlug(ctx, slug)
	}
	orgs, err := s.Orgs(ctx)
	if err != nil {
		return socle.Organization{}, err
	}
	switch len(orgs) {
	case 0:
		return socle.Organization{}, usageError{"the store holds no organization: create one with `socle org create`"}
	case 1:
		return orgs[0], nil
	}
	names := make([]string, len(orgs))
	for i, o := range orgs {
		names[i] = o.Slug
	}
	return socle.Organization{}, usageError{"several organizations: choose one with --org (" + strings.Join(names, ", ") + ")"}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printIngestText prints a file's outcome and section tree.
func printIngestText(w io.Writer, name string, res authoring.Result, err error, cfg *ingestConfig) {
	if err != nil {
		fmt.Fprintf(w, "✗ %s\n", userMessage(err))
		return
	}
	doc := res.Document
	status := "dry run, nothing stored"
	switch {
	case res.Unchanged:
		status = fmt.Sprintf("unchanged: already version %d of %s", res.Version.N, res.Guide.Slug)
	case !cfg.DryRun:
		status = fmt.Sprintf("%s version %d (%s)", res.Guide.Slug, res.Version.N, res.Version.State)
	}
	counts := fmt.Sprintf("%d sections", len(doc.Sections))
	if len(doc.Services) > 0 {
		counts = fmt.Sprintf("%d services", len(doc.Services))
	}
	fmt.Fprintf(w, "✓ %s → %s: %q, %s\n", name, status, doc.Title, counts)
	if !cfg.Quiet {
		var last []string
		for _, s := range doc.Sections {
			// Headings without text of their own have no section: print them as the tree's
			// inner nodes so that their children do not look orphaned.
			for d := 0; d < len(s.Path)-1; d++ {
				if d >= len(last) || last[d] != s.Path[d] {
					fmt.Fprintf(w, "  %s%s\n", strings.Repeat("  ", d), clip(s.Path[d], 56))
					last = nil
				}
			}
			last = s.Path
			heading := s.Heading()
			if heading == "" {
				heading = "(introduction)"
			}
			pages := ""
			if s.PageStart > 0 {
				pages = "p. " + pagesLabel(s.PageStart, s.PageEnd)
			}
			indent := 2 * max(len(s.Path)-1, 0)
			fmt.Fprintf(w, "  %s%-*s %9s %6d words\n", strings.Repeat(" ", indent), max(56-indent, 10), clip(heading, max(56-indent, 10)), pages, words(s.Text))
		}
		for _, svc := range doc.Services {
			fmt.Fprintf(w, "  • %s\n", clip(svc.Name, 80))
		}
	}
	for _, p := range doc.Problems {
		where := ""
		if p.Page > 0 {
			where = fmt.Sprintf("page %d: ", p.Page)
		} else if p.Line > 0 {
			where = fmt.Sprintf("line %d: ", p.Line)
		}
		fmt.Fprintf(w, "  ! %s%s\n", where, p.Message)
	}
}

func pagesLabel(a, b int) string {
	if a == b {
		return fmt.Sprint(a)
	}
	return fmt.Sprintf("%d–%d", a, b)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func words(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) }))
}

// ingestJSON is the --json shape of one file.
type ingestJSON struct {
	File      string            `json:"file"`
	Title     string            `json:"title"`
	Error     string            `json:"error,omitempty"`
	Guide     string            `json:"guide,omitempty"`
	Version   int               `json:"version,omitempty"`
	Unchanged bool              `json:"unchanged,omitempty"`
	Sections  []sectionOutJSON  `json:"sections"`
	Services  []serviceOutJSON  `json:"services,omitempty"`
	Problems  []ingest.Problem  `json:"problems,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`
}

type sectionOutJSON struct {
	ID    string   `json:"id"`
	Path  []string `json:"path"`
	Pages []int    `json:"pages"`
	Text  string   `json:"text"`
}

type serviceOutJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func printIngestJSON(w io.Writer, name string, res authoring.Result, err error) {
	out := ingestJSON{File: name, Sections: []sectionOutJSON{}}
	if err != nil {
		out.Error = userMessage(err)
	}
	if doc := res.Document; doc != nil {
		out.Title, out.Problems, out.Metadata = doc.Title, doc.Problems, doc.Metadata
		for _, s := range doc.Sections {
			path := s.Path
			if path == nil {
				path = []string{}
			}
			pages := []int{}
			if s.PageStart > 0 {
				pages = []int{s.PageStart, s.PageEnd}
			}
			out.Sections = append(out.Sections, sectionOutJSON{ID: s.ID, Path: path, Pages: pages, Text: s.Text})
		}
		for _, svc := range doc.Services {
			out.Services = append(out.Services, serviceOutJSON{ID: svc.ID, Name: svc.Name})
		}
	}
	out.Guide, out.Version, out.Unchanged = res.Guide.Slug, res.Version.N, res.Unchanged
	data, _ := json.Marshal(out)
	fmt.Fprintf(w, "%s\n", data)
}
