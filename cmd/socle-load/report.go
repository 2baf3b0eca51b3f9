package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

type serverReport struct {
	name, base       string
	rssStart, rssEnd int64
	ready, alive     bool
}

type report struct {
	cfg     *config
	fiches  int
	loaded  time.Duration
	cores   int
	one     phaseResult
	two     phaseResult
	servers []serverReport
}

// grace is how long after PostgreSQL is back errors still count as the restart's: the
// servers' probe notices the database within half a second, and requests that began during
// the outage end after it.
const grace = 5 * time.Second

func (r *report) markdown() string {
	var b strings.Builder
	c := r.cfg
	fmt.Fprintf(&b, "## Scale report (%s)\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "%d cores; %d service-public texts and the aides-jeunes catalog loaded in %s; %d clients; %.0f%% plans, the rest searches; a lead publishing every %s; %s per run.\n\n",
		r.cores, r.fiches, r.loaded.Round(time.Second), c.concurrency, 100*c.planShare, c.publish, c.phase)
	b.WriteString("| run | requests/s | search p50 / p95 / p99 | plan p50 / p95 / p99 | plans/s | publish p50 / p99 | busy: 503 with Retry-After | errors |\n|---|---|---|---|---|---|---|---|\n")
	for _, p := range []phaseResult{r.one, r.two} {
		fmt.Fprintf(&b, "| %s | %.1f | %s | %s | %.2f | %s | %s | %s |\n", runName(p), throughput(p, "search", "plan"),
			pcts(p, "search", 0.5, 0.95, 0.99), pcts(p, "plan", 0.5, 0.95, 0.99), throughput(p, "plan"), pcts(p, "publish", 0.5, 0.99),
			errorsText(p.samples, true), errorsText(p.samples, false))
	}
	b.WriteString("\nBusy: the server's cap on expensive requests at once (plans, publications; one per core) refused the request after a second's wait, with Retry-After, which the clients follow (at most 2 s). Errors: every other failure.\n")
	ratio := func(f func(phaseResult) float64) string {
		if f(r.one) == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2f", f(r.two)/f(r.one))
	}
	p99 := func(p phaseResult) float64 { return float64(percentileOf(p, "plan", 0.99)) }
	fmt.Fprintf(&b, "\nTwo servers against one: throughput ×%s, plan p99 ×%s (same machine: the servers share its %d cores).\n\n",
		ratio(func(p phaseResult) float64 { return throughput(p, "search", "plan") }), ratio(p99), r.cores)

	p := r.two
	if !p.restartStart.IsZero() {
		fmt.Fprintf(&b, "**PostgreSQL restart** at %s into the two-server run, back after %s", p.restartStart.Sub(p.begin).Round(time.Second),
			p.restartEnd.Sub(p.restartStart).Round(time.Millisecond))
		if p.restartErr != nil {
			fmt.Fprintf(&b, " (restart failed: %v)", p.restartErr)
		}
		during, outside := map[string]int{}, map[string]int{}
		for _, s := range p.samples {
			if s.error == "" || s.kind == "propagation" || s.error == "503 busy" {
				continue
			}
			if !s.at.Add(s.took).Before(p.restartStart) && s.at.Before(p.restartEnd.Add(grace)) {
				during[s.error]++
			} else {
				outside[s.error]++
			}
		}
		fmt.Fprintf(&b, ".\nErrors during the restart (until %s after it): %s. Errors at any other time: %s (busy refusals apart).\n\n", grace, countText(during), countText(outside))
		b.WriteString("| server | served after the restart | ready at the end | same process (never restarted) | memory at start | memory at end |\n|---|---|---|---|---|---|\n")
		for _, s := range r.servers {
			after := 0
			for _, x := range p.samples {
				if x.server == s.base && x.error == "" && x.at.After(p.restartEnd) {
					after++
				}
			}
			fmt.Fprintf(&b, "| %s | %d requests | %s | %s | %s | %s |\n", s.name, after, yes(s.ready), yes(s.alive), mib(s.rssStart), mib(s.rssEnd))
		}
	}
	var prop []time.Duration
	missed := 0
	for _, s := range p.samples {
		if s.kind == "propagation" {
			if s.error != "" {
				missed++
			} else {
				prop = append(prop, s.took)
			}
		}
	}
	fmt.Fprintf(&b, "\n**Publish to searchable on the other server**: %d publications", len(prop)+missed)
	if len(prop) > 0 {
		fmt.Fprintf(&b, ", p50 %s, p99 %s", ms(percentile(prop, 0.5)), ms(percentile(prop, 0.99)))
	}
	if missed > 0 {
		fmt.Fprintf(&b, "; %d not searchable on the other server within %s (without the change feed, a server never learns of another's publications)", missed, c.propagation)
	}
	b.WriteString(".\n")
	return b.String()
}

func runName(p phaseResult) string {
	if p.servers == 1 {
		return "one server"
	}
	return fmt.Sprintf("%d servers", p.servers)
}

func throughput(p phaseResult, kinds ...string) float64 {
	n := 0
	for _, s := range p.samples {
		if s.error == "" && slices.Contains(kinds, s.kind) {
			n++
		}
	}
	return float64(n) / p.took.Seconds()
}

func percentileOf(p phaseResult, kind string, q float64) time.Duration {
	var ds []time.Duration
	for _, s := range p.samples {
		if s.kind == kind && s.error == "" {
			ds = append(ds, s.took)
		}
	}
	return percentile(ds, q)
}

func pcts(p phaseResult, kind string, qs ...float64) string {
	var parts []string
	for _, q := range qs {
		parts = append(parts, ms(percentileOf(p, kind, q)))
	}
	return strings.Join(parts, " / ")
}

// errorsText counts the failures by request kind and error: the busy refusals, or the others.
func errorsText(samples []sample, busy bool) string {
	m := map[string]int{}
	for _, s := range samples {
		if s.error != "" && s.kind != "propagation" && (s.error == "503 busy") == busy {
			m[s.kind+": "+s.error]++
		}
	}
	return countText(m)
}

func countText(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d × %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func mib(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
