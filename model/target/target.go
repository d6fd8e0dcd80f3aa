package target

import (
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

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

// Parse checks targets held in memory; name is used in messages. Every
// problem is reported, each with its line.
func Parse(name string, data []byte) ([]Target, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	// Lines of each list item, for messages.
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "targets" {
				for j, item := range root.Content[i+1].Content {
					if j < len(f.Targets) {
						f.Targets[j].Line = item.Line
					}
				}
			}
		}
	}
	var errs []string
	seen := map[string]int{}
	for i := range f.Targets {
		t := &f.Targets[i]
		bad := func(field, format string, args ...any) {
			errs = append(errs, fmt.Sprintf("%s:%d: targets[%d].%s: %s", name, t.Line, i, field, fmt.Sprintf(format, args...)))
		}
		if t.ID == "" {
			bad("id", "missing required field")
		} else if line, dup := seen[t.ID]; dup {
			bad("id", "%q is used twice (first at line %d)", t.ID, line)
		}
		seen[t.ID] = t.Line
		if t.Year < 2000 || t.Year > 2100 {
			bad("year", "%d is not a plausible year; give the target year, e.g. 2030", t.Year)
		}
		for _, lang := range []string{"nl", "en"} {
			if strings.TrimSpace(t.Description[lang]) == "" {
				bad("description."+lang, "missing: every target is described in Dutch (nl) and English (en)")
			}
		}
		m, ok := Metrics[t.Metric]
		if !ok {
			bad("metric", "unknown metric %q; allowed: %s", t.Metric, strings.Join(MetricNames(), ", "))
		} else {
			if !contains(m.Aggregates, t.Aggregate) {
				bad("aggregate", "%q is not allowed for %s; allowed: %s", t.Aggregate, t.Metric, strings.Join(m.Aggregates, ", "))
			}
			if m.NeedsFrom != (t.From != "") {
				if m.NeedsFrom {
					bad("from", "metric %s needs from: an inflow source (e.g. eviction)", t.Metric)
				} else {
					bad("from", "metric %s takes no from", t.Metric)
				}
			}
			if m.NeedsSince != (t.Since != 0) {
				if m.NeedsSince {
					bad("since", "metric %s needs since: the first year counted", t.Metric)
				} else {
					bad("since", "metric %s takes no since", t.Metric)
				}
			}
		}
		if !contains(comparators, t.Comparator) {
			bad("comparator", "%q is not allowed; allowed: %s", t.Comparator, strings.Join(comparators, ", "))
		}
		if strings.TrimSpace(t.Source) == "" {
			bad("source", "missing: say where the target comes from")
		}
	}
	if len(f.Targets) == 0 {
		errs = append(errs, fmt.Sprintf("%s: no targets", name))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return f.Targets, nil
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
// is an error, not a silent "not reached".
func Evaluate(r *sim.Result, targets []Target) ([]Outcome, error) {
	first, last := r.Scenario.Start.Year(), r.Scenario.End.Year()-1
	if r.Scenario.Start.Month() != 1 {
		first++
	}
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
