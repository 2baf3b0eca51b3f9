package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest/pdf"
	"golang.org/x/text/unicode/norm"
)

// Options say how to read a file.
type Options struct {
	// Kind is the kind of guide the file is for. A Markdown file is read as a service catalog
	// (one service per list item or per heading) only when Kind is socle.KindCatalog; CSV, JSON,
	// JSON Lines and YAML files are always read as catalogs, PDF and plain text never.
	Kind   socle.GuideKind
	Limits Limits // zero fields take DefaultLimits' values
	// PDF is the engine that reads PDFs. Nil means a process-wide engine started on first use;
	// a long-running program passes its own, with a compilation cache (pdf.Options.CacheDir),
	// and closes it when it stops.
	PDF *pdf.Engine
	// Progress, if set, is called as a paginated file is read, with the pages read and the
	// pages in all, from the reader's goroutine.
	Progress func(done, total int)
}

// Formats File reads, by file extension.
const supportedFormats = "PDF (.pdf), Markdown (.md), plain text (.txt), or a service catalog in CSV (.csv), JSON (.json, .jsonl), YAML (.yaml) or Markdown (.md)"

// File reads one uploaded file into a document: sections for a guide, services for a catalog.
// The format comes from the content first (a PDF is a PDF whatever its name) and then the
// extension. Limits apply in this order: the size before anything is read, the time through a
// deadline on ctx, then the counts of sections and services.
//
// Errors are *socle.Error naming the file: EINVALID with what to do about it (unsupported
// format, text not in UTF-8, a catalog without a name column…), ETOOLARGE for a limit. A panic
// in a reader does not cross this function: it becomes an EINTERNAL error naming the file.
func File(ctx context.Context, name string, data []byte, opts Options) (*Document, error) {
	l := opts.Limits.withDefaults()
	format, err := check(name, data, opts.Kind, l)
	if err != nil {
		return nil, err
	}
	doc, err := guarded(ctx, name, l, func(ctx context.Context) (*Document, error) {
		return read(ctx, name, format, data, l, opts)
	})
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, &socle.Error{Kind: socle.EINTERNAL, Message: name + ": the file could not be read", Err: fmt.Errorf("ingest: the %s reader returned no document and no error", format)}
	}
	// Every reader counts as it goes; this holds the limits whatever a reader does.
	if len(doc.Sections) > l.MaxSections {
		return nil, socle.Errorf(socle.ETOOLARGE, "%s: more than %d sections: split the document or raise the section limit", name, l.MaxSections)
	}
	if len(doc.Services) > l.MaxServices {
		return nil, socle.Errorf(socle.ETOOLARGE, "%s: more than %d services: split the catalog or raise the service limit", name, l.MaxServices)
	}
	finish(name, doc)
	return doc, nil
}

// Check tells, without reading the file, what File would refuse at once: a file over the size
// limit, an empty file, a format Socle does not read. A server calls it before accepting an
// upload that it reads later in the background.
func Check(name string, data []byte, opts Options) error {
	_, err := check(name, data, opts.Kind, opts.Limits.withDefaults())
	return err
}

func check(name string, data []byte, kind socle.GuideKind, l Limits) (string, error) {
	if int64(len(data)) > l.MaxBytes {
		return "", socle.Errorf(socle.ETOOLARGE, "%s: %s is over the %s limit for one file: split it, or ask an administrator to raise the limit", name, byteSize(int64(len(data))), byteSize(l.MaxBytes))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", socle.Errorf(socle.EINVALID, "%s: the file is empty: check that you picked the right file", name)
	}
	return sniff(name, data, kind)
}

// guarded runs a reader under the time limit and turns what goes wrong into an error naming the
// file: a passed deadline into ETOOLARGE, a panic into EINTERNAL (with the stack kept for the
// log). The reader runs apart so that the deadline holds even inside a library call that does
// not watch ctx (goldmark, a YAML decoder); readers stop at their next ctx check once it passes.
func guarded(ctx context.Context, name string, l Limits, reader func(context.Context) (*Document, error)) (*Document, error) {
	ctx, cancel := context.WithTimeout(ctx, l.Timeout)
	defer cancel()
	if err := ctx.Err(); err != nil {
		// Already past: a small file read at once would otherwise race the deadline below,
		// and the select pick either.
		return nil, fileError(name, l, err)
	}
	type result struct {
		doc *Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: &socle.Error{
					Kind:    socle.EINTERNAL,
					Message: fmt.Sprintf("%s: the file could not be read because of an unexpected fault; please report it with the file", name),
					Err:     fmt.Errorf("ingest: panic reading %s: %v\n%s", name, r, debug.Stack()),
				}}
			}
		}()
		doc, err := reader(ctx)
		done <- result{doc, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		res = result{err: ctx.Err()}
	}
	if res.err != nil {
		return nil, fileError(name, l, res.err)
	}
	return res.doc, nil
}

// Read formats.
const (
	fmtPDF          = "pdf"
	fmtMarkdown     = "markdown"
	fmtText         = "text"
	fmtCSV          = "csv"
	fmtJSON         = "json"
	fmtJSONL        = "jsonl"
	fmtYAML         = "yaml"
	fmtMarkdownList = "markdown-catalog"
)

// sniff decides how to read a file from its content and extension.
func sniff(name string, data []byte, kind socle.GuideKind) (string, error) {
	head := data[:min(len(data), 1024)]
	ext := fileExt(name)
	// PDF readers accept a header anywhere in the first kilobyte; a text file merely quoting
	// "%PDF-" near its start stays text.
	textExt := strings.Contains(".md.markdown.txt.csv.tsv.json.jsonl.yaml.yml", ext) && ext != ""
	if ext == ".pdf" || bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 16)], " \t\r\n"), []byte("%PDF-")) ||
		(!textExt && bytes.Contains(head, []byte("%PDF-"))) {
		return fmtPDF, nil
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		switch ext {
		case ".xlsx", ".xls", ".ods":
			return "", socle.Errorf(socle.EINVALID, "%s: spreadsheets cannot be read directly: save the sheet as CSV (UTF-8) and upload the .csv file", name)
		default:
			return "", socle.Errorf(socle.EINVALID, "%s: office documents cannot be read directly: export it as PDF or Markdown and upload that; Socle reads %s", name, supportedFormats)
		}
	}
	catalog := kind == socle.KindCatalog
	switch ext {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		if catalog {
			return fmtMarkdownList, nil
		}
		return fmtMarkdown, nil
	case ".txt", ".text":
		if catalog {
			return "", socle.Errorf(socle.EINVALID, "%s: plain text cannot be read as a service catalog: write the services as CSV, JSON, YAML or a Markdown list with \"Nom: …\" lines", name)
		}
		return fmtText, nil
	case ".csv", ".tsv":
		return fmtCSV, nil
	case ".json":
		return fmtJSON, nil
	case ".jsonl", ".ndjson":
		return fmtJSONL, nil
	case ".yaml", ".yml":
		return fmtYAML, nil
	case "":
		// No extension: look at the content.
		t := bytes.TrimLeft(data, " \t\r\n\ufeff")
		switch {
		case len(t) > 0 && (t[0] == '{' || t[0] == '['):
			return fmtJSON, nil
		case catalog:
			return fmtMarkdownList, nil
		case bytes.HasPrefix(t, []byte("---\n")) || bytes.HasPrefix(t, []byte("# ")) || bytes.Contains(head, []byte("\n#")):
			return fmtMarkdown, nil
		}
		return fmtText, nil
	case ".doc", ".docx", ".odt", ".rtf", ".pages":
		return "", socle.Errorf(socle.EINVALID, "%s: word-processor files cannot be read directly: export it as PDF or Markdown and upload that", name)
	case ".xls", ".xlsx", ".ods", ".numbers":
		return "", socle.Errorf(socle.EINVALID, "%s: spreadsheets cannot be read directly: save the sheet as CSV (UTF-8) and upload the .csv file", name)
	}
	return "", socle.Errorf(socle.EINVALID, "%s: files ending in %q are not supported: upload %s", name, ext, supportedFormats)
}

// fileExt returns the lower-case extension of a file name, with its dot, whether the name
// uses / or \ between folders.
func fileExt(name string) string {
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return ""
	}
	return strings.ToLower(base[i:])
}

// read dispatches to the reader of a format.
func read(ctx context.Context, name, format string, data []byte, l Limits, opts Options) (*Document, error) {
	if format == fmtPDF {
		return readPDF(ctx, opts.PDF, name, data, l, opts.Progress)
	}
	src, err := textSource(data)
	if err != nil {
		return nil, err
	}
	switch format {
	case fmtMarkdown:
		return readMarkdown(ctx, src, l)
	case fmtText:
		return readText(ctx, src, l)
	case fmtMarkdownList:
		return readMarkdownCatalog(ctx, src, l)
	case fmtCSV:
		return readCSV(ctx, src, fileExt(name) == ".tsv", l)
	case fmtJSON:
		return readJSON(ctx, src, false, l)
	case fmtJSONL:
		return readJSON(ctx, src, true, l)
	case fmtYAML:
		return readYAML(ctx, src, l)
	}
	return nil, fmt.Errorf("ingest: unknown format %q", format)
}

// textSource checks that data is UTF-8 text and returns it without a byte order mark, with
// Unix line ends, in Unicode NFC (so that "é" typed on a Mac matches "é" typed elsewhere).
func textSource(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, socle.Errorf(socle.EINVALID, "the file is in UTF-16: save it as UTF-8 and upload it again")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		return nil, socle.Errorf(socle.EINVALID, "the text is not in UTF-8 (first bad byte on line %d): save it as UTF-8 (in Excel: \"CSV UTF-8\"; in LibreOffice or a text editor: encoding Unicode UTF-8) and upload it again", 1+bytes.Count(data[:off], []byte("\n")))
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, socle.Errorf(socle.EINVALID, "the file holds binary data (a NUL byte on line %d), not text: check that you picked the right file", 1+bytes.Count(data[:i], []byte("\n")))
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return norm.NFC.Bytes(data), nil
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// fileError turns a reader's error into a *socle.Error whose message names the file.
func fileError(name string, l Limits, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return socle.Errorf(socle.ETOOLARGE, "%s: reading took longer than the %s limit: split the file, or ask an administrator to raise the limit", name, l.Timeout)
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	var e *socle.Error
	if !errors.As(err, &e) {
		return &socle.Error{Kind: socle.EINTERNAL, Message: name + ": the file could not be read", Err: err}
	}
	if strings.HasPrefix(e.Message, name+":") {
		return err
	}
	return &socle.Error{Kind: e.Kind, Message: name + ": " + e.Message, Err: err}
}

// finish fills what every document needs whatever its format: a title (the file name without
// its extension when the content gives none) and a problem when nothing could be taken from it.
func finish(name string, doc *Document) {
	if doc.Metadata == nil {
		doc.Metadata = map[string]string{}
	}
	if doc.Title == "" {
		base := name[strings.LastIndexAny(name, `/\`)+1:]
		doc.Title = strings.TrimSuffix(base, fileExt(base))
	}
	if len(doc.Sections) == 0 && len(doc.Services) == 0 {
		what := "text"
		if doc.Format == "catalog" {
			what = "service"
		}
		doc.Problems = append(doc.Problems, Problem{Message: fmt.Sprintf("no %s was found in the file: it holds headings only, or nothing Socle can read", what)})
	}
}

// byteSize writes a size in the unit a person reads best.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
