package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// runOrg handles `socle org create|list`.
func runOrg(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, "Usage: socle org create --slug SLUG --name NAME\n       socle org list\n")
		return nil
	}
	var store storeConfig
	fs := flag.NewFlagSet("org "+args[0], flag.ContinueOnError)
	store.register(fs)
	switch args[0] {
	case "create":
		slug := fs.String("slug", "", "short name used in URLs and on the command line, e.g. mds-valmont")
		name := fs.String("name", "", "the organization's full name")
		if err := parse(fs, args[1:], stdout, "org create --slug SLUG --name NAME", "Creates an organization."); err != nil {
			return err
		}
		s, err := store.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		o := socle.Organization{Slug: *slug, Name: *name}
		if err := s.CreateOrg(ctx, &o); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created organization %s (%s)\n", o.Slug, o.Name)
		return nil
	case "list":
		if err := parse(fs, args[1:], stdout, "org list", "Lists the organizations."); err != nil {
			return err
		}
		s, err := store.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		orgs, err := s.Orgs(ctx)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			fmt.Fprintf(stdout, "%s\t%s\n", o.Slug, o.Name)
		}
		return nil
	}
	return usageError{fmt.Sprintf("unknown org command %q: use create or list", args[0])}
}

// verb checks that a command with one verb ("user add") was given it. When it was not, it prints
// the usage (for no verb or --help) or refuses the unknown verb, and reports false.
func verb(args []string, command, want, usage string, stdout io.Writer) (bool, error) {
	switch {
	case len(args) > 0 && args[0] == want:
		return true, nil
	case len(args) > 0 && args[0] != "-h" && args[0] != "--help":
		return false, usageError{fmt.Sprintf("unknown %s command %q: use %s", command, args[0], want)}
	}
	fmt.Fprintf(stdout, "Usage: %s\n", usage)
	return false, nil
}

// runUser handles `socle user add`.
func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if ok, err := verb(args, "user", "add", "socle user add --org SLUG --email EMAIL --role ROLE [--name NAME] [--password-stdin]", stdout); !ok {
		return err
	}
	var store storeConfig
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	email := fs.String("email", "", "the person's email, used to sign in")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "caseworker", "admin, lead, caseworker or trainer")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	if err := parse(fs, args[1:], stdout, "user add --org SLUG --email EMAIL --role ROLE", `
Adds a member to an organization, creating the account if the email is new. Without
--password-stdin a password is generated and printed once.`); err != nil {
		return err
	}
	if !socle.Role(*role).Valid() {
		return usageError{fmt.Sprintf("--role %q is not one of admin, lead, caseworker, trainer", *role)}
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
	u, err := s.UserByEmail(ctx, *email)
	if socle.IsKind(err, socle.ENOTFOUND) {
		password, generated := "", false
		if *fromStdin {
			line, rerr := bufio.NewReader(os.Stdin).ReadString('\n')
			if rerr != nil && rerr != io.EOF {
				return rerr
			}
			password = strings.TrimRight(line, "\r\n")
		} else {
			password, generated = strings.TrimPrefix(access.NewToken(), "socle_")[:16], true
		}
		hash, herr := access.HashPassword(password)
		if herr != nil {
			return herr
		}
		u = socle.User{Email: *email, Name: *name, PasswordHash: hash}
		if err = s.CreateUser(ctx, &u); err == nil && generated {
			fmt.Fprintf(stdout, "password for %s (shown once): %s\n", u.Email, password)
		}
	}
	if err != nil {
		return err
	}
	if err := s.SetMembership(ctx, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: socle.Role(*role)}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is %s of %s\n", u.Email, *role, org.Slug)
	return nil
}

// runToken handles `socle token create`.
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if ok, err := verb(args, "token", "create", "socle token create --org SLUG --email EMAIL --name NAME [--ttl 8760h]", stdout); !ok {
		return err
	}
	var store storeConfig
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	email := fs.String("email", "", "the member the token acts as")
	name := fs.String("name", "", "what the token is for, e.g. \"logiciel de suivi\"")
	ttl := fs.Duration("ttl", 365*24*time.Hour, "how long the token lasts; 0 for ever")
	if err := parse(fs, args[1:], stdout, "token create --org SLUG --email EMAIL --name NAME", `
Creates an API token acting as a member of an organization, for a program calling the API
with "Authorization: Bearer <token>". The token is printed once; only its hash is kept.`); err != nil {
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
	u, err := s.UserByEmail(ctx, *email)
	if err != nil {
		return err
	}
	value, _, err := access.CreateAPIToken(ctx, s, org.ID, u.ID, *name, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, value)
	return nil
}
