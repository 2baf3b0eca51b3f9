package authoring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"path/filepath"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
)

// Upload is a file to store as a new version of a guide.
type Upload struct {
	OrgID    string
	Guide    string          // guide slug; the guide is created when missing. Empty: derived from FileName
	Title    string          // title of a new guide; empty: the document's own title
	Kind     socle.GuideKind // kind of a new guide; empty: catalog for catalog files, else methodology
	FileName string
	Data     []byte
	Author   string
	Note     string
	Publish  bool // publish at once instead of leaving a draft
	DryRun   bool // read the file and report, store nothing
	// Base is the version the file was written from; 0 means the guide's latest.
	Base int
	// JobID is the upload job reading the file, if any: the store records the version on it.
	JobID string
	// Existing requires the guide to exist already (ENOTFOUND otherwise): an upload to a named
	// guide through the API must not create one by a typo.
	Existing bool
	// Progress, if set, is told what the upload is doing: "reading" with pages read of pages,
	// then "saving". It is called from other goroutines.
	Progress func(stage string, done, total int)
}

// progress reports a stage of the upload, if anyone listens.
func (u *Upload) progress(stage string, done, total int) {
	if u.Progress != nil {
		u.Progress(stage, done, total)
	}
}

// Result is what became of an upload.
type Result struct {
	Guide     socle.Guide
	Version   socle.Version
	Document  *ingest.Document
	Unchanged bool // the guide's latest version has the same bytes: nothing was stored
	Created   bool // the guide was created by this upload
}

// AddVersion reads the file and stores it as a new version of the guide, creating the guide if
// needed. Uploading the bytes of the guide's latest version again stores nothing and says so.
// Nothing is written when the file cannot be read.
func (s *Service) AddVersion(ctx context.Context, u Upload) (Result, error) {
	t, err := s.target(ctx, u)
	if err != nil {
		return Result{}, err
	}
	u.progress("reading", 0, 0)
	doc, err := s.read(ctx, u.FileName, u.Data, t.kind, func(done, total int) { u.progress("reading", done, total) })
	if err != nil {
		return Result{Document: doc}, err
	}
	kind := t.kind
	if kind == "" {
		kind = socle.KindMethodology
		if doc.Format == "catalog" {
			kind = socle.KindCatalog
		}
	}
	res := Result{Document: doc, Guide: t.guide}
	if t.exists && t.latest.N > 0 && t.latest.SourceSHA256 == digest(u.Data) {
		res.Version, res.Unchanged = t.latest, true
		return res, nil
	}
	if u.DryRun {
		return res, nil
	}
	u.progress("saving", 0, 0)
	if !t.exists {
		res.Guide = socle.Guide{OrgID: u.OrgID, Slug: t.slug, Title: firstNonEmpty(u.Title, doc.Title, t.slug), Kind: kind}
	}
	v := socle.Version{
		OrgID: u.OrgID, GuideID: res.Guide.ID, Title: firstNonEmpty(doc.Title, res.Guide.Title),
		SourceName: filepath.Base(u.FileName), SourceType: mediaType(u.FileName, doc.Format),
		Author: u.Author, Note: u.Note, Metadata: doc.Metadata, State: socle.StateDraft,
		BaseN: t.latest.N, Problems: readProblems(doc.Problems), JobID: u.JobID,
	}
	if u.Base > 0 {
		v.BaseN = u.Base
	}
	if u.Publish {
		v.State = socle.StatePublished
	}
	res.Version, res.Created, err = s.store(ctx, res.Guide, t.exists, v, socle.VersionContent{Source: u.Data, Sections: doc.Sections, Services: doc.Services})
	if err != nil {
		return res, err
	}
	if !t.exists {
		res.Guide.ID = res.Version.GuideID
		if g, err := s.Store.Guide(ctx, u.OrgID, res.Version.GuideID); err == nil {
			res.Guide = g
		}
	}
	return res, nil
}

// target is where an upload goes.
type target struct {
	slug   string
	guide  socle.Guide
	exists bool
	kind   socle.GuideKind // empty: decided by the file's format
	latest socle.Version   // the guide's last version; N is 0 if none
}

// target checks an upload's guide, kind and file without reading it, so that what can be
// refused at once is refused before any work.
func (s *Service) target(ctx context.Context, u Upload) (target, error) {
	if u.FileName == "" {
		return target{}, socle.Errorf(socle.EINVALID, "the upload has no file name")
	}
	t := target{slug: u.Guide}
	if t.slug == "" {
		t.slug = guideSlug(u.FileName)
	}
	if err := socle.ValidateSlug("guide slug", t.slug); err != nil {
		return t, err
	}
	var err error
	t.guide, err = s.Store.GuideBySlug(ctx, u.OrgID, t.slug)
	t.exists = err == nil
	switch {
	case err != nil && !socle.IsKind(err, socle.ENOTFOUND):
		return t, err
	case !t.exists && u.Existing:
		return t, socle.Errorf(socle.ENOTFOUND, "guide %q not found: check the slug, or create the guide with its first file", t.slug)
	}
	t.kind = u.Kind
	if t.exists {
		if t.kind != "" && t.kind != t.guide.Kind {
			return t, socle.Errorf(socle.EINVALID, "guide %q is a %s, not a %s: upload to another guide or leave the kind out", t.slug, t.guide.Kind, t.kind)
		}
		t.kind = t.guide.Kind
		if last, ok, err := s.latest(ctx, u.OrgID, t.guide.ID); err != nil {
			return t, err
		} else if ok {
			t.latest = last
		}
	}
	if t.kind != "" && !t.kind.Valid() {
		return t, socle.Errorf(socle.EINVALID, "kind %q is not valid: use methodology, catalog or reference", t.kind)
	}
	return t, ingest.Check(u.FileName, u.Data, ingest.Options{Kind: t.kind, Limits: s.Limits})
}

// Check refuses at once an upload that AddVersion would refuse without reading the file: a bad
// slug or kind, an unknown guide when one is required, an empty file or one over the size limit,
// a format Socle does not read.
func (s *Service) Check(ctx context.Context, u Upload) error {
	_, err := s.target(ctx, u)
	return err
}

// store writes a new version, with its guide when the guide is new, and brings the indexes in
// step when it is published.
func (s *Service) store(ctx context.Context, g socle.Guide, exists bool, v socle.Version, c socle.VersionContent) (socle.Version, bool, error) {
	var err error
	created := false
	if exists {
		err = s.Store.CreateVersion(ctx, &v, c)
	} else {
		// A new guide and its first version are written together: an interrupted upload leaves
		// neither.
		err = s.Store.CreateGuideWithVersion(ctx, &g, &v, c)
		created = err == nil
	}
	if err != nil {
		return v, created, err
	}
	if v.State == socle.StatePublished && s.Indexer != nil {
		if err := s.Indexer.Publish(ctx, v); err != nil {
			return v, created, fmt.Errorf("authoring: version %d is published but the index was not updated (run `socle reindex`): %w", v.N, err)
		}
	}
	return v, created, nil
}

func readProblems(ps []ingest.Problem) []socle.ReadProblem {
	var out []socle.ReadProblem
	for _, p := range ps {
		out = append(out, socle.ReadProblem{Page: p.Page, Line: p.Line, Message: p.Message})
	}
	return out
}

// Read reads a file as AddVersion would, without storing anything: a document with neither
// sections nor services is an error, since a version of it would cite nothing.
func (s *Service) Read(ctx context.Context, name string, data []byte, kind socle.GuideKind) (*ingest.Document, error) {
	return s.read(ctx, name, data, kind, nil)
}

func (s *Service) read(ctx context.Context, name string, data []byte, kind socle.GuideKind, progress func(done, total int)) (*ingest.Document, error) {
	doc, err := ingest.File(ctx, name, data, ingest.Options{Kind: kind, Limits: s.Limits, PDF: s.PDF, Progress: progress})
	if err != nil {
		return nil, err
	}
	if len(doc.Sections) == 0 && len(doc.Services) == 0 {
		if doc.Format == "pdf" {
			return doc, socle.Errorf(socle.EINVALID, "%s: none of its %d pages holds text: it is probably a scan or made of images. Run it through text recognition (OCR, e.g. ocrmypdf or your scanner's software) and upload the PDF with text", name, doc.Pages)
		}
		return doc, socle.Errorf(socle.EINVALID, "%s: no text to index was found in the file: check that it is the right file", name)
	}
	return doc, nil
}

// latest returns the guide's last version, if it has one.
func (s *Service) latest(ctx context.Context, orgID, guideID string) (socle.Version, bool, error) {
	vs, err := s.Store.Versions(ctx, orgID, guideID)
	if err != nil || len(vs) == 0 {
		return socle.Version{}, false, err
	}
	return vs[len(vs)-1], true, nil
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// mediaType names the source's type for a later download.
func mediaType(name, format string) string {
	switch format {
	case "pdf":
		return "application/pdf"
	case "markdown":
		return "text/markdown; charset=utf-8"
	case "text":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return "application/octet-stream"
}
