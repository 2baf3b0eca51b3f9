package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The load: caseworkers searching the doctrine and asking for plans, in the proportions of a
// working day (searches are cheap and frequent, plans expensive), on the service-public texts
// and the aides-jeunes catalog.
var searches = []string{
	"impayé de loyer expulsion", "aide au logement étudiant", "prime d'activité conditions", "RSA jeune parent isolé",
	"allocation de rentrée scolaire", "surendettement dossier banque de France", "carte vitale perdue", "congé parental",
	"permis de conduire aide financière", "garde d'enfant assistante maternelle", "violences conjugales hébergement d'urgence",
	"bourse lycée", "complémentaire santé solidaire", "titre de séjour renouvellement", "apprentissage aide employeur",
	"pension alimentaire impayée", "chômage ouverture des droits", "handicap AAH", "service civique indemnité", "déménagement aide",
}

var situations = []string{
	"Étudiante de 21 ans, boursière, quitte le domicile de ses parents ; elle demande quelles aides existent pour son loyer.",
	"Monsieur, 45 ans, au chômage depuis six mois, a deux mois de loyer impayés et craint une expulsion.",
	"Jeune de 19 ans sans diplôme cherche une formation et une aide pour passer le permis de conduire.",
	"Mère isolée de deux enfants, revenus faibles, demande une aide pour la garde et pour la cantine.",
	"Couple avec un enfant handicapé, demande quelles prestations et quel accompagnement existent.",
	"Madame vient de perdre son emploi, a des dettes auprès de plusieurs organismes et ne peut plus payer ses factures d'énergie.",
	"Jeune majeur sortant de l'aide sociale à l'enfance, sans logement, demande un hébergement et des ressources.",
	"Retraité de 70 ans, petite pension, demande une aide pour adapter son logement et pour sa complémentaire santé.",
}

// sample is one request's outcome.
type sample struct {
	kind   string // search, plan, publish, propagation
	server string // base URL of the server asked
	at     time.Time
	took   time.Duration
	status int           // 0: no answer (transport error)
	error  string        // "" or the kind of error: "503 database", "503 busy", "transport", "500 internal", …
	retry  time.Duration // the answer's Retry-After
}

// recorder collects samples from every client.
type recorder struct {
	mu      sync.Mutex
	samples []sample
}

func (r *recorder) add(s sample) {
	r.mu.Lock()
	r.samples = append(r.samples, s)
	r.mu.Unlock()
}

func (r *recorder) all() []sample {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.samples)
}

// client calls the servers' API with a token.
type client struct {
	http  *http.Client
	token string
}

// call makes one request and classifies its outcome; out, if set, receives the JSON body.
func (c *client) call(kind, method, u string, body any, out any) sample {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, u, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	s := sample{kind: kind, at: time.Now(), server: u[:strings.Index(u, "/api/")]}
	resp, err := c.http.Do(req)
	if err != nil {
		s.took, s.error = time.Since(s.at), "transport"
		return s
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s.took, s.status = time.Since(s.at), resp.StatusCode
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		s.retry = time.Duration(secs) * time.Second
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error struct{ Kind, Message string }
		}
		json.Unmarshal(b, &e)
		what := e.Error.Kind
		switch {
		case resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(e.Error.Message, "database"):
			what = "database"
		case resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(e.Error.Message, "busy"):
			what = "busy"
		}
		s.error = fmt.Sprintf("%d %s", resp.StatusCode, what)
		if kind == "publish" && what != "busy" {
			logf("publish refused: %d %s", resp.StatusCode, e.Error.Message)
		}
		return s
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
	return s
}

// drive runs n clients until stop closes, each sending searches and plans (one in planShare)
// to the servers in turn.
func drive(c *client, servers []string, n int, planShare float64, rec *recorder, stop <-chan struct{}) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for k := i; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				base := servers[k%len(servers)]
				var s sample
				if rng.Float64() < planShare {
					s = c.call("plan", "POST", base+"/api/v1/plans", map[string]string{"situation": situations[rng.IntN(len(situations))]}, nil)
				} else {
					q := searches[rng.IntN(len(searches))]
					s = c.call("search", "GET", base+"/api/v1/search?q="+url.QueryEscape(q), nil, nil)
				}
				rec.add(s)
				// A client told to come back later does, as a browser's user or a program
				// following Retry-After would: not at once, and not after more than 2 s.
				if s.retry > 0 {
					select {
					case <-stop:
					case <-time.After(min(s.retry, 2*time.Second)):
					}
				}
			}
		})
	}
	wg.Wait()
}

// lead publishes a new version of one guide on the first server every period, each with a
// word found nowhere else, and measures how long until a search on each other server finds
// it (the change feed's propagation), up to timeout.
// published is the number of the guide's latest published version, kept from run to run.
func lead(c *client, servers []string, period, timeout time.Duration, published *int, rec *recorder, stop <-chan struct{}) {
	t := time.NewTicker(period)
	defer t.Stop()
	for n := *published; ; n++ {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		word := uniqueWord(n)
		text := fmt.Sprintf("# Nouvelles de l'accueil\n\n## Consigne %d\n\nÀ partir de ce jour, la consigne %s s'applique à chaque premier accueil : noter la demande, orienter vers le bon service.\n", n, word)
		var v struct{ N int }
		// A lead told the server is busy tries again when Retry-After says, a few times.
		try := func(call func() sample) sample {
			s := call()
			for range 5 {
				if s.error != "503 busy" {
					break
				}
				rec.add(s)
				time.Sleep(min(s.retry, 2*time.Second))
				s = call()
			}
			return s
		}
		s := try(func() sample {
			return c.call("publish", "POST", servers[0]+"/api/v1/guides/harness-news/text", map[string]any{"text": text, "format": "markdown", "base": *published}, &v)
		})
		if s.error == "" {
			m := try(func() sample {
				return c.call("publish", "POST", fmt.Sprintf("%s/api/v1/guides/harness-news/versions/%d/state", servers[0], v.N), map[string]string{"state": "published"}, nil)
			})
			m.at, m.took = s.at, s.took+m.took
			s = m
		}
		rec.add(s)
		if s.error != "" {
			continue
		}
		*published = v.N
		at := time.Now()
		for _, other := range servers[1:] {
			found := waitFor(timeout, func() bool {
				var res struct{ Hits []struct{ Text string } }
				if c.call("probe", "GET", other+"/api/v1/search?q="+word, nil, &res).error != "" {
					return false
				}
				for _, h := range res.Hits {
					if strings.Contains(strings.ToLower(h.Text), word) {
						return true
					}
				}
				return false
			})
			p := sample{kind: "propagation", at: at, took: time.Since(at), status: http.StatusOK}
			if !found {
				p.error = "not searchable within " + timeout.String()
			}
			rec.add(p)
		}
	}
}

// uniqueWord is a word that no text of the corpus holds, different for each publication.
func uniqueWord(n int) string {
	const letters = "bcdfghjklmnpqrstvwxz"
	w := []byte("zorgh")
	for x := n + 1000*rand.IntN(1000); x > 0; x /= len(letters) {
		w = append(w, letters[x%len(letters)])
	}
	return string(w)
}

// percentile returns the p-th percentile of ds (sorted in place).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}
