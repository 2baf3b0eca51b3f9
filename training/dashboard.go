package training

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/socle-project/socle"
)

// MemberRow is one member's progress on a path.
type MemberRow struct {
	User       socle.User
	AssignedAt time.Time
	Path       MemberPath
}

// StepStat is how the members fared on one step.
type StepStat struct {
	Status   StepStatus
	Read     int
	Answered int
	Right    int // members whose last answer is right
	Attempts int
}

// ShareRight is the share of those who answered whose last answer is right, in percent.
func (s StepStat) ShareRight() int {
	if s.Answered == 0 {
		return 0
	}
	return 100 * s.Right / s.Answered
}

// Dashboard is a published path's progress across the members it is assigned to.
type Dashboard struct {
	Path    socle.LearningPath
	Members []MemberRow
	Steps   []StepStat
}

// Dashboard gathers every assigned member's progress on a path.
func (s *Service) Dashboard(ctx context.Context, orgID, pathID string) (Dashboard, error) {
	p, err := s.Store.LearningPath(ctx, orgID, pathID)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Path: p}
	if p.Published == nil {
		return d, nil
	}
	statuses, err := s.Statuses(ctx, orgID, p.Published.Steps)
	if err != nil {
		return d, err
	}
	for _, st := range statuses {
		d.Steps = append(d.Steps, StepStat{Status: st})
	}
	as, err := s.Store.Assignments(ctx, orgID, socle.ProgressFilter{PathID: pathID})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return d, err
	}
	for _, a := range as {
		u, err := s.Store.User(ctx, a.UserID)
		if err != nil {
			continue // an account gone since
		}
		mp, err := s.follow(ctx, orgID, a.UserID, p, false)
		if err != nil {
			return d, err
		}
		d.Members = append(d.Members, MemberRow{User: u, AssignedAt: a.AssignedAt, Path: mp})
		for i, ms := range mp.Steps {
			if ms.Read() {
				d.Steps[i].Read++
			}
			if ms.Progress.Attempts > 0 {
				d.Steps[i].Answered++
				d.Steps[i].Attempts += ms.Progress.Attempts
				if ms.Progress.Right {
					d.Steps[i].Right++
				}
			}
		}
	}
	sort.SliceStable(d.Members, func(i, j int) bool { return d.Members[i].User.Email < d.Members[j].User.Email })
	return d, nil
}

// CSV writes the dashboard as one line per member and step.
func (d Dashboard) CSV() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"membre", "email", "etape", "section", "lu_le", "version_lue", "a_relire", "reponses", "derniere_reponse_juste", "repondu_le"})
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, m := range d.Members {
		for i, ms := range m.Path.Steps {
			right := ""
			if ms.Progress.Attempts > 0 {
				right = strconv.FormatBool(ms.Progress.Right)
			}
			section := ""
			if n := len(ms.Step.Path); n > 0 {
				section = ms.Step.Path[n-1]
			}
			w.Write([]string{m.User.Name, m.User.Email, fmt.Sprint(i + 1), section, stamp(ms.Progress.ReadAt), readN(ms.Progress.ReadN),
				strconv.FormatBool(ms.ToReread), fmt.Sprint(ms.Progress.Attempts), right, stamp(ms.Progress.AnsweredAt)})
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func readN(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
