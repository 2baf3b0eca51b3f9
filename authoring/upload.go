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
	if u.FileName == "" {
		return Result{}, socle.Errorf(socle.EINVALID, "the upload has no file name")
	}
	slug := u.Guide
	if slug == "" {
		slug = guideSlug(u.FileName)
	}
	if err := socle.ValidateSlug("guide slug", slug); err != nil {
		return Result{}, err
	}
	guide, err := s.Store.GuideBySlug(ctx, u.OrgID, slug)
	exists := err == nil
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return Result{}, err
	}
	kind := u.Kind
	if exists {
		if kind != "" && kind != guide.Kind {
			return Result{}, socle.Errorf(socle.EINVALID, "guide %q is a %s, not a %s: upload to another guide or leave the kind out", slug, guide.Kind, kind)
		}
		kind = guide.Kind
	}
	if kind != "" && !kind.Valid() {
		return Result{}, socle.Errorf(socle.EINVALID, "kind %q is not valid: use methodology, catalog or reference", kind)
	}

	doc, err := s.Read(ctx, u.FileName, u.Data, kind)
	if err != nil {
		return Result{Document: doc}, err
	}
	if kind == "" {
		kind = socle.KindMethodology
		if doc.Format == "catalog" {
			kind = socle.KindCatalog
		}
	}
	res := Result{Document: doc, Guide: guide}
	if exists {
		if last, ok, err := s.latest(ctx, u.OrgID, guide.ID); err != nil {
			return res, err
		} else if ok && last.SourceSHA256 == digest(u.Data) {
			res.Version, res.Unchanged = last, true
			return res, nil
		}
	}
	if u.DryRun {
		return res, nil
	}
	if !exists {
		res.Guide = socle.Guide{OrgID: u.OrgID, Slug: slug, Title: firstNonEmpty(u.Title, doc.Title, slug), Kind: kind}
	}
	v := socle.Version{
		OrgID: u.OrgID, GuideID: res.Guide.ID, Title: firstNonEmpty(doc.Title, res.Guide.Title),
		SourceName: filepath.Base(u.FileName), SourceType: mediaType(u.FileName, doc.Format),
		Author: u.Author, Note: u.Note, Metadata: doc.Metadata, State: socle.StateDraft,
	}
	if u.Publish {
		v.State = socle.StatePublished
	}
	content := socle.VersionContent{Source: u.Data, Sections: doc.Sections, Services: doc.Services}
	if exists {
		err = s.Store.CreateVersion(ctx, &v, content)
	} else {
		// A new guide and its first version are written together: an interrupted upload leaves
		// neither.
		err = s.Store.CreateGuideWithVersion(ctx, &res.Guide, &v, content)
		res.Created = err == nil
	}
	if err != nil {
		return res, err
	}
	res.Version = v
	if v.State == socle.StatePublished && s.Indexer != nil {
		if err := s.Indexer.Publish(ctx, v); err != nil {
			return res, fmt.Errorf("authoring: version %d is published but the index was not updated (run `socle reindex`): %w", v.N, err)
		}
	}
	return res, nil
}

// Read reads a file as AddVersion would, without storing anything: a document with neither
// sections nor services is an error, since a version of it would cite nothing.
func (s *Service) Read(ctx context.Context, name string, data []byte, kind socle.GuideKind) (*ingest.Document, error) {
	doc, err := ingest.File(ctx, name, data, ingest.Options{Kind: kind, Limits: s.Limits, PDF: s.PDF})
	if err != nil {
		return nil, err
	}
	if len(doc.Sections) == 0 && len(doc.Services) == 0 {
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
