package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg appConfig
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	cfg.register(fs)
	orgSlug := fs.String("org", "", "organization slug (may be left out when the store holds one organization)")
	casePath := fs.String("case", "", `case file: {"situation": "…", "facts": {"age", "household", "children", "territory", "income", "needs", "without_needs"}}; - for standard input`)
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	markdown := fs.Bool("markdown", false, "print the plan as Markdown")
	if err := parse(fs, args, stdout, "plan --case case.json [flags]", `
Makes an action plan for a case from the organization's published doctrine and catalogs.
The needs are read from the situation (facts.needs adds some, facts.without_needs strikes
some out) and each one is searched for in the doctrine (the situation search mode); each step quotes the passage that supports it, with its guide, version, section and pages;
steps the guides do not support are listed apart. The situation is pseudonymized before it
is searched or sent to a model server; nothing is stored.`); err != nil {
		return err
	}
	if *casePath == "" {
		return usageError{"give the case with --case FILE (or --case - to read standard input)"}
	}
	in := io.Reader(os.Stdin)
	if *casePath != "-" {
		f, err := os.Open(*casePath)
		if err != nil {
			return usageError{fmt.Sprintf("cannot read the case: %v", unwrapPath(err))}
		}
		defer f.Close()
		in = f
	}
	c, err := plan.ParseCase(in)
	if err != nil {
		return err
	}
	a, _, err := cfg.open(ctx, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	org, err := pickOrg(ctx, a.store, *orgSlug)
	if err != nil {
		return err
	}
	res, err := a.planner.Plan(ctx, org.ID, c)
	if err != nil {
		return err
	}
	services := map[string]socle.Service{}
	for _, s := range res.Context.Services {
		services[s.VersionID+"/"+s.ID] = s
	}
	switch {
	case *asJSON:
		return json.NewEncoder(stdout).Encode(res.Report(services))
	case *markdown:
		fmt.Fprint(stdout, plan.Markdown(res.Plan, services, "", res.Restore))
		return nil
	}
	printPlan(stdout, res, services)
	return nil
}

func printPlan(w io.Writer, res *plan.Result, services map[string]socle.Service) {
	fmt.Fprintf(w, "%s\n", res.Plan.Title)
	if res.Fallback != "" {
		fmt.Fprintf(w, "(the model server failed: %s; extractive plan)\n", res.Fallback)
	}
	if len(res.Needs) > 0 {
		var labels []string
		for _, n := range res.Needs {
			l := n.Label + " [" + n.Code + "]"
			if ev := n.Shown(); ev != "" {
				l += " (" + res.Restore(ev) + ")"
			}
			if n.Stated {
				l += " (stated)"
			}
			if n.Unsure {
				l += " (to check: often context in similar notes)"
			}
			if n.Sure {
				l += fmt.Sprintf(" (read by the needs model, %.0f%%)", 100*n.Probability)
			}
			labels = append(labels, l)
		}
		fmt.Fprintf(w, "Needs detected: %s\n", strings.Join(labels, ", "))
	}
	if len(res.Suggested) > 0 {
		var labels []string
		for _, n := range res.Suggested {
			l := fmt.Sprintf("%s [%s] (%s)", n.Label, n.Code, strings.Join(n.Evidence, ", "))
			if n.Doubted {
				l += " (mentioned, likely context)"
			}
			labels = append(labels, l)
		}
		fmt.Fprintf(w, "Needs suggested, not searched for (add one to the case's facts.needs): %s\n", strings.Join(labels, ", "))
	}
	if urgent := plan.UrgentUncovered(res.Plan); len(urgent) > 0 {
		var labels []string
		for _, n := range urgent {
			labels = append(labels, n.Label+" ["+n.Code+"]")
		}
		fmt.Fprintf(w, "\nURGENT, and your guides give no instruction for it: %s. Follow your organization's emergency procedure now.\n", strings.Join(labels, ", "))
	}
	if res.EmptyReason != "" {
		fmt.Fprintf(w, "\nNo step: %s.\n", res.EmptyReason)
	}
	for i, s := range res.Plan.Steps {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, res.Restore(s.Action))
		if s.Learned == socle.PassageAdded {
			fmt.Fprintln(w, "   (colleagues often add this passage for this need)")
		}
		if s.Ruled == socle.RuleKeep {
			fmt.Fprintln(w, "   (your organization chose to propose this passage for this need)")
		}
		for _, c := range s.Citations {
			fmt.Fprintf(w, "   ↳ %s\n", plan.CitationSource(c))
		}
		for _, ref := range s.Services {
			line := "   • " + ref.Name
			if svc, ok := services[ref.VersionID+"/"+ref.ServiceID]; ok && svc.Contact != "" {
				line += " — " + svc.Contact
			}
			fmt.Fprintln(w, line)
		}
	}
	if len(res.Offered) > 0 {
		// One line each: the plan chose its steps by rules; the caseworker reads these.
		fmt.Fprintf(w, "\nMore passages of your guides on these needs (%d; --json: steps_offered):\n", len(res.Offered))
		for _, s := range res.Offered {
			fmt.Fprintf(w, "   · %s\n       ↳ %s\n", res.Restore(s.Action), plan.CitationSource(s.Citations[0]))
			if s.Learned == socle.PassageRemoved {
				fmt.Fprintln(w, "       (colleagues often take this passage out of plans for this need)")
			}
			if s.Ruled == socle.RuleSetAside {
				fmt.Fprintln(w, "       (your organization chose not to propose this passage as a step for this need)")
			}
		}
	}
	if len(res.Services) > 0 {
		fmt.Fprintln(w, "\nOther services for this case:")
		for i, m := range res.Services {
			if i == 5 {
				break
			}
			fmt.Fprintf(w, "   • %s\n", m.Service.Name)
		}
	}
	if len(res.Plan.NotCovered) > 0 {
		fmt.Fprintln(w, "\nNot covered by your guides:")
		read := map[string][]plan.SectionRef{}
		for _, u := range res.Uncovered {
			read[u.Code] = u.Read
		}
		for _, s := range res.Plan.NotCovered {
			fmt.Fprintf(w, "   – %s (%s)\n", res.Restore(s.Action), s.Reason)
			if len(s.Citations) == 0 {
				for _, r := range read[s.Need] {
					fmt.Fprintf(w, "       to read: %s\n", r.Source())
				}
			}
		}
	}
}
