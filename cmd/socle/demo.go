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
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/web"
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
//go:embed demo/guide-accompagnement.md demo/services.csv demo/glossaire.yaml
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
	return demoAccounts, nil
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
