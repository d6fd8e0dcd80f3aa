package target

import (
	"fmt"
	"os"

	"github.com/thuis-nl/thuis/model/sim"
)

// Target is one machine-checked target: metric, year, comparator,
// threshold and where it comes from.
type Target struct {
	ID          string            `yaml:"id"`
	Year        int               `yaml:"year"`
	Description map[string]string `yaml:"description"` // "nl" and "en"
	Metric      string            `yaml:"metric"`
	Aggregate   string            `yaml:"aggregate"`
	From        string            `yaml:"from,omitempty"`  // inflow source, for metrics that need one
	Since       int               `yaml:"since,omitempty"` // first year, for cumulative metrics
	Comparator  string            `yaml:"comparator"`
	Threshold   float64           `yaml:"threshold"`
	Source      string            `yaml:"source"`
	Note        string            `yaml:"note,omitempty"` // how the plan's words were operationalised
	Line        int               `yaml:"-"`

	// Where the target was read, for messages (not part of its identity).
	file     string
	index    int
	yearLine int
	lines    map[string]int // of each field
}

// File is a targets file.
type File struct {
	Targets []Target `yaml:"targets"`
}

var comparators = []string{"<", "<=", ">", ">="}

// Load reads and checks a targets file.
func Load(path string) ([]Target, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Outcome is a target evaluated on one run.
type Outcome struct {
	Target
	Value        float64 `json:"value"`
	Reached      bool    `json:"reached"`
	Margin       float64 `json:"margin"`        // value - threshold: how far above (+) or below (-)
	FirstReached int     `json:"first_reached"` // first year in the run the test holds, 0 if never
}

// Holds applies the comparator.
func (t *Target) Holds(v float64) bool {
	switch t.Comparator {
	case "<":
		return v < t.Threshold
	case "<=":
		return v <= t.Threshold
	case ">":
		return v > t.Threshold
	case ">=":
		return v >= t.Threshold
	}
	return false
}

// Evaluate scores every target on a result. A target year outside the run
// is an error, not a silent "not reached"; [CheckYears] finds it before
// simulating.
func Evaluate(r *sim.Result, targets []Target) ([]Outcome, error) {
	first, last := WholeYears(r.Scenario.Start, r.Scenario.End)
	var out []Outcome
	for _, t := range targets {
		m := Metrics[t.Metric]
		if t.Year < first || t.Year > last {
			return nil, fmt.Errorf("target %s: year %d is outside the run's whole years %d-%d (scenario %s)", t.ID, t.Year, first, last, r.Scenario.Name)
		}
		v, err := m.Value(r, t.Aggregate, t.Year, t.From, t.Since)
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.ID, err)
		}
		o := Outcome{Target: t, Value: v, Reached: t.Holds(v), Margin: v - t.Threshold}
		if t.Aggregate == Run {
			// One value for the whole run: no year reaches it first.
			if o.Reached {
				o.FirstReached = t.Year
			}
			out = append(out, o)
			continue
		}
		for y := first; y <= last; y++ {
			if m.NeedsSince && y < t.Since {
				continue
			}
			vy, err := m.Value(r, t.Aggregate, y, t.From, t.Since)
			if err != nil {
				return nil, fmt.Errorf("target %s, year %d: %w", t.ID, y, err)
			}
			if t.Holds(vy) {
				o.FirstReached = y
				break
			}
		}
		out = append(out, o)
	}
	return out, nil
}
