package observed

// This file implements the model side of a series: the metrics a term can
// name and Simulate, the model's value for every observation.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

var snapshotAggregates = []string{target.Jan1, target.End, target.Mean, target.Max, target.Min}

// metric is one quantity a term can name. It is either a national metric
// of package target (tm) or one of this package, computed per region
// (snapshot or year; region < 0 is national).
type metric struct {
	name       string
	aggregates []string
	regional   bool
	tm         *target.Metric
	snapshot   func(r *sim.Result, s *sim.Snapshot, region int) float64
	year       func(r *sim.Result, y int, region int) float64
}

func (m *metric) snapshots() bool { return slices.Contains(m.aggregates, target.Jan1) }

var metrics = map[string]*metric{}

func init() {
	// The target catalogue, but for metrics that need from or since (a
	// series names flows (flows:) or inputs (input:) directly instead) and
	// for statistics of a whole run, which no observation of a year or a
	// day can be compared with.
	for name, tm := range target.Metrics {
		if !tm.NeedsFrom && !tm.NeedsSince && !slices.Equal(tm.Aggregates, []string{target.Run}) {
			metrics[name] = &metric{name: name, aggregates: tm.Aggregates, tm: tm}
		}
	}
	for _, st := range ethos.All {
		if st == ethos.Exit {
			continue // cumulative, not a stock
		}
		metrics[st.String()] = &metric{name: st.String(), aggregates: snapshotAggregates, regional: true,
			snapshot: func(r *sim.Result, s *sim.Snapshot, region int) float64 { return stock(r, s, st, region) }}
	}
	metrics["shelter_users"] = &metric{name: "shelter_users", aggregates: []string{target.Year}, regional: true, year: shelterUsers}
}

// MetricNames lists the metrics a term can name, sorted.
func MetricNames() []string {
	var ns []string
	for n := range metrics {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// regionalNames lists the metrics that can be evaluated for one region.
func regionalNames() []string {
	var ns []string
	for _, n := range MetricNames() {
		if metrics[n].regional {
			ns = append(ns, n)
		}
	}
	return append(ns, "flows")
}

// inputs are the scenario inputs a term can integrate over a year.
var inputs = map[string]func(*scenario.Scenario) *scenario.Schedule{
	"housing.social_new_build": func(s *scenario.Scenario) *scenario.Schedule { return s.Housing.SocialNewBuild },
	"housing.social_relets":    func(s *scenario.Scenario) *scenario.Schedule { return s.Housing.SocialRelets },
}

// Inputs lists the scenario inputs a term can name, sorted.
func Inputs() []string {
	var ns []string
	for n := range inputs {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// stock is the number of people in st, in one region or (region < 0) all.
func stock(r *sim.Result, s *sim.Snapshot, st ethos.State, region int) float64 {
	if region < 0 {
		return target.StateTotal(r, s, st)
	}
	P, S := len(r.Profiles), int(ethos.NumStates)
	base := (region*S + int(st)) * P
	var n int64
	for p := 0; p < P; p++ {
		n += int64(s.Stock[base+p])
	}
	return float64(n)
}

// shelterUsers counts the distinct people with a shelter stay in year y:
// stays that started before 1 January y+1 and did not end before
// 1 January y, as for the stay statistics of model/README.md 8.2.
func shelterUsers(r *sim.Result, y int, region int) float64 {
	start := r.Scenario.Start
	from := jan1(y).Sub(start).Hours() / 24
	to := jan1(y+1).Sub(start).Hours() / 24
	seen := map[int32]bool{}
	for i := range r.Stays {
		s := &r.Stays[i]
		if s.Start < to && s.End >= from && (region < 0 || int(s.Region) == region) {
			seen[s.Person] = true
		}
	}
	return float64(len(seen))
}

func jan1(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }

// snapshotIndex returns the index of the snapshot on d, or -1.
func snapshotIndex(r *sim.Result, d time.Time) int {
	i := sort.Search(len(r.Snapshots), func(i int) bool { return !r.Snapshots[i].Date.Before(d) })
	if i < len(r.Snapshots) && r.Snapshots[i].Date.Equal(d) {
		return i
	}
	return -1
}

// run is a result with the series' names resolved to indices.
type run struct {
	res     *sim.Result
	flows   map[string]int
	regions map[string]int
}

// Simulate returns the model's value for every observation of s, in
// order, by the series' model definition: for an observation of a year,
// each term with its aggregate over that calendar year; for an
// observation of a date, each term's snapshot on that day; summed over
// the terms, for the observation's region or nationally.
//
// A flow or region the run does not have, or an observation outside the
// run (a year needs the snapshots of 1 January of it and of the next), is
// an error naming the series, its file and line, and what the run has.
func (s *Series) Simulate(res *sim.Result) ([]float64, error) {
	if len(res.Snapshots) == 0 {
		return nil, fmt.Errorf("observed: %s: the run has no snapshots", s.Name)
	}
	rn := run{res: res, flows: map[string]int{}, regions: map[string]int{}}
	for i, n := range res.FlowNames {
		rn.flows[n] = i
	}
	for i, n := range res.Regions {
		rn.regions[n] = i
	}
	for _, t := range s.Model.Terms {
		for _, f := range t.Flows {
			if _, ok := rn.flows[f]; !ok {
				return nil, fmt.Errorf("observed: %s (%s:%d): the run of scenario %s has no flow %q; it has: %s",
					s.Name, s.File, t.Line, res.Scenario.Name, f, strings.Join(res.FlowNames, ", "))
			}
		}
	}
	first, last := res.Snapshots[0].Date, res.Snapshots[len(res.Snapshots)-1].Date
	out := make([]float64, len(s.Observations))
	for i := range s.Observations {
		o := &s.Observations[i]
		fail := func(format string, args ...any) error {
			return fmt.Errorf("observed: %s (%s:%d): %s", s.Name, s.File, o.Line, fmt.Sprintf(format, args...))
		}
		region := -1
		if o.Region != "" {
			r, ok := rn.regions[o.Region]
			if !ok {
				return nil, fail("the run of scenario %s has no region %q; it has: %s", res.Scenario.Name, o.Region, strings.Join(res.Regions, ", "))
			}
			region = r
		}
		var a, b int // snapshots: of the date (a), or of 1 January of the year and of the next (a, b)
		if o.OfYear() {
			a, b = snapshotIndex(res, jan1(o.Year)), snapshotIndex(res, jan1(o.Year+1))
			if a < 0 || b < 0 {
				return nil, fail("year %d is not wholly inside the run, whose monthly snapshots run from %s to %s", o.Year, first.Format(time.DateOnly), last.Format(time.DateOnly))
			}
		} else if a = snapshotIndex(res, o.Date); a < 0 {
			return nil, fail("%s is not a snapshot date of the run, whose monthly snapshots run from %s to %s", o.Date.Format(time.DateOnly), first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
		for _, t := range s.Model.Terms {
			v, err := rn.term(t, o, region, a, b)
			if err != nil {
				return nil, fail("%v", err)
			}
			out[i] += v
		}
	}
	return out, nil
}

// term evaluates one term for observation o, with the snapshot indices
// Simulate checked.
func (rn run) term(t Term, o *Observation, region, a, b int) (float64, error) {
	r := rn.res
	switch {
	case len(t.Flows) > 0:
		F, R := len(r.FlowNames), len(r.Regions)
		var n int64
		for _, name := range t.Flows {
			f := rn.flows[name]
			for month := a; month < b; month++ {
				for reg := 0; reg < R; reg++ {
					if region < 0 || reg == region {
						n += int64(r.Flows[(month*R+reg)*F+f])
					}
				}
			}
		}
		return float64(n), nil
	case t.Input != "":
		return inputs[t.Input](r.Scenario).Integral(jan1(o.Year), jan1(o.Year+1)), nil
	}
	m := metrics[t.Metric]
	switch {
	case m.tm != nil && !o.OfYear():
		return m.tm.At(r, o.Date)
	case m.tm != nil:
		return m.tm.Value(r, t.Aggregate, o.Year, "", 0)
	case m.year != nil:
		return m.year(r, o.Year, region), nil
	case !o.OfYear():
		return m.snapshot(r, &r.Snapshots[a], region), nil
	}
	switch t.Aggregate {
	case target.Jan1:
		return m.snapshot(r, &r.Snapshots[a], region), nil
	case target.End:
		return m.snapshot(r, &r.Snapshots[b], region), nil
	}
	xs := make([]float64, 0, b-a)
	for i := a; i < b; i++ {
		xs = append(xs, m.snapshot(r, &r.Snapshots[i], region))
	}
	switch t.Aggregate {
	case target.Mean:
		return stat.Mean(xs, nil), nil
	case target.Max:
		return slices.Max(xs), nil
	case target.Min:
		return slices.Min(xs), nil
	}
	return 0, fmt.Errorf("metric %s: aggregate %q not allowed; allowed: %s", m.name, t.Aggregate, strings.Join(m.aggregates, ", "))
}
