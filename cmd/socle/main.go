// Command socle is Socle's one binary: the server, the demo, and the commands that ingest,
// index, search, evaluate and plan against the configured store. It is the only package that
// knows both store kinds.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/socle-project/socle"
)

// command is one subcommand of socle.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the server on the configured store", runServe},
		{"demo", "run the server with a demo organization and sample content", runDemo},
		{"ingest", "read files into guides and catalogs of an organization", runIngest},
		{"reindex", "rebuild the search indexes from the store", runReindex},
		{"search", "search an organization's published doctrine", runSearch},
		{"plan", "make an action plan for a case", runPlan},
		{"eval", "measure retrieval on a BEIR-format benchmark", runEval},
		{"org", "create or list organizations", runOrg},
		{"user", "add, invite, list, deactivate members; change roles; reset passwords", runUser},
		{"token", "create, list or revoke API tokens for programs", runToken},
		{"backup", "copy the embedded store, even while the server runs", runBackup},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses: 2 for a usage or configuration error (nothing was started), 1 for a failure
// while running.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is an error in the command line; its message is printed with a hint to --help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		printUsage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		return report(err, c.name, stderr)
	}
	fmt.Fprintf(stderr, "socle: unknown command %q; run `socle help` for the list\n", args[0])
	return exitUsage
}

// report prints err as one line and returns the exit status it calls for.
func report(err error, name string, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "socle %s: %s (see `socle %s --help`)\n", name, ue.msg, name)
		return exitUsage
	case errors.As(err, new(configError)):
		fmt.Fprintf(stderr, "socle %s: %s\n", name, err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "socle %s: %s\n", name, userMessage(err))
		return exitFailure
	}
}

// configError is a configuration that prevents starting: unreachable database, unusable data
// directory, address in use.
type configError struct{ err error }

func (e configError) Error() string { return userMessage(e.err) }
func (e configError) Unwrap() error { return e.err }

// userMessage is the message of err for the terminal: the safe message for errors with a kind,
// the text itself otherwise (the terminal belongs to the operator, unlike an HTTP client).
func userMessage(err error) string {
	var se *socle.Error
	if errors.As(err, &se) && se.Message != "" {
		return se.Message
	}
	return err.Error()
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Socle turns an organization's methodology guides and service catalogs into action plans
whose every step cites the exact passage, page and version it comes from.

Usage: socle <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'socle <command> --help' for a command's flags. Every flag can also be set with an
environment variable: --database-url is SOCLE_DATABASE_URL, --addr is SOCLE_ADDR, and so on.

Quick start: socle demo, then open the address it prints.
`)
}
