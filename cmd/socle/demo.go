package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/training"
	"github.com/socle-project/socle/web"
	"go.yaml.in/yaml/v3"
)

// demoAddr is where the demo listens unless told otherwise: this machine only, since its
// accounts and password are public.
const demoAddr = "127.0.0.1:8080"

// registerDemo registers the demo's flags: serve's, with the demo's own defaults.
func registerDemo(fs *flag.FlagSet, cfg *serveConfig) (keep, shared *bool) {
	cfg.register(fs, "")
	fs.Lookup("addr").DefValue = demoAddr
	fs.Set("addr", demoAddr)
	fs.Lookup("addr").Usage = "address to listen on, host:port; the demo's accounts are public, so it listens on this machine only unless given another address"
	keep = fs.Bool("keep", false, "keep the demo data after it stops (with --data, it is always kept)")
	shared = fs.Bool("demo-in-shared-store", false, "seed the demo organization and its public accounts even into a store that holds other organizations")
	return keep, shared
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg serveConfig
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	keep, shared := registerDemo(fs, &cfg)
	if err := parse(fs, args, stdout, "demo [flags]", `
Runs the server with a demo organization, "demo", whose methodology guide, service catalog
and glossary are sample content written for Socle and embedded in the binary. Without --data,
the demo runs in a fresh temporary directory removed when it stops.`); err != nil {
		return err
	}
	log, err := cfg.log.logger(stderr)
	if err != nil {
		return err
	}
	dataSet := false
	fs.Visit(func(f *flag.Flag) { dataSet = dataSet || f.Name == "data" })
	if !dataSet && os.Getenv("SOCLE_DATA") == "" && cfg.store.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "socle-demo-")
		if err != nil {
			return configError{fmt.Errorf("cannot create a temporary directory for the demo: %w", err)}
		}
		if !*keep {
			defer os.RemoveAll(dir)
		} else {
			fmt.Fprintf(stdout, "Demo data kept in %s\n", dir)
		}
		cfg.store.Data = dir
	}
	return serve(ctx, &cfg, log, stdout, func(ctx context.Context, a *app, srv *web.Server) error {
		accounts, err := seedDemo(ctx, a.store, a.authoring, log, *shared)
		srv.DemoAccounts, srv.DemoPassword = accounts, demoPassword
		return err
	})
}

// demoFiles is the demo organization's sample content, written for Socle.
//
//go:embed demo/guide-accompagnement.md demo/services.csv demo/glossaire.yaml demo/parcours.yaml
var demoFiles embed.FS

const demoOrgSlug = "demo"

// demoPassword is the password of every demo account; the sign-in page shows it.
const demoPassword = "demo-socle"

// demoAccounts are one member per role.
var demoAccounts = []web.DemoAccount{
	{Email: "travailleur@demo.socle", Role: socle.RoleCaseworker},
	{Email: "referente@demo.socle", Role: socle.RoleLead},
	{Email: "formatrice@demo.socle", Role: socle.RoleTrainer},
	{Email: "direction@demo.socle", Role: socle.RoleAdmin},
}

// seedDemo loads the demo organization, its members, guide, catalog and glossary, and returns
// the accounts to show. It is idempotent: what exists already is left alone. Its accounts share
// a public password, so it refuses a store that holds any other organization (a production
// database named by mistake) unless shared is set.
func seedDemo(ctx context.Context, s socle.Store, svc *authoring.Service, log *slog.Logger, shared bool) ([]web.DemoAccount, error) {
	orgs, err := s.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.Slug != demoOrgSlug && !shared {
			return nil, configError{fmt.Errorf("this store holds other organizations (%s): the demo's public accounts do not belong there; use an empty --data or database, or pass --demo-in-shared-store", o.Slug)}
		}
	}
	org, err := s.OrgBySlug(ctx, demoOrgSlug)
	if socle.IsKind(err, socle.ENOTFOUND) {
		org = socle.Organization{Slug: demoOrgSlug, Name: "Maison des solidarités de Valmont (démo)"}
		err = s.CreateOrg(ctx, &org)
	}
	if err != nil {
		return nil, fmt.Errorf("demo organization: %w", err)
	}
	if err := seedDemoMembers(ctx, s, org); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		file, guide, title string
		kind               socle.GuideKind
	}{
		{"demo/guide-accompagnement.md", "accompagnement", "", socle.KindMethodology},
		{"demo/services.csv", "services-valmont", "Services et partenaires de Valmont", socle.KindCatalog},
	} {
		if _, err := s.GuideBySlug(ctx, org.ID, f.guide); err == nil {
			continue // seeded before: its versions, and the review under way, stay as they are
		} else if !socle.IsKind(err, socle.ENOTFOUND) {
			return nil, err
		}
		data, err := demoFiles.ReadFile(f.file)
		if err != nil {
			return nil, err
		}
		res, err := svc.AddVersion(ctx, authoring.Upload{
			OrgID: org.ID, Guide: f.guide, Title: f.title, Kind: f.kind, FileName: path.Base(f.file), Data: data,
			Author: "system", Note: "contenu de démonstration", Publish: true,
		})
		if err != nil {
			return nil, fmt.Errorf("demo content %s: %w", f.file, err)
		}
		log.Info("demo content", "guide", f.guide, "version", res.Version.N, "sections", res.Version.Sections,
			"services", res.Version.Services, "unchanged", res.Unchanged)
	}
	data, err := demoFiles.ReadFile("demo/glossaire.yaml")
	if err != nil {
		return nil, err
	}
	if _, err := svc.ImportGlossary(ctx, org.ID, "glossaire.yaml", data); err != nil {
		return nil, fmt.Errorf("demo glossary: %w", err)
	}
	if err := seedDemoReview(ctx, s, svc, org); err != nil {
		return nil, fmt.Errorf("demo review: %w", err)
	}
	if err := seedDemoPath(ctx, s, org); err != nil {
		return nil, fmt.Errorf("demo path: %w", err)
	}
	return demoAccounts, nil
}

// demoPath is the demo's onboarding path as written in demo/parcours.yaml.
type demoPath struct {
	Title       string `yaml:"titre"`
	Description string `yaml:"description"`
	Steps       []struct {
		Section  string `yaml:"section"`
		Note     string `yaml:"note"`
		Question *struct {
			Text        string   `yaml:"texte"`
			Answers     []string `yaml:"reponses"` // right ones start with "*"
			Explanation string   `yaml:"explication"`
		} `yaml:"question"`
	} `yaml:"etapes"`
}

// seedDemoPath publishes the demo's onboarding path, written by the trainer, assigned to
// every caseworker (and to new ones as they are added). It does nothing once a path exists.
func seedDemoPath(ctx context.Context, s socle.Store, org socle.Organization) error {
	if ps, err := s.LearningPaths(ctx, org.ID); err != nil || len(ps) > 0 {
		return err
	}
	data, err := demoFiles.ReadFile("demo/parcours.yaml")
	if err != nil {
		return err
	}
	var dp demoPath
	if err := yaml.Unmarshal(data, &dp); err != nil {
		return fmt.Errorf("demo/parcours.yaml: %w", err)
	}
	g, err := s.GuideBySlug(ctx, org.ID, "accompagnement")
	if err != nil {
		return err
	}
	vs, err := s.PublishedVersions(ctx, org.ID)
	if err != nil {
		return err
	}
	var secs []socle.Section
	for _, v := range vs {
		if v.GuideID == g.ID {
			if secs, err = s.Sections(ctx, org.ID, v.ID); err != nil {
				return err
			}
		}
	}
	d := training.Draft{Title: dp.Title, Description: dp.Description, Audience: socle.Audience{Role: socle.RoleCaseworker, AutoAssign: true}}
	for _, st := range dp.Steps {
		i := slices.IndexFunc(secs, func(sec socle.Section) bool { return sec.Heading() == st.Section })
		if i < 0 {
			return fmt.Errorf("demo/parcours.yaml: the guide has no section %q", st.Section)
		}
		sd := training.StepDraft{Guide: g.Slug, SectionID: secs[i].ID, Note: st.Note}
		if q := st.Question; q != nil {
			sd.Question = &socle.Question{Prompt: q.Text, Explanation: q.Explanation}
			for _, a := range q.Answers {
				sd.Question.Choices = append(sd.Question.Choices, socle.Choice{Text: strings.TrimSpace(strings.TrimPrefix(a, "*")), Right: strings.HasPrefix(a, "*")})
			}
		}
		d.Steps = append(d.Steps, sd)
	}
	trainer, err := s.UserByEmail(ctx, "formatrice@demo.socle")
	if err != nil {
		return err
	}
	svc := &training.Service{Store: s}
	as := socle.WithActor(ctx, trainer.ID)
	p, err := svc.Create(as, org.ID, trainer.ID, d)
	if err != nil {
		return err
	}
	if _, err := svc.Publish(as, org.ID, p.ID); err != nil {
		return err
	}
	_, err = svc.Assign(as, org.ID, p.ID, nil, socle.RoleCaseworker)
	return err
}

// demoRevision is the change the demo's lead proposes to the guide: shorter delays and a new
// part, each a replacement of the published text.
var demoRevision = []struct{ old, new string }{
	{"Le premier accueil a lieu dans les cinq jours ouvrés qui suivent la demande.",
		"Le premier accueil a lieu dans les trois jours ouvrés qui suivent la demande."},
	{"Dès le premier impayé de loyer, contacter le bailleur avec l'accord de la personne",
		"Dès le premier impayé de loyer, et au plus tard dans les huit jours qui suivent le signalement, contacter le bailleur avec l'accord de la personne"},
	{"## Écrits professionnels et partage d'information",
		"## Accès au numérique\n\nLorsque la personne n'a pas d'accès à internet ou ne sait pas faire seule ses démarches en ligne, lui proposer un rendez-vous avec le conseiller numérique de l'espace France Services de Valmont. Le travailleur social ne conserve jamais les identifiants ni les mots de passe de la personne.\n\n## Écrits professionnels et partage d'information"},
}

// seedDemoReview leaves a second version of the guide in review, written by the lead and
// commented on by the administrator, so that the demo shows the review at once. It does
// nothing once the guide has a second version.
func seedDemoReview(ctx context.Context, s socle.Store, svc *authoring.Service, org socle.Organization) error {
	g, err := s.GuideBySlug(ctx, org.ID, "accompagnement")
	if err != nil {
		return err
	}
	vs, err := s.Versions(ctx, org.ID, g.ID)
	if err != nil || len(vs) != 1 {
		return err
	}
	lead, err := s.UserByEmail(ctx, "referente@demo.socle")
	if err != nil {
		return err
	}
	admin, err := s.UserByEmail(ctx, "direction@demo.socle")
	if err != nil {
		return err
	}
	data, err := demoFiles.ReadFile("demo/guide-accompagnement.md")
	if err != nil {
		return err
	}
	text := string(data)
	for _, r := range demoRevision {
		if !strings.Contains(text, r.old) {
			return fmt.Errorf("the demo guide no longer holds %q: update demoRevision", r.old)
		}
		text = strings.Replace(text, r.old, r.new, 1)
	}
	as := socle.WithActor(ctx, lead.ID)
	res, err := svc.AddVersion(as, authoring.Upload{OrgID: org.ID, Guide: "accompagnement", FileName: "guide-accompagnement.md",
		Data: []byte(text), Author: lead.ID, Note: "Délais raccourcis après la réunion d'équipe ; ajout de l'accès au numérique"})
	if err != nil {
		return err
	}
	n := res.Version.N
	if _, err := svc.Move(as, org.ID, "accompagnement", n, socle.StateReview,
		"Suite à la réunion d'équipe du 12 novembre : merci de vérifier les nouveaux délais avant publication."); err != nil {
		return err
	}
	secs, err := s.Sections(ctx, org.ID, res.Version.ID)
	if err != nil {
		return err
	}
	for _, sec := range secs {
		if sec.Heading() == "Premier accueil" {
			_, err = svc.AddComment(socle.WithActor(ctx, admin.ID), org.ID, "accompagnement", n, sec.ID,
				"Trois jours ouvrés : vérifier que la permanence peut tenir ce délai pendant les congés d'été.")
			return err
		}
	}
	return fmt.Errorf("the demo guide has no section \"Premier accueil\"")
}

// seedDemoMembers creates the demo accounts that do not exist yet.
func seedDemoMembers(ctx context.Context, s socle.Store, org socle.Organization) error {
	var hash string
	for _, a := range demoAccounts {
		if _, err := s.UserByEmail(ctx, a.Email); err == nil {
			continue
		} else if !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		if hash == "" {
			h, err := access.HashPassword(demoPassword)
			if err != nil {
				return err
			}
			hash = h
		}
		u := socle.User{Email: a.Email, Name: a.Email[:strings.IndexByte(a.Email, '@')], PasswordHash: hash}
		if err := s.CreateUser(ctx, &u); err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		if err := s.SetMembership(ctx, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: a.Role}); err != nil {
			return err
		}
	}
	return nil
}
