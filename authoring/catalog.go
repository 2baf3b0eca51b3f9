package authoring

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
)

// ServiceFilter narrows a catalog's services; zero fields match everything.
type ServiceFilter struct {
	Theme     string // a theme code, or a prefix of one ("logement-hebergement")
	Audience  string
	Territory string
	Text      string // words in the name, description or provider
}

// CatalogPage is a catalog version's services as a lead browses them, with the values to
// filter on.
type CatalogPage struct {
	GuidePage
	Filter      ServiceFilter
	Shown       []socle.Service
	Themes      []string
	Audiences   []string
	Territories []string
}

// Catalog returns version n of a catalog (0: the published one, else the latest) with its
// services filtered.
func (s *Service) Catalog(ctx context.Context, orgID, slug string, n int, f ServiceFilter, drafts bool) (CatalogPage, error) {
	page, err := s.GuidePage(ctx, orgID, slug, n, drafts)
	if err != nil {
		return CatalogPage{}, err
	}
	if page.Guide.Kind != socle.KindCatalog {
		return CatalogPage{}, socle.Errorf(socle.EINVALID, "%q is not a service catalog", slug)
	}
	c := CatalogPage{GuidePage: page, Filter: f}
	themes, audiences, places := map[string]bool{}, map[string]bool{}, map[string]bool{}
	words := strings.Fields(foldText(f.Text))
	for _, svc := range page.Services {
		for _, t := range svc.Themes {
			themes[t] = true
		}
		for _, a := range svc.Audience {
			audiences[a] = true
		}
		for _, p := range svc.Territories {
			places[p] = true
		}
		if matchService(svc, f, words) {
			c.Shown = append(c.Shown, svc)
		}
	}
	c.Themes, c.Audiences, c.Territories = sortedKeys(themes), sortedKeys(audiences), sortedKeys(places)
	return c, nil
}

func matchService(svc socle.Service, f ServiceFilter, words []string) bool {
	if f.Theme != "" && !slices.ContainsFunc(svc.Themes, func(t string) bool { return strings.HasPrefix(t, f.Theme) }) {
		return false
	}
	if f.Audience != "" && !slices.Contains(svc.Audience, f.Audience) {
		return false
	}
	if f.Territory != "" && !slices.Contains(svc.Territories, f.Territory) {
		return false
	}
	if len(words) > 0 {
		hay := foldText(svc.Name + " " + svc.Description + " " + svc.Provider)
		for _, w := range words {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// EditService saves version base of a catalog with one service changed (or added, when no
// service has its id) as a new draft version: services are as immutable as their version. The
// new version's source is the catalog as JSON, which Socle reads back as a catalog.
func (s *Service) EditService(ctx context.Context, orgID, slug string, base int, svc socle.Service, note, author string) (Result, error) {
	svc.Name = strings.TrimSpace(svc.Name)
	if svc.Name == "" {
		return Result{}, socle.Errorf(socle.EINVALID, "the service has no name: give it one")
	}
	if svc.AgeMin < 0 || svc.AgeMax < 0 || svc.AgeMax > 0 && svc.AgeMin > svc.AgeMax {
		return Result{}, socle.Errorf(socle.EINVALID, "ages %d to %d are not a range: give a minimum below the maximum, or 0 for no bound", svc.AgeMin, svc.AgeMax)
	}
	page, err := s.GuidePage(ctx, orgID, slug, base, true)
	if err != nil {
		return Result{}, err
	}
	if page.Guide.Kind != socle.KindCatalog {
		return Result{}, socle.Errorf(socle.EINVALID, "%q is not a service catalog", slug)
	}
	if svc.ID == "" {
		svc.ID = newServiceID(svc.Name, page.Services)
	}
	services := make([]socle.Service, 0, len(page.Services)+1)
	replaced := false
	for _, old := range page.Services {
		if old.ID == svc.ID {
			if sameService(old, svc) {
				return Result{}, socle.Errorf(socle.EINVALID, "the service did not change: nothing to save")
			}
			old = svc
			replaced = true
		}
		services = append(services, old)
	}
	if !replaced {
		services = append(services, svc)
	}
	src, err := catalogJSON(services)
	if err != nil {
		return Result{}, err
	}
	v := socle.Version{
		OrgID: orgID, GuideID: page.Guide.ID, Title: page.Version.Title, State: socle.StateDraft,
		SourceName: "editor.json", SourceType: "application/json", Author: author, Note: note, BaseN: base,
		Metadata: page.Version.Metadata,
	}
	stored, _, err := s.store(ctx, page.Guide, true, v, socle.VersionContent{Source: src, Services: services})
	return Result{Guide: page.Guide, Version: stored}, err
}

func sameService(a, b socle.Service) bool {
	a.OrgID, a.GuideID, a.VersionID = "", "", ""
	b.OrgID, b.GuideID, b.VersionID = "", "", ""
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// newServiceID derives an id for a service added in the editor from its name.
func newServiceID(name string, existing []socle.Service) string {
	base := guideSlug(name + ".x")
	id := base
	for n := 2; slices.ContainsFunc(existing, func(s socle.Service) bool { return s.ID == id }); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// catalogService is a service as the JSON catalogs Socle reads name its fields.
type catalogService struct {
	ID          string            `json:"id"`
	Name        string            `json:"nom"`
	Description string            `json:"description,omitempty"`
	Provider    string            `json:"structure,omitempty"`
	Audience    []string          `json:"publics,omitempty"`
	Eligibility string            `json:"conditions,omitempty"`
	AgeMin      int               `json:"age_min,omitempty"`
	AgeMax      int               `json:"age_max,omitempty"`
	Territories []string          `json:"territoires,omitempty"`
	Contact     string            `json:"contact,omitempty"`
	Link        string            `json:"lien,omitempty"`
	Themes      []string          `json:"thematiques,omitempty"`
	Extra       map[string]string `json:"extra,omitempty"`
}

// catalogJSON writes services as a JSON catalog.
func catalogJSON(services []socle.Service) ([]byte, error) {
	out := make([]catalogService, len(services))
	for i, s := range services {
		out[i] = catalogService{s.ID, s.Name, s.Description, s.Provider, s.Audience, s.Eligibility, s.AgeMin, s.AgeMax,
			s.Territories, s.Contact, s.Link, s.Themes, s.Extra}
	}
	return json.MarshalIndent(out, "", "  ")
}
