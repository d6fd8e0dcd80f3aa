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
	// Name is a short name in each language ("nl" and "en"), for reports
	// and tables where the description is too long; optional (reports
	// fall back to the ID).
	Name       map[string]string `yaml:"name,omitempty"`
	Metric     string            `yaml:"metric"`
	Aggregate  string            `yaml:"aggregate"`
	From       string            `yaml:"from,omitempty"`  // inflow source, for metrics that need one
	Since      int               `yaml:"since,omitempty"` // first year, for cumulative metrics
	Comparator string            `yaml:"comparator"`
	Threshold  float64           `yaml:"threshold"`
	Source     string            `yaml:"source"` // where the target comes from (English)
	// Sources is the source in each language it is given in, as Notes.
	Sources map[string]string `yaml:"-"`
	Note    string            `yaml:"note,omitempty"` // how the plan's words were operationalised (English)
	// Notes is the note in each language it is given in: a note written
	// as {nl: ..., en: ...} has both; a plain note only "en".
	Notes map[string]string `yaml:"-"`
	Line  int               `yaml:"-"`

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
	FirstReached int     `json:"first_reached"` // the year from which the test holds for good (see firstReached), 0 if never
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

// firstReached is the year from which a target holds for good: if it
// holds in the target year, the first year of the unbroken run of years
// ending there; otherwise the first later year from which it holds to the
// end of the run; 0 if neither. A run that starts years before a plan
// (the history from 2009) would otherwise report a target as first
// reached in a year when it held by accident, long before it was lost
// again.
func firstReached(holds map[int]bool, year, last int) int {
	if holds[year] {
		y := year
		for holds[y-1] {
			y--
		}
		return y
	}
	for y := year + 1; y <= last; y++ {
		all := true
		for z := y; z <= last; z++ {
			all = all && holds[z]
		}
		if all {
			return y
		}
	}
	return 0
}

// Evaluate scores every target on a result. A target year outside the run
// is an error, not a silent "not reached"; [CheckYears] finds it before
// simulating.
func Evaluate(r *sim.Result, targets []Target) ([]Outcome, error) {
	return EvaluateWith(r, targets, nil)
}

// EvaluateWith is Evaluate with the run's stays already gathered (see
// [StaysByYear]), for a caller that needs them too; nil gathers them when
// a target first asks.
func EvaluateWith(r *sim.Result, targets []Target, stays *Stays) ([]Outcome, error) {
	first, last := WholeYears(r.Scenario.Start, r.Scenario.End)
	cache := &staysCache{stays}
	var out []Outcome
	for _, t := range targets {
		m := Metrics[t.Metric]
		if t.Year < first || t.Year > last {
			return nil, fmt.Errorf("target %s: year %d is outside the run's whole years %d-%d (scenario %s)", t.ID, t.Year, first, last, r.Scenario.Name)
		}
		v, err := m.value(r, t.Aggregate, query{year: t.Year, from: t.From, since: t.Since, stays: cache})
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
		holds := map[int]bool{}
		for y := first; y <= last; y++ {
			if m.NeedsSince && y < t.Since {
				continue
			}
			vy, err := m.value(r, t.Aggregate, query{year: y, from: t.From, since: t.Since, stays: cache})
			if err != nil {
				return nil, fmt.Errorf("target %s, year %d: %w", t.ID, y, err)
			}
			holds[y] = t.Holds(vy)
		}
		o.FirstReached = firstReached(holds, t.Year, last)
		out = append(out, o)
	}
	return out, nil
}
