package observed

// This file implements reading a series file (doc.go): Load, Parse and
// the shipped series.

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/target"
)

// Dir is the directory of the shipped series in scenarios.FS.
const Dir = "observed"

// Load reads and checks a series file.
func Load(file string) (*Series, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("observed: %w", err)
	}
	return Parse(filepath.ToSlash(file), data)
}

// LoadFS reads a shipped series by name, the file name without .yaml
// under [Dir] ("cbs" for observed/cbs.yaml), from fsys (scenarios.FS).
func LoadFS(fsys fs.FS, name string) (*Series, error) {
	p := path.Join(Dir, name+".yaml")
	data, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("observed: no shipped series %q; shipped: %s", name, strings.Join(Names(fsys), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("observed: %w", err)
	}
	return Parse(p, data)
}

// Names lists the shipped series in fsys, sorted.
func Names(fsys fs.FS) []string {
	ms, _ := fs.Glob(fsys, Dir+"/*.yaml")
	var out []string
	for _, m := range ms {
		out = append(out, strings.TrimSuffix(path.Base(m), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// Parse checks a series held in memory, as if read from file display.
// Every problem is returned at once as a scenario.ErrorList of
// scenario.FieldError, each with file, line and field.
func Parse(display string, data []byte) (*Series, error) {
	d := &decoder{file: display}
	root := d.parse(data)
	if root == nil {
		return nil, d.err()
	}
	s := &Series{File: display}
	var obs *yaml.Node
	d.mapping(root, "", map[string]field{
		"name":           req(func(n *yaml.Node, p string) { s.Name, s.Line = d.text(n, p), n.Line }),
		"description":    req(func(n *yaml.Node, p string) { s.Description = d.text(n, p) }),
		"unit":           req(func(n *yaml.Node, p string) { s.Unit = d.text(n, p) }),
		"source":         req(func(n *yaml.Node, p string) { s.Source = d.text(n, p) }),
		"margin":         req(func(n *yaml.Node, p string) { s.Margin = d.text(n, p) }),
		"relative_error": opt(func(n *yaml.Node, p string) { s.RelativeError = d.relativeError(n, p) }),
		"role": req(func(n *yaml.Node, p string) {
			switch d.oneOf(n, p, Fit.String(), Check.String()) {
			case "fit":
				s.Role = Fit
			case "check":
				s.Role = Check
			}
		}),
		"model":        req(func(n *yaml.Node, p string) { s.Model = d.model(n, p) }),
		"observations": req(func(n *yaml.Node, p string) { obs = n }),
	})
	// After the other fields, whatever their order: an observation needs
	// the model (which aggregates, regional or not) and relative_error.
	if obs != nil {
		d.observations(obs, "observations", s)
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return s, nil
}

func (d *decoder) relativeError(n *yaml.Node, p string) *RelativeError {
	r := &RelativeError{Line: n.Line}
	d.mapping(n, p, map[string]field{
		"value": req(func(n *yaml.Node, p string) {
			if v, ok := d.float(n, p); ok {
				if v <= 0 || v > 1 {
					d.errorf(n, p, "must be in (0, 1], a standard deviation as a fraction of the value, got %v", v)
				}
				r.Value = v
			}
		}),
		"assumption": req(func(n *yaml.Node, p string) { r.Assumption = d.text(n, p) }),
	})
	return r
}

// model decodes the model block: one term and a note, or sum: a list of
// terms and a note.
func (d *decoder) model(n *yaml.Node, p string) Model {
	m := Model{Line: n.Line}
	var one Term
	var sum *yaml.Node
	fields := termFields(d, &one)
	fields["note"] = req(func(n *yaml.Node, p string) { m.Note = d.text(n, p) })
	fields["sum"] = opt(func(n *yaml.Node, p string) { sum = n })
	fields["discrepancy"] = opt(func(n *yaml.Node, p string) { m.Discrepancy = d.relativeError(n, p) })
	if !d.mapping(n, p, fields) {
		return m
	}
	if sum == nil {
		one.Line = n.Line
		d.checkTerm(n, p, &one)
		m.Terms = []Term{one}
		return m
	}
	if one.Metric != "" || one.Flows != nil || one.Input != "" || one.Aggregate != "" {
		d.errorf(sum, join(p, "sum"), "give either sum: (a list of terms) or one term (metric, flows or input, with aggregate), not both")
		return m
	}
	if sum.Kind != yaml.SequenceNode || len(sum.Content) < 2 {
		got := kindName(sum)
		if sum.Kind == yaml.SequenceNode {
			got = fmt.Sprintf("%d; for one term, give it without sum:", len(sum.Content))
		}
		d.errorf(sum, join(p, "sum"), "must be a list of two or more terms, each a mapping of metric, flows or input, and aggregate; got %s", got)
		return m
	}
	for i, c := range sum.Content {
		t := Term{Line: c.Line}
		tp := fmt.Sprintf("%s.sum[%d]", p, i)
		if d.mapping(c, tp, termFields(d, &t)) {
			d.checkTerm(c, tp, &t)
		}
		m.Terms = append(m.Terms, t)
	}
	return m
}

func termFields(d *decoder, t *Term) map[string]field {
	return map[string]field{
		"metric": opt(func(n *yaml.Node, p string) { t.Metric = d.text(n, p) }),
		"input":  opt(func(n *yaml.Node, p string) { t.Input = d.text(n, p) }),
		"flows": opt(func(n *yaml.Node, p string) {
			t.Flows = []string{} // given, if empty
			if n.Kind != yaml.SequenceNode {
				d.errorf(n, p, "must be a list of flow names (model/README.md 7.2), got %s", kindName(n))
				return
			}
			for i, c := range n.Content {
				f := d.text(c, fmt.Sprintf("%s[%d]", p, i))
				if contains(t.Flows, f) {
					d.errorf(c, fmt.Sprintf("%s[%d]", p, i), "flow %q is listed twice", f)
				}
				t.Flows = append(t.Flows, f)
			}
		}),
		"aggregate": opt(func(n *yaml.Node, p string) { t.Aggregate = d.text(n, p) }),
	}
}

// checkTerm checks that a term names one known quantity with an aggregate
// it allows.
func (d *decoder) checkTerm(n *yaml.Node, p string, t *Term) {
	given := 0
	for _, set := range []bool{t.Metric != "", t.Flows != nil, t.Input != ""} {
		if set {
			given++
		}
	}
	if given != 1 {
		d.errorf(n, p, "give exactly one of metric (%s), flows (a list of flow names) or input (%s)",
			"e.g. cbs_count", strings.Join(Inputs(), ", "))
		return
	}
	var allowed []string
	switch {
	case t.Metric != "":
		m, ok := metrics[t.Metric]
		if !ok {
			if tm, ok := target.Metrics[t.Metric]; ok && (tm.NeedsFrom || tm.NeedsSince) {
				d.errorf(n, join(p, "metric"), "%q needs from or since, which a series does not take; name its flows (flows:) or its input (input:) instead", t.Metric)
			} else {
				d.errorf(n, join(p, "metric"), "unknown metric %q; allowed: %s", t.Metric, strings.Join(MetricNames(), ", "))
			}
			return
		}
		allowed = m.aggregates
	case t.Flows != nil:
		if len(t.Flows) == 0 {
			d.errorf(n, join(p, "flows"), "must list at least one flow (model/README.md 7.2), e.g. [became_homeless.eviction]")
			return
		}
		allowed = []string{target.Total}
	default:
		if _, ok := inputs[t.Input]; !ok {
			d.errorf(n, join(p, "input"), "unknown input %q; allowed: %s", t.Input, strings.Join(Inputs(), ", "))
			return
		}
		allowed = []string{target.Total}
	}
	switch {
	case t.Aggregate == "":
		d.errorf(n, join(p, "aggregate"), "missing required field; allowed for %s: %s", t.Name(), strings.Join(allowed, ", "))
	case !contains(allowed, t.Aggregate):
		d.errorf(n, join(p, "aggregate"), "%q is not allowed for %s; allowed: %s", t.Aggregate, t.Name(), strings.Join(allowed, ", "))
	}
}

// snapshots reports whether every term has a value on a date, and if not,
// the first that has none.
func (m *Model) snapshots() (bool, string) {
	for _, t := range m.Terms {
		// An unknown metric is reported once, by checkTerm.
		if mt := metrics[t.Metric]; t.Input != "" || t.Flows != nil || mt != nil && !mt.snapshots() {
			return false, t.Name()
		}
	}
	return true, ""
}

// regional reports whether every term can be evaluated for one region,
// and if not, the first that cannot.
func (m *Model) regional() (bool, string) {
	for _, t := range m.Terms {
		if mt := metrics[t.Metric]; t.Input != "" || mt != nil && !mt.regional {
			return false, t.Name()
		}
	}
	return true, ""
}

func (d *decoder) observations(n *yaml.Node, p string, s *Series) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, p, "must be a list of one or more observations, got %s", kindName(n))
		return
	}
	type key struct {
		ofYear bool
		date   time.Time
		region string
	}
	seen := map[key]int{}
	var aggs []string
	for _, t := range s.Model.Terms {
		aggs = append(aggs, t.Aggregate)
	}
	var prev *Observation
	for i, c := range n.Content {
		op := fmt.Sprintf("%s[%d]", p, i)
		o := Observation{Line: c.Line, Source: s.Source}
		var dateNode, yearNode, valueNode *yaml.Node
		var low, high, sd *float64
		number := func(dst **float64) func(*yaml.Node, string) {
			return func(n *yaml.Node, p string) {
				if v, ok := d.float(n, p); ok {
					*dst = &v
				}
			}
		}
		var value *float64
		ok := d.mapping(c, op, map[string]field{
			"date":      opt(func(n *yaml.Node, p string) { dateNode = n }),
			"year":      opt(func(n *yaml.Node, p string) { yearNode = n }),
			"value":     req(func(n *yaml.Node, p string) { valueNode = n; number(&value)(n, p) }),
			"low":       opt(number(&low)),
			"high":      opt(number(&high)),
			"sd":        opt(number(&sd)),
			"region":    opt(func(n *yaml.Node, p string) { o.Region = d.text(n, p) }),
			"reference": opt(func(n *yaml.Node, p string) { o.Reference = d.text(n, p) }),
			"source":    opt(func(n *yaml.Node, p string) { o.Source = d.text(n, p) }),
		})
		if !ok {
			continue
		}

		// When: a day, or a calendar year.
		var whenNode *yaml.Node
		var whenField string
		switch {
		case dateNode != nil && yearNode != nil:
			d.errorf(yearNode, join(op, "year"), "give date (a day) or year (a calendar year), not both")
		case dateNode != nil:
			whenNode, whenField = dateNode, "date"
			if t, ok := d.date(dateNode, join(op, "date")); ok {
				o.Date, o.Year, o.Aggregate = t, t.Year(), Snapshot
				if t.Day() != 1 {
					d.errorf(dateNode, join(op, "date"), "%s: must be the first of a month, as the model's snapshots are monthly", dateNode.Value)
				} else if ok, name := s.Model.snapshots(); !ok {
					d.errorf(dateNode, join(op, "date"), "%s is counted over a year, not on a day: give year instead of date", name)
				}
				if o.Reference == "" {
					o.Reference = t.Format("2 January 2006")
				}
			}
		case yearNode != nil:
			whenNode, whenField = yearNode, "year"
			if y, ok := d.year(yearNode, join(op, "year")); ok {
				o.Date, o.Year, o.Aggregate = jan1(y), y, strings.Join(aggs, "+")
				if o.Reference == "" {
					o.Reference = fmt.Sprintf("year %d", y)
				}
			}
		default:
			d.errorf(c, op, "give date (a day, YYYY-MM-DD) or year (a calendar year)")
		}
		if o.Region != "" {
			if ok, name := s.Model.regional(); !ok {
				d.errorf(c, join(op, "region"), "%s is national; a region is allowed only when every term is one of: %s", name, strings.Join(regionalNames(), ", "))
			}
		}

		// The error: a 95% margin, an sd, or the file's relative error.
		if value != nil {
			o.Value = *value
			switch {
			case (low == nil) != (high == nil):
				d.errorf(c, op, "give both low and high (a 95%% margin), or neither")
			case low != nil && sd != nil:
				d.errorf(c, join(op, "sd"), "give a 95%% margin (low, high) or sd, not both")
			case low != nil:
				o.Low, o.High = *low, *high
				o.sd = (o.High - o.Low) / (2 * z95)
				if !(o.Low <= o.Value && o.Value <= o.High) || o.Low == o.High {
					d.errorf(valueNode, join(op, "value"), "%v is outside its margin [%v, %v]; want low ≤ value ≤ high and low < high", o.Value, o.Low, o.High)
				}
			case sd != nil:
				o.sd = *sd
				if o.sd <= 0 {
					d.errorf(c, join(op, "sd"), "must be positive, got %v", o.sd)
				}
			case s.RelativeError != nil:
				o.sd = s.RelativeError.Value * max(o.Value, -o.Value)
				if o.Value == 0 {
					d.errorf(valueNode, join(op, "value"), "is 0, so relative_error gives it no error: give sd")
				}
			default:
				d.errorf(c, op, "give a 95%% margin (low and high) or sd, or a relative_error for the whole file")
			}
			if low == nil {
				o.Low, o.High = o.Value-z95*o.sd, o.Value+z95*o.sd
			}
			if math.IsInf(o.sd, 0) || math.IsInf(o.Low, 0) || math.IsInf(o.High, 0) {
				d.errorf(c, op, "the error is too large to compute: its standard deviation or margin is not a finite number")
			}
		}

		// Order and duplicates.
		if whenNode != nil && !o.Date.IsZero() {
			if prev != nil && o.Date.Before(prev.Date) {
				d.errorf(whenNode, join(op, whenField), "%s comes before the previous observation's %s (line %d): list observations in time order",
					o.Reference, prev.Reference, prev.Line)
			}
			k := key{o.OfYear(), o.Date, o.Region}
			if line, dup := seen[k]; dup {
				what := "day"
				if o.OfYear() {
					what = "year"
				}
				d.errorf(whenNode, join(op, whenField), "the same %s and region as the observation at line %d", what, line)
			}
			seen[k] = o.Line
			prev = &o
		}
		s.Observations = append(s.Observations, o)
	}
}
