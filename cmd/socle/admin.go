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
		fmt.Fprint(stdout, "Usage: socle org create --slug SLUG --name NAME\n       socle org list\n       socle org export --org SLUG [--with-plans] [--to FILE]\n       socle org import [--org SLUG] FILE\n")
		return nil
	}
	switch args[0] {
	case "export":
		return runOrgExport(ctx, args[1:], stdout)
	case "import":
		return runOrgImport(ctx, args[1:], stdout, stderr)
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
	return usageError{fmt.Sprintf("unknown org command %q: use create, list, export or import", args[0])}
}

// userUsage lists the verbs of `socle user`.
const userUsage = `socle user add --org SLUG --email EMAIL --role ROLE [--name NAME] [--password-stdin]
       socle user invite --org SLUG --email EMAIL --role ROLE [--name NAME] [--public-url URL]
       socle user list --org SLUG
       socle user role --org SLUG --email EMAIL --role ROLE
       socle user deactivate|reactivate --org SLUG --email EMAIL
       socle user reset --org SLUG --email EMAIL [--public-url URL]`

// runUser handles `socle user add|invite|list|role|deactivate|reactivate|reset`.
func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(stdout, "Usage: %s\n", userUsage)
		return nil
	}
	switch args[0] {
	case "add":
		return runUserAdd(ctx, args[1:], stdout)
	case "invite", "list", "role", "deactivate", "reactivate", "reset":
		return runUserAdmin(ctx, args[0], args[1:], stdout)
	}
	return usageError{fmt.Sprintf("unknown user command %q: use add, invite, list, role, deactivate, reactivate or reset", args[0])}
}

// runUserAdmin handles the verbs an administrator also has on the members page.
func runUserAdmin(ctx context.Context, verb string, args []string, stdout io.Writer) error {
	var store storeConfig
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	email := fs.String("email", "", "the member's email")
	var role, name, publicURL *string
	switch verb {
	case "invite", "role":
		role = fs.String("role", "caseworker", "admin, lead, caseworker or trainer")
	}
	if verb == "invite" {
		name = fs.String("name", "", "the person's name")
	}
	if verb == "invite" || verb == "reset" {
		publicURL = fs.String("public-url", "", "the server's public address, to print the whole link (as serve's --public-url)")
	}
	descriptions := map[string]string{
		"invite":     "Adds a member and prints a one-time link, valid 7 days, with which they choose their password. An existing account just joins.",
		"list":       "Lists the organization's members: email, role, state, last sign-in.",
		"role":       "Changes a member's role. The organization keeps at least one active administrator.",
		"deactivate": "Deactivates a member: their sessions and API tokens in the organization end at once, and they can no longer sign in to it.",
		"reactivate": "Lets a deactivated member sign in again.",
		"reset":      "Prints a one-time link, valid 24 hours, with which a member chooses a new password.",
	}
	if err := parse(fs, args, stdout, "user "+verb+" --org SLUG"+map[bool]string{true: " --email EMAIL", false: ""}[verb != "list"], descriptions[verb]); err != nil {
		return err
	}
	if role != nil && !socle.Role(*role).Valid() {
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
	svc := &access.Service{Store: s}
	link := func(token string) {
		base := strings.TrimRight(*publicURL, "/")
		if base == "" {
			base = "http://localhost:8080"
			fmt.Fprintln(stdout, "(no --public-url: the link assumes the server is at http://localhost:8080)")
		}
		fmt.Fprintf(stdout, "one-time link (shown once): %s/password?t=%s\n", base, token)
	}
	if verb == "list" {
		ms, err := s.Members(ctx, org.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			u, err := s.User(ctx, m.UserID)
			if err != nil {
				return err
			}
			state, last := "active", "never"
			if !m.Active() {
				state = "deactivated"
			} else if u.PasswordHash == "" {
				state = "invited"
			}
			if !m.LastSignInAt.IsZero() {
				last = m.LastSignInAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", u.Email, m.Role, state, last)
		}
		return nil
	}
	if verb == "invite" {
		inv, err := svc.Invite(ctx, org.ID, *email, *name, socle.Role(*role))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s is %s of %s\n", inv.User.Email, *role, org.Slug)
		if inv.Token != "" {
			link(inv.Token)
		}
		return nil
	}
	u, err := s.UserByEmail(ctx, *email)
	if err != nil {
		return err
	}
	switch verb {
	case "role":
		err = svc.SetRole(ctx, org.ID, u.ID, socle.Role(*role))
	case "deactivate", "reactivate":
		err = svc.SetActive(ctx, org.ID, u.ID, verb == "reactivate")
	case "reset":
		var token string
		if token, err = svc.ResetLink(ctx, org.ID, u.ID); err == nil {
			link(token)
			return nil
		}
	}
	if err == nil {
		fmt.Fprintf(stdout, "%s: %s done\n", u.Email, verb)
	}
	return err
}

// runUserAdd handles `socle user add`: a member with a password, generated or read.
func runUserAdd(ctx context.Context, args []string, stdout io.Writer) error {
	var store storeConfig
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	email := fs.String("email", "", "the person's email, used to sign in")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "caseworker", "admin, lead, caseworker or trainer")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	if err := parse(fs, args, stdout, "user add --org SLUG --email EMAIL --role ROLE", `
Adds a member to an organization, creating the account if the email is new. Without
--password-stdin a password is generated and printed once. To let the person choose their
password, use 'socle user invite' instead.`); err != nil {
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

// runToken handles `socle token create|list|revoke`.
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, "Usage: socle token create --org SLUG --email EMAIL --name NAME [--ttl 8760h]\n       socle token list --org SLUG\n       socle token revoke --org SLUG ID\n")
		return nil
	}
	switch args[0] {
	case "create":
		return runTokenCreate(ctx, args[1:], stdout)
	case "list", "revoke":
		return runTokenAdmin(ctx, args[0], args[1:], stdout)
	}
	return usageError{fmt.Sprintf("unknown token command %q: use create, list or revoke", args[0])}
}

// runTokenAdmin lists or revokes an organization's API tokens.
func runTokenAdmin(ctx context.Context, verb string, args []string, stdout io.Writer) error {
	var store storeConfig
	fs := flag.NewFlagSet("token "+verb, flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	synopsis, description := "token list --org SLUG", "Lists the organization's API tokens: id, name, member, created, last use, expiry."
	if verb == "revoke" {
		synopsis, description = "token revoke --org SLUG ID", "Revokes an API token (its id is in 'socle token list'): it stops working at once."
	}
	if err := parse(fs, args, stdout, synopsis, description); err != nil {
		return err
	}
	if verb == "revoke" && fs.NArg() != 1 {
		return usageError{"give the id of the token to revoke, as 'socle token list' shows it"}
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
	if verb == "revoke" {
		if err := s.DeleteAPIToken(ctx, org.ID, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token %s revoked\n", fs.Arg(0))
		return nil
	}
	tokens, err := s.APITokens(ctx, org.ID)
	if err != nil {
		return err
	}
	day := func(t time.Time, zero string) string {
		if t.IsZero() {
			return zero
		}
		return t.Format("2006-01-02")
	}
	for _, t := range tokens {
		u, err := s.User(ctx, t.UserID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\tcreated %s\tlast used %s\texpires %s\n", t.ID, t.Name, u.Email, day(t.CreatedAt, ""), day(t.LastUsedAt, "never"), day(t.ExpiresAt, "never"))
	}
	return nil
}

// runTokenCreate handles `socle token create`.
func runTokenCreate(ctx context.Context, args []string, stdout io.Writer) error {
	var store storeConfig
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	store.register(fs)
	orgSlug := fs.String("org", "", "organization slug")
	email := fs.String("email", "", "the member the token acts as")
	name := fs.String("name", "", "what the token is for, e.g. \"logiciel de suivi\"")
	ttl := fs.Duration("ttl", 365*24*time.Hour, "how long the token lasts; 0 for ever")
	if err := parse(fs, args, stdout, "token create --org SLUG --email EMAIL --name NAME", `
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
	if m, err := s.Member(ctx, org.ID, u.ID); err != nil {
		return err
	} else if !m.Active() {
		return socle.Errorf(socle.ECONFLICT, "%s is deactivated in %s: a token cannot act as them", u.Email, org.Slug)
	}
	value, _, err := access.CreateAPIToken(ctx, s, org.ID, u.ID, *name, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, value)
	return nil
}
