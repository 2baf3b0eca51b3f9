package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// catalogView is a catalog's services with the filters applied, and what the caller may do.
type catalogView struct {
	authoring.CatalogPage
	CanEdit bool
}

// catalogPage shows a catalog version's services, filtered by ?theme=&audience=&territory=&q=.
func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request, p access.Principal, n int) error {
	f := authoring.ServiceFilter{Theme: r.FormValue("theme"), Audience: r.FormValue("audience"), Territory: r.FormValue("territory"), Text: r.FormValue("q")}
	page, err := s.Authoring.Catalog(r.Context(), p.Org.ID, r.PathValue("slug"), n, f, seesDrafts(p))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "catalog", page.Guide.Title, &p, catalogView{CatalogPage: page, CanEdit: p.Can(access.EditDoctrine)})
}

// serviceView is the form that edits or adds a service.
type serviceView struct {
	Guide   socle.Guide
	Base    int
	Service socle.Service
	New     bool
}

func (s *Server) serviceEditPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.FormValue("v"), true)
	if err != nil {
		return err
	}
	page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, r.PathValue("slug"), n, true)
	if err != nil {
		return err
	}
	if page.Version == nil || page.Guide.Kind != socle.KindCatalog {
		return socle.Errorf(socle.EINVALID, "%q is not a service catalog with a version", page.Guide.Slug)
	}
	v := serviceView{Guide: page.Guide, Base: page.Version.N, New: r.PathValue("id") == ""}
	if !v.New {
		svc, err := s.Store.Service(r.Context(), p.Org.ID, page.Version.ID, r.PathValue("id"))
		if err != nil {
			return err
		}
		v.Service = svc
	}
	return s.render(w, r, http.StatusOK, "service", page.Guide.Title, &p, v)
}

// serviceForm saves the service form as a new draft version of the catalog.
func (s *Server) serviceForm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	base, err := versionNumber(r.PostFormValue("base"), false)
	if err != nil {
		return err
	}
	svc := socle.Service{
		ID: r.PostFormValue("id"), Name: r.PostFormValue("name"), Description: strings.TrimSpace(r.PostFormValue("description")),
		Provider: strings.TrimSpace(r.PostFormValue("provider")), Audience: list(r.PostFormValue("audience")),
		Eligibility: strings.TrimSpace(r.PostFormValue("eligibility")), Territories: list(r.PostFormValue("territories")),
		Contact: strings.TrimSpace(r.PostFormValue("contact")), Link: strings.TrimSpace(r.PostFormValue("link")),
		Themes: list(r.PostFormValue("themes")),
	}
	for name, dst := range map[string]*int{"age_min": &svc.AgeMin, "age_max": &svc.AgeMax} {
		if v := strings.TrimSpace(r.PostFormValue(name)); v != "" {
			if *dst, err = strconv.Atoi(v); err != nil {
				return socle.Errorf(socle.EINVALID, "%s %q is not a number of years", name, v)
			}
		}
	}
	if svc.ID != "" {
		// Fields the form does not show are kept.
		page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, r.PathValue("slug"), base, true)
		if err != nil {
			return err
		}
		if old, err := s.Store.Service(r.Context(), p.Org.ID, page.Version.ID, svc.ID); err == nil {
			svc.Extra = old.Extra
		}
	}
	res, err := s.Authoring.EditService(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("slug"), base, svc,
		strings.TrimSpace(r.PostFormValue("note")), p.User.ID)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/guides/"+res.Guide.Slug+"/v/"+strconv.Itoa(res.Version.N)+"/review", http.StatusSeeOther)
	return nil
}

// list reads a comma-separated field.
func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

type serviceJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Provider    string   `json:"provider,omitempty"`
	Audience    []string `json:"audience,omitempty"`
	Eligibility string   `json:"eligibility,omitempty"`
	AgeMin      int      `json:"age_min,omitempty"`
	AgeMax      int      `json:"age_max,omitempty"`
	Territories []string `json:"territories,omitempty"`
	Contact     string   `json:"contact,omitempty"`
	Link        string   `json:"link,omitempty"`
	Themes      []string `json:"themes,omitempty"`
}

func toServiceJSON(s socle.Service) serviceJSON {
	return serviceJSON{s.ID, s.Name, s.Description, s.Provider, s.Audience, s.Eligibility, s.AgeMin, s.AgeMax, s.Territories, s.Contact, s.Link, s.Themes}
}

// apiServices answers GET /api/v1/guides/{slug}/versions/{n}/services.
func (s *Server) apiServices(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	f := authoring.ServiceFilter{Theme: r.FormValue("theme"), Audience: r.FormValue("audience"), Territory: r.FormValue("territory"), Text: r.FormValue("q")}
	page, err := s.Authoring.Catalog(r.Context(), p.Org.ID, r.PathValue("slug"), n, f, seesDrafts(p))
	if err != nil {
		return err
	}
	out := make([]serviceJSON, 0, len(page.Shown))
	for _, svc := range page.Shown {
		out = append(out, toServiceJSON(svc))
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": toVersionJSON(*page.Version), "services": out})
	return nil
}

// apiPutService answers PUT /api/v1/guides/{slug}/versions/{n}/services/{id}: version n with
// that service changed or added, saved as a new draft.
func (s *Server) apiPutService(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	var req struct {
		serviceJSON
		Note string `json:"note"`
	}
	if err := decodeStrict(r, &req, `{"name": "…", "description": "…", "provider": "…", "audience": [], "eligibility": "…", "age_min": 0, "age_max": 0, "territories": [], "contact": "…", "link": "…", "themes": [], "note": "…"}`); err != nil {
		return err
	}
	j := req.serviceJSON
	svc := socle.Service{ID: r.PathValue("id"), Name: j.Name, Description: j.Description, Provider: j.Provider, Audience: j.Audience,
		Eligibility: j.Eligibility, AgeMin: j.AgeMin, AgeMax: j.AgeMax, Territories: j.Territories, Contact: j.Contact, Link: j.Link, Themes: j.Themes}
	res, err := s.Authoring.EditService(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("slug"), n, svc, req.Note, p.User.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toVersionJSON(res.Version))
	return nil
}

var catalogMessages = catalog{
	"fr": {
		"catalog.add":         "Ajouter un service",
		"catalog.edit":        "Modifier ce service",
		"catalog.words":       "Mots",
		"catalog.theme":       "Thématique",
		"catalog.all":         "toutes",
		"catalog.filter":      "Filtrer",
		"catalog.none":        "Aucun service ne correspond à ces filtres.",
		"catalog.name":        "Nom",
		"catalog.description": "Description",
		"catalog.agemin":      "Âge minimum",
		"catalog.agemax":      "Âge maximum",
		"catalog.commas":      "séparés par des virgules",
		"catalog.link":        "Lien",
		"catalog.newversion":  "L'enregistrement crée une nouvelle version brouillon du catalogue.",
	},
	"en": {
		"catalog.add":         "Add a service",
		"catalog.edit":        "Edit this service",
		"catalog.words":       "Words",
		"catalog.theme":       "Theme",
		"catalog.all":         "all",
		"catalog.filter":      "Filter",
		"catalog.none":        "No service matches these filters.",
		"catalog.name":        "Name",
		"catalog.description": "Description",
		"catalog.agemin":      "Minimum age",
		"catalog.agemax":      "Maximum age",
		"catalog.commas":      "separated by commas",
		"catalog.link":        "Link",
		"catalog.newversion":  "Saving makes a new draft version of the catalog.",
	},
}
