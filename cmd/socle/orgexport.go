package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/socle-project/socle/orgarchive"
)

// runOrgExport handles `socle org export`.
func runOrgExport(ctx context.Context, args []string, stdout io.Writer) error {
	var store storeConfig
	fs := flag.NewFlagSet("org export", flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	withPlans := fs.Bool("with-plans", false, "include the saved plans (pseudonymized case digests) and their feedback")
	to := fs.String("to", "", "file to write (default: standard output)")
	if err := parse(fs, args, stdout, "org export --org SLUG [--with-plans] [--to FILE]", `
Writes the organization as a tar archive: its guides with every version and source file,
sections and services, the glossary and the members (without passwords); saved plans only
with --with-plans. 'socle org import' reads it into an empty organization, in either store
mode. Exports of the same content are identical byte for byte.`); err != nil {
		return err
	}
	s, err := store.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	org, err := s.OrgBySlug(ctx, *orgSlug)
	if err != nil {
		return err
	}
	if *to == "" {
		return orgarchive.Export(ctx, s, org, *withPlans, stdout)
	}
	return writeFileAtomic(*to, func(w io.Writer) error { return orgarchive.Export(ctx, s, org, *withPlans, w) })
}

// runOrgImport handles `socle org import`.
func runOrgImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg appConfig
	fs := flag.NewFlagSet("org import", flag.ContinueOnError)
	cfg.register(fs)
	orgSlug := fs.String("org", "", "slug of the organization to import into: a new one, or an existing empty one (default: the archive's)")
	if err := parse(fs, args, stdout, "org import [--org SLUG] FILE", `
Reads an archive made by 'socle org export' (FILE, or - for standard input) into a new or
empty organization, then indexes its published guides. The whole archive is read and checked
before anything is written. Imported members have no password: send them links with
'socle user reset'.`); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give the archive to import (a file, or - for standard input)"}
	}
	var r io.Reader = os.Stdin
	if fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return configError{err}
		}
		defer f.Close()
		r = f
	}
	a, log, err := cfg.open(ctx, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := orgarchive.Import(ctx, a.store, *orgSlug, r)
	if err != nil {
		return err
	}
	if err := rebuild(ctx, a.engine, a.store, sum.Org.ID, log); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %d members (%d new accounts, without passwords), %d guides, %d versions, %d glossary terms, %d learning paths, %d plans, %d passage rules",
		sum.Org.Slug, sum.Members, sum.NewAccounts, sum.Guides, sum.Versions, sum.Terms, sum.Paths, sum.Plans, sum.Rules)
	if sum.ExpiredPlansSkipped > 0 {
		fmt.Fprintf(stdout, " (%d expired plans left out)", sum.ExpiredPlansSkipped)
	}
	fmt.Fprintln(stdout)
	return nil
}

// writeFileAtomic writes a file through a temporary one renamed at the end, so that a failure
// leaves no half-written file.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return configError{fmt.Errorf("cannot write %s: %w", name, err)}
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
