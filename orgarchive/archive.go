// Package orgarchive moves an organization between servers and store modes: its export is a
// tar archive of plain files, the same whatever store it comes from, and its import checks the
// whole archive before writing anything.
package orgarchive

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// An organization's export is a tar archive of plain files, the same whatever store it comes
// from: store ids and the times stores assign are left out (references between objects use
// slugs, version numbers and emails), entries are sorted and dated at the Unix epoch, and JSON
// maps sort their keys. Two exports of the same content are byte for byte the same, which is
// how a round trip between stores is checked.
//
//	org.json                         {"format": 1, "slug", "name"}
//	members.json                     [{"email", "name", "role", "active"}], no passwords
//	glossary.json                    [{"term", "expansions", "note"}]
//	guides/<slug>/guide.json         {"slug", "title", "kind"}
//	guides/<slug>/<n>/version.json   {"n", "state", "title", "source_name", "source_type", "sha256", "author", "note", "metadata"}
//	guides/<slug>/<n>/source/<name>  the file as uploaded
//	guides/<slug>/<n>/sections.json  the sections, with their stable ids
//	guides/<slug>/<n>/services.json  the services of a catalog version
//	guides/<slug>/<n>/comments.json  the version's review comments
//	settings.json                    {"review_required", "usage_retention_days", "learn_from_plans"}
//	paths.json                       learning paths, their assignments and members' progress
//	passage_rules.json               [{"need", "guide" (a slug), "digest", "rule", "version_n", "section_id", "span_start", "span_end", "user"}]
//	plans.json                       only with --with-plans: saved plans and their feedback
const exportFormat = 1

// Limits of an archive read by import.
const (
	maxImportEntries   = 100000
	maxImportFileBytes = 256 << 20
	maxImportBytes     = 4 << 30
)

type orgFile struct {
	Format int    `json:"format"`
	Slug   string `json:"slug"`
	Name   string `json:"name"`
}

type memberFile struct {
	Email  string     `json:"email"`
	Name   string     `json:"name"`
	Role   socle.Role `json:"role"`
	Active bool       `json:"active"`
}

type glossaryFile struct {
	Term       string   `json:"term"`
	Expansions []string `json:"expansions"`
	Note       string   `json:"note,omitempty"`
}

type guideFile struct {
	Slug  string          `json:"slug"`
	Title string          `json:"title"`
	Kind  socle.GuideKind `json:"kind"`
}

type versionFile struct {
	N          int                `json:"n"`
	State      socle.VersionState `json:"state"`
	Title      string             `json:"title"`
	SourceName string             `json:"source_name"`
	SourceType string             `json:"source_type"`
	SHA256     string             `json:"sha256"`
	Author     string             `json:"author"` // an email, or "system"
	Note       string             `json:"note"`
	Metadata   map[string]string  `json:"metadata,omitempty"`
}

type feedbackFile struct {
	Step    int           `json:"step"`
	User    string        `json:"user"`
	Verdict socle.Verdict `json:"verdict"`
	Comment string        `json:"comment,omitempty"`
}

// planFile is a saved plan; its citations and services name versions as "slug@n".
type planFile struct {
	Author     string         `json:"author"`
	Title      string         `json:"title"`
	CaseDigest string         `json:"case_digest"`
	Steps      []socle.Step   `json:"steps"`
	NotCovered []socle.Step   `json:"not_covered"`
	Generator  string         `json:"generator"`
	ExpiresAt  time.Time      `json:"expires_at"`
	Feedback   []feedbackFile `json:"feedback,omitempty"`
}

// tarWriter writes the entries of a deterministic archive.
type tarWriter struct{ tw *tar.Writer }

func (t tarWriter) file(name string, data []byte) error {
	hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: time.Unix(0, 0), Format: tar.FormatPAX, Typeflag: tar.TypeReg}
	if err := t.tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err := t.tw.Write(data)
	return err
}

func (t tarWriter) json(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return t.file(name, append(data, '\n'))
}

// Export writes the organization's archive.
func Export(ctx context.Context, s socle.Store, org socle.Organization, withPlans bool, w io.Writer) error {
	tw := tarWriter{tar.NewWriter(w)}
	if err := tw.json("org.json", orgFile{Format: exportFormat, Slug: org.Slug, Name: org.Name}); err != nil {
		return err
	}
	ms, err := s.Members(ctx, org.ID)
	if err != nil {
		return err
	}
	email := map[string]string{"system": "system"}
	members := []memberFile{}
	for _, m := range ms {
		u, err := s.User(ctx, m.UserID)
		if err != nil {
			return err
		}
		email[u.ID] = u.Email
		members = append(members, memberFile{Email: u.Email, Name: u.Name, Role: m.Role, Active: m.Active()})
	}
	sort.Slice(members, func(i, j int) bool { return members[i].Email < members[j].Email })
	if err := tw.json("members.json", members); err != nil {
		return err
	}
	gl, err := s.Glossary(ctx, org.ID)
	if err != nil {
		return err
	}
	glossary := []glossaryFile{}
	for _, e := range gl {
		glossary = append(glossary, glossaryFile{Term: e.Term, Expansions: e.Expansions, Note: e.Note})
	}
	if err := tw.json("glossary.json", glossary); err != nil {
		return err
	}
	if err := exportSettings(ctx, s, tw, org.ID); err != nil {
		return err
	}
	guides, err := s.Guides(ctx, org.ID, socle.GuideFilter{})
	if err != nil {
		return err
	}
	versionRef := map[string]string{} // version id → "slug@n"
	guideSlug := map[string]string{}  // guide id → slug
	for _, g := range guides {
		guideSlug[g.ID] = g.Slug
		dir := "guides/" + g.Slug + "/"
		if err := tw.json(dir+"guide.json", guideFile{Slug: g.Slug, Title: g.Title, Kind: g.Kind}); err != nil {
			return err
		}
		vs, err := s.Versions(ctx, org.ID, g.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			versionRef[v.ID] = g.Slug + "@" + strconv.Itoa(v.N)
			if err := exportVersion(ctx, s, tw, dir+strconv.Itoa(v.N)+"/", v, email); err != nil {
				return fmt.Errorf("guide %s version %d: %w", g.Slug, v.N, err)
			}
		}
	}
	if err := exportPaths(ctx, s, tw, org.ID, email, versionRef); err != nil {
		return err
	}
	if err := exportRules(ctx, s, tw, org.ID, guideSlug, email); err != nil {
		return err
	}
	if withPlans {
		if err := exportPlans(ctx, s, tw, org, email, versionRef); err != nil {
			return err
		}
	}
	return tw.tw.Close()
}

func exportVersion(ctx context.Context, s socle.Store, tw tarWriter, dir string, v socle.Version, email map[string]string) error {
	author := email[v.Author]
	if author == "" {
		author = v.Author
	}
	vf := versionFile{N: v.N, State: v.State, Title: v.Title, SourceName: v.SourceName, SourceType: v.SourceType,
		SHA256: v.SourceSHA256, Author: author, Note: v.Note, Metadata: v.Metadata}
	if err := tw.json(dir+"version.json", vf); err != nil {
		return err
	}
	if err := exportComments(ctx, s, tw, dir, v, email); err != nil {
		return err
	}
	src, err := s.VersionSource(ctx, v.OrgID, v.ID)
	if err != nil {
		return err
	}
	if err := tw.file(dir+"source/"+safeName(v.SourceName), src); err != nil {
		return err
	}
	secs, err := s.Sections(ctx, v.OrgID, v.ID)
	if err != nil {
		return err
	}
	// Empty lists are written null whatever the store returned ([] or nil).
	for i := range secs {
		secs[i].OrgID, secs[i].GuideID, secs[i].VersionID = "", "", ""
		secs[i].Path, secs[i].Passages, secs[i].PageBreaks = orNil(secs[i].Path), orNil(secs[i].Passages), orNil(secs[i].PageBreaks)
	}
	if secs == nil {
		secs = []socle.Section{}
	}
	if err := tw.json(dir+"sections.json", secs); err != nil {
		return err
	}
	svcs, err := s.Services(ctx, v.OrgID, v.ID)
	if err != nil {
		return err
	}
	for i := range svcs {
		svcs[i].OrgID, svcs[i].GuideID, svcs[i].VersionID = "", "", ""
		svcs[i].Audience, svcs[i].Territories, svcs[i].Themes = orNil(svcs[i].Audience), orNil(svcs[i].Territories), orNil(svcs[i].Themes)
		if len(svcs[i].Extra) == 0 {
			svcs[i].Extra = nil
		}
	}
	if svcs == nil {
		svcs = []socle.Service{}
	}
	return tw.json(dir+"services.json", svcs)
}

func orNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// safeName keeps a source's file name a single path element.
func safeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == ".." || name == "" {
		return "source"
	}
	return name
}

func exportPlans(ctx context.Context, s socle.Store, tw tarWriter, org socle.Organization, email, versionRef map[string]string) error {
	plans, err := s.Plans(ctx, org.ID, socle.PlanFilter{Limit: 1 << 30})
	if err != nil {
		return err
	}
	ref := func(id string) string {
		if r, ok := versionRef[id]; ok {
			return r
		}
		return ""
	}
	steps := func(in []socle.Step) []socle.Step {
		out := make([]socle.Step, len(in))
		for i, st := range in {
			st.Citations = append([]socle.Citation(nil), st.Citations...)
			for j := range st.Citations {
				st.Citations[j].GuideID, st.Citations[j].VersionID = "", ref(st.Citations[j].VersionID)
			}
			st.Services = append([]socle.ServiceRef(nil), st.Services...)
			for j := range st.Services {
				st.Services[j].VersionID = ref(st.Services[j].VersionID)
			}
			out[i] = st
		}
		return out
	}
	var out []planFile
	for _, p := range plans {
		pf := planFile{Author: email[p.AuthorID], Title: p.Title, CaseDigest: p.CaseDigest, Steps: steps(p.Steps),
			NotCovered: steps(p.NotCovered), Generator: p.Generator, ExpiresAt: p.ExpiresAt}
		fb, err := s.Feedback(ctx, org.ID, p.ID)
		if err != nil {
			return err
		}
		for _, f := range fb {
			pf.Feedback = append(pf.Feedback, feedbackFile{Step: f.Step, User: email[f.UserID], Verdict: f.Verdict, Comment: f.Comment})
		}
		out = append(out, pf)
	}
	// Plans have no name of their own: order them by their content.
	keys := make([]string, len(out))
	for i, p := range out {
		data, _ := json.Marshal(p)
		keys[i] = string(data)
	}
	sort.Sort(byKey{out, keys})
	if out == nil {
		out = []planFile{}
	}
	return tw.json("plans.json", out)
}

type byKey struct {
	p []planFile
	k []string
}

func (b byKey) Len() int           { return len(b.p) }
func (b byKey) Less(i, j int) bool { return b.k[i] < b.k[j] }
func (b byKey) Swap(i, j int)      { b.p[i], b.p[j] = b.p[j], b.p[i]; b.k[i], b.k[j] = b.k[j], b.k[i] }

// archive is an export read into memory and checked, before anything is written.
type archive struct {
	org      orgFile
	members  []memberFile
	glossary []glossaryFile
	guides   []*guideArchive
	plans    []planFile
	hasPlans bool
	settings *settingsFile // nil in archives made before settings were exported
	paths    []pathFile
	rules    []ruleFile // none in archives made before rules were exported
}

type guideArchive struct {
	guide    guideFile
	versions []*versionArchive
}

type versionArchive struct {
	v        versionFile
	source   []byte
	sections []socle.Section
	services []socle.Service
	comments []commentFile
}

// readArchive reads and checks a whole export, within the limits, so that a bad archive is
// refused before anything is imported.
func readArchive(r io.Reader) (*archive, error) {
	tr := tar.NewReader(r)
	files := map[string][]byte{}
	var total int64
	for n := 0; ; n++ {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, socle.Errorf(socle.EINVALID, "the archive cannot be read (%v): give a file made by socle org export", err)
		}
		if n >= maxImportEntries {
			return nil, socle.Errorf(socle.ETOOLARGE, "the archive has more than %d entries", maxImportEntries)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		if hdr.Size > maxImportFileBytes || total+hdr.Size > maxImportBytes {
			return nil, socle.Errorf(socle.ETOOLARGE, "the archive's %s is too large (limits: %d MiB a file, %d GiB in all)", hdr.Name, maxImportFileBytes>>20, maxImportBytes>>30)
		}
		data, err := io.ReadAll(io.LimitReader(tr, hdr.Size))
		if err != nil {
			return nil, socle.Errorf(socle.EINVALID, "the archive is cut short at %s: %v", hdr.Name, err)
		}
		total += hdr.Size
		files[path.Clean(hdr.Name)] = data
	}
	a := &archive{}
	if err := decodeFile(files, "org.json", &a.org); err != nil {
		return nil, err
	}
	if a.org.Format != exportFormat {
		return nil, socle.Errorf(socle.EINVALID, "the archive's format is %d, this socle reads format %d", a.org.Format, exportFormat)
	}
	if err := decodeFile(files, "members.json", &a.members); err != nil {
		return nil, err
	}
	if err := decodeFile(files, "glossary.json", &a.glossary); err != nil {
		return nil, err
	}
	if _, ok := files["settings.json"]; ok {
		a.settings = &settingsFile{}
		if err := decodeFile(files, "settings.json", a.settings); err != nil {
			return nil, err
		}
	}
	if _, ok := files["paths.json"]; ok {
		if err := decodeFile(files, "paths.json", &a.paths); err != nil {
			return nil, err
		}
	}
	if _, ok := files["passage_rules.json"]; ok {
		if err := decodeFile(files, "passage_rules.json", &a.rules); err != nil {
			return nil, err
		}
	}
	if _, ok := files["plans.json"]; ok {
		a.hasPlans = true
		if err := decodeFile(files, "plans.json", &a.plans); err != nil {
			return nil, err
		}
	}
	byGuide := map[string]*guideArchive{}
	for name := range files {
		parts := strings.Split(name, "/")
		if parts[0] != "guides" || len(parts) < 3 {
			continue
		}
		g := byGuide[parts[1]]
		if g == nil {
			g = &guideArchive{}
			byGuide[parts[1]] = g
			if err := decodeFile(files, "guides/"+parts[1]+"/guide.json", &g.guide); err != nil {
				return nil, err
			}
		}
		if len(parts) == 4 && parts[3] == "version.json" {
			dir := "guides/" + parts[1] + "/" + parts[2] + "/"
			va := &versionArchive{}
			if err := decodeFile(files, dir+"version.json", &va.v); err != nil {
				return nil, err
			}
			if err := decodeFile(files, dir+"sections.json", &va.sections); err != nil {
				return nil, err
			}
			if err := decodeFile(files, dir+"services.json", &va.services); err != nil {
				return nil, err
			}
			if _, ok := files[dir+"comments.json"]; ok {
				if err := decodeFile(files, dir+"comments.json", &va.comments); err != nil {
					return nil, err
				}
			}
			src, ok := files[dir+"source/"+safeName(va.v.SourceName)]
			if !ok {
				return nil, socle.Errorf(socle.EINVALID, "the archive lacks the source of %s version %s", parts[1], parts[2])
			}
			va.source = src
			g.versions = append(g.versions, va)
		}
	}
	for _, g := range byGuide {
		sort.Slice(g.versions, func(i, j int) bool { return g.versions[i].v.N < g.versions[j].v.N })
		for i, v := range g.versions {
			if v.v.N != i+1 {
				return nil, socle.Errorf(socle.EINVALID, "guide %s lacks version %d in the archive", g.guide.Slug, i+1)
			}
		}
		a.guides = append(a.guides, g)
	}
	sort.Slice(a.guides, func(i, j int) bool { return a.guides[i].guide.Slug < a.guides[j].guide.Slug })
	if err := checkRules(a); err != nil {
		return nil, err
	}
	return a, nil
}

func decodeFile(files map[string][]byte, name string, v any) error {
	data, ok := files[name]
	if !ok {
		return socle.Errorf(socle.EINVALID, "the archive lacks %s: give a file made by socle org export", name)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return socle.Errorf(socle.EINVALID, "the archive's %s is not valid: %v", name, err)
	}
	return nil
}

// Summary says what an import made.
type Summary struct {
	Org                        socle.Organization
	Members, NewAccounts       int
	Guides, Versions, Terms    int
	Paths, Rules               int
	Plans, ExpiredPlansSkipped int
}

// Import reads an archive into a new organization (the slug of the archive unless slug is
// given) or an existing empty one.
func Import(ctx context.Context, s socle.Store, slug string, r io.Reader) (Summary, error) {
	a, err := readArchive(r)
	if err != nil {
		return Summary{}, err
	}
	if slug == "" {
		slug = a.org.Slug
	}
	org, err := s.OrgBySlug(ctx, slug)
	switch {
	case socle.IsKind(err, socle.ENOTFOUND):
		org = socle.Organization{Slug: slug, Name: a.org.Name}
		err = s.CreateOrg(ctx, &org)
	case err == nil:
		err = checkEmpty(ctx, s, org)
	}
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Org: org}
	userID := map[string]string{"system": "system"}
	for _, m := range a.members {
		u, err := s.UserByEmail(ctx, m.Email)
		if socle.IsKind(err, socle.ENOTFOUND) {
			u = socle.User{Email: m.Email, Name: m.Name}
			err = s.CreateUser(ctx, &u)
			sum.NewAccounts++
		}
		if err != nil {
			return sum, fmt.Errorf("member %s: %w", m.Email, err)
		}
		if err := s.SetMembership(ctx, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: m.Role}); err != nil {
			return sum, fmt.Errorf("member %s: %w", m.Email, err)
		}
		if !m.Active {
			if err := s.SetMemberActive(ctx, org.ID, u.ID, false); err != nil {
				return sum, err
			}
		}
		userID[m.Email] = u.ID
		sum.Members++
	}
	for _, e := range a.glossary {
		if err := s.PutGlossaryEntry(ctx, &socle.GlossaryEntry{OrgID: org.ID, Term: e.Term, Expansions: e.Expansions, Note: e.Note}); err != nil {
			return sum, fmt.Errorf("glossary %s: %w", e.Term, err)
		}
		sum.Terms++
	}
	versionID := map[string][2]string{} // "slug@n" → guide id, version id
	guideID := map[string]string{}      // slug → guide id
	for _, ga := range a.guides {
		g := socle.Guide{OrgID: org.ID, Slug: ga.guide.Slug, Title: ga.guide.Title, Kind: ga.guide.Kind}
		if err := s.CreateGuide(ctx, &g); err != nil {
			return sum, fmt.Errorf("guide %s: %w", g.Slug, err)
		}
		sum.Guides++
		guideID[g.Slug] = g.ID
		for _, va := range ga.versions {
			author := userID[va.v.Author]
			if author == "" {
				author = va.v.Author
			}
			v := socle.Version{OrgID: org.ID, GuideID: g.ID, State: va.v.State, Title: va.v.Title, SourceName: va.v.SourceName,
				SourceType: va.v.SourceType, Author: author, Note: va.v.Note, Metadata: va.v.Metadata}
			c := socle.VersionContent{Source: va.source, Sections: va.sections, Services: va.services}
			// A version cannot be created archived: it is created a draft and archived.
			if v.State == socle.StateArchived {
				v.State = socle.StateDraft
			}
			if err := s.CreateVersion(socle.WithActor(ctx, "system"), &v, c); err != nil {
				return sum, fmt.Errorf("guide %s version %d: %w", g.Slug, va.v.N, err)
			}
			if va.v.State == socle.StateArchived {
				if _, err := s.SetVersionState(socle.WithActor(ctx, "system"), org.ID, socle.StateChange{VersionID: v.ID, State: socle.StateArchived}); err != nil {
					return sum, fmt.Errorf("guide %s version %d: %w", g.Slug, va.v.N, err)
				}
			}
			if v.SourceSHA256 != va.v.SHA256 {
				return sum, fmt.Errorf("guide %s version %d: the source's hash is %s, the archive says %s", g.Slug, va.v.N, v.SourceSHA256, va.v.SHA256)
			}
			versionID[g.Slug+"@"+strconv.Itoa(v.N)] = [2]string{g.ID, v.ID}
			if err := importComments(ctx, s, org.ID, v.ID, va.comments, userID); err != nil {
				return sum, fmt.Errorf("guide %s version %d: %w", g.Slug, va.v.N, err)
			}
			sum.Versions++
		}
	}
	if a.settings != nil {
		set, err := s.Settings(ctx, org.ID)
		if err != nil {
			return sum, err
		}
		set.ReviewRequired, set.UsageRetentionDays = a.settings.ReviewRequired, a.settings.UsageRetentionDays
		if a.settings.LearnFromPlans != nil {
			set.LearnFromPlans = *a.settings.LearnFromPlans
		}
		if err := s.SetSettings(ctx, &set); err != nil {
			return sum, fmt.Errorf("settings: %w", err)
		}
	}
	if sum.Paths, err = importPaths(ctx, s, org.ID, a.paths, userID, versionID); err != nil {
		return sum, err
	}
	if sum.Rules, err = importRules(ctx, s, org.ID, a.rules, guideID, userID); err != nil {
		return sum, err
	}
	now := socle.Now()
	for _, pf := range a.plans {
		if !pf.ExpiresAt.After(now) {
			sum.ExpiredPlansSkipped++
			continue
		}
		remap := func(in []socle.Step) []socle.Step {
			for i := range in {
				for j := range in[i].Citations {
					ids := versionID[in[i].Citations[j].VersionID]
					in[i].Citations[j].GuideID, in[i].Citations[j].VersionID = ids[0], ids[1]
				}
				for j := range in[i].Services {
					in[i].Services[j].VersionID = versionID[in[i].Services[j].VersionID][1]
				}
			}
			return in
		}
		p := socle.Plan{OrgID: org.ID, AuthorID: userID[pf.Author], Title: pf.Title, CaseDigest: pf.CaseDigest, Steps: remap(pf.Steps),
			NotCovered: remap(pf.NotCovered), Generator: pf.Generator, ExpiresAt: pf.ExpiresAt}
		if err := s.SavePlan(ctx, &p); err != nil {
			return sum, fmt.Errorf("plan %q: %w", pf.Title, err)
		}
		for _, fb := range pf.Feedback {
			if err := s.AddFeedback(ctx, &socle.Feedback{OrgID: org.ID, PlanID: p.ID, Step: fb.Step, UserID: userID[fb.User], Verdict: fb.Verdict, Comment: fb.Comment}); err != nil {
				return sum, fmt.Errorf("plan %q feedback: %w", pf.Title, err)
			}
		}
		sum.Plans++
	}
	return sum, nil
}

// checkEmpty refuses to import into an organization that has content already.
func checkEmpty(ctx context.Context, s socle.Store, org socle.Organization) error {
	gs, err := s.Guides(ctx, org.ID, socle.GuideFilter{})
	if err != nil {
		return err
	}
	gl, err := s.Glossary(ctx, org.ID)
	if err != nil {
		return err
	}
	ps, err := s.Plans(ctx, org.ID, socle.PlanFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(gs)+len(gl)+len(ps) > 0 {
		return socle.Errorf(socle.ECONFLICT, "organization %s is not empty (%d guides, %d glossary terms, plans: %d): import into a new organization with --org NEW-SLUG", org.Slug, len(gs), len(gl), len(ps))
	}
	return nil
}
