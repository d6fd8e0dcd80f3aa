package target

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/sim"
)

// Aggregates over a calendar year Y.
const (
	Jan1  = "jan1"  // the snapshot of 1 January Y (the CBS reference date)
	End   = "end"   // the snapshot of 1 January Y+1: the state at the end of Y
	Mean  = "mean"  // mean of the 12 monthly snapshots of Y
	Max   = "max"   // largest of the 12 monthly snapshots of Y
	Min   = "min"   // smallest of the 12 monthly snapshots of Y
	Total = "total" // sum of a flow over Y
	Year  = "year"  // a statistic of year Y as a whole (stays, shares, cumulative inputs)
	Run   = "run"   // a statistic of the whole run, from its start to its end, whatever Y
)

// Metric is one quantity a target can test.
type Metric struct {
	Name        string
	Description string
	Unit        string
	Aggregates  []string // allowed
	NeedsFrom   bool     // takes "from": an inflow source name
	NeedsSince  bool     // takes "since": a first year for cumulative inputs
	snapshot    func(r *sim.Result, s *sim.Snapshot) float64
	year        func(r *sim.Result, q query) (float64, error)
}

// query is what a year-statistic needs.
type query struct {
	year  int
	from  string
	since int
	stays *staysCache // nil: gather the year's stays afresh
}

// staysCache holds a run's Stays once a statistic of them is asked for.
type staysCache struct{ s *Stays }

var snapshotAggs = []string{Jan1, End, Mean, Max, Min}

// Metrics is the catalogue, by name.
var Metrics = map[string]*Metric{}

func init() {
	for _, m := range []*Metric{
		{Name: "cbs_count", Unit: "people", Aggregates: snapshotAggs,
			Description: "CBS-comparable count: ETHOS 1, 2, 5, 6 and short stays in ETHOS 3",
			snapshot:    func(r *sim.Result, s *sim.Snapshot) float64 { return float64(sum(s.CBS)) }},
		{Name: "homeless", Unit: "people", Aggregates: snapshotAggs,
			Description: "people in ETHOS Light 1 to 6",
			snapshot: func(r *sim.Result, s *sim.Snapshot) float64 {
				var n float64
				for _, st := range ethos.All {
					if st.Homeless() {
						n += StateTotal(r, s, st)
					}
				}
				return n
			}},
		{Name: "rough_sleeping", Unit: "people", Aggregates: snapshotAggs,
			Description: "people sleeping rough (ETHOS 1)",
			snapshot:    func(r *sim.Result, s *sim.Snapshot) float64 { return StateTotal(r, s, ethos.PublicSpace) }},
		{Name: "rough_sleeping_lack_of_shelter", Unit: "people", Aggregates: snapshotAggs,
			Description: "people sleeping rough who asked for shelter and found no free place",
			snapshot:    func(r *sim.Result, s *sim.Snapshot) float64 { return float64(sum(s.LackOfShelter)) }},
		{Name: "regions_without_large_scale_share", Unit: "share", Aggregates: snapshotAggs,
			Description: "share of regions with no open large-scale shelter place (open: capacity, or occupied while closing)",
			snapshot: func(r *sim.Result, s *sim.Snapshot) float64 {
				none := 0
				for reg := range r.Regions {
					if OpenPlaces(s, reg, 1) == 0 {
						none++
					}
				}
				return float64(none) / float64(len(r.Regions))
			}},
		{Name: "shelter_stay_p90_days", Unit: "days", Aggregates: []string{Year},
			Description: "90th percentile of shelter stay length, stays ended in the year or ongoing at its end",
			year:        stayStat(func(xs []float64) float64 { return EmpiricalQuantile(0.9, xs) })},
		{Name: "shelter_stay_median_days", Unit: "days", Aggregates: []string{Year},
			Description: "median shelter stay length, stays ended in the year or ongoing at its end",
			year:        stayStat(func(xs []float64) float64 { return EmpiricalQuantile(0.5, xs) })},
		{Name: "shelter_stay_max_days", Unit: "days", Aggregates: []string{Year},
			Description: "longest shelter stay, stays ended in the year or ongoing at its end",
			year:        stayStat(slices.Max[[]float64])},
		{Name: "shelter_stay_share_over_90_days", Unit: "share", Aggregates: []string{Year},
			Description: "share of shelter stays longer than 90 days, stays ended in the year or ongoing at its end",
			year: stayStat(func(xs []float64) float64 {
				over := 0
				for _, x := range xs {
					if x > 90 {
						over++
					}
				}
				return float64(over) / float64(len(xs))
			})},
		{Name: "became_homeless_share", Unit: "share", Aggregates: []string{Year}, NeedsFrom: true,
			Description: "of the people from an inflow source whose situation was decided in the year, the share who became homeless",
			year:        becameHomelessShare},
		{Name: "became_homeless", Unit: "people", Aggregates: []string{Total}, NeedsFrom: true,
			Description: "people from an inflow source who became homeless",
			year: func(r *sim.Result, q query) (float64, error) {
				return flowTotal(r, "became_homeless."+q.from, q.year)
			}},
		{Name: "functional_zero_ratio", Unit: "ratio", Aggregates: []string{Year},
			Description: "people in ETHOS 1-6 at the end of the year divided by the mean monthly number leaving ETHOS 1-6 in the year (functional zero: below 1)",
			year:        functionalZero},
		{Name: "shelter_wait_mean_days", Unit: "days", Aggregates: []string{Run},
			Description: "mean wait for a shelter place of the people admitted, over the whole run (the M/M/c mean wait W_q)",
			year:        func(r *sim.Result, q query) (float64, error) { return r.ShelterWait.Mean(), nil }},
		{Name: "social_homes_built", Unit: "units", Aggregates: []string{Year}, NeedsSince: true,
			Description: "social rental homes built from 1 January of 'since' to the end of the year (scenario input)",
			year: func(r *sim.Result, q query) (float64, error) {
				s := r.Scenario.Housing.SocialNewBuild
				return s.Integral(jan1(q.since), jan1(q.year+1)), nil
			}},
	} {
		Metrics[m.Name] = m
	}
}

// MetricNames lists the catalogue, sorted.
func MetricNames() []string {
	var ns []string
	for n := range Metrics {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

func sum(xs []int32) int64 {
	var n int64
	for _, x := range xs {
		n += int64(x)
	}
	return n
}

func jan1(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }

// StateTotal is the national number of people in st.
func StateTotal(r *sim.Result, s *sim.Snapshot, st ethos.State) float64 {
	P, S := len(r.Profiles), int(ethos.NumStates)
	var n int64
	for reg := range r.Regions {
		base := (reg*S + int(st)) * P
		for p := 0; p < P; p++ {
			n += int64(s.Stock[base+p])
		}
	}
	return float64(n)
}

// OpenPlaces is max(capacity, occupied) of kind k in a region: a place
// closing "when empty" is open until its occupant leaves.
func OpenPlaces(s *sim.Snapshot, region, k int) int32 {
	i := region*3 + k
	return max(s.Capacity[i], s.Occupied[i])
}

// snapshotIndex returns the index of the snapshot on date d, or -1.
func snapshotIndex(r *sim.Result, d time.Time) int {
	i := sort.Search(len(r.Snapshots), func(i int) bool { return !r.Snapshots[i].Date.Before(d) })
	if i < len(r.Snapshots) && r.Snapshots[i].Date.Equal(d) {
		return i
	}
	return -1
}

// monthRange returns the snapshot (and flow month) indices of year y.
func monthRange(r *sim.Result, y int) (int, int, error) {
	a, b := snapshotIndex(r, jan1(y)), snapshotIndex(r, jan1(y+1))
	if a < 0 || b < 0 {
		return 0, 0, fmt.Errorf("year %d is not wholly inside the run (%s to %s)", y,
			r.Snapshots[0].Date.Format("2006-01-02"), r.Snapshots[len(r.Snapshots)-1].Date.Format("2006-01-02"))
	}
	return a, b, nil
}

func flowTotal(r *sim.Result, name string, y int) (float64, error) {
	f := -1
	for i, n := range r.FlowNames {
		if n == name {
			f = i
		}
	}
	if f < 0 {
		return 0, fmt.Errorf("no flow %q", name)
	}
	a, b, err := monthRange(r, y)
	if err != nil {
		return 0, err
	}
	F, R := len(r.FlowNames), len(r.Regions)
	var n int64
	for m := a; m < b; m++ {
		for reg := 0; reg < R; reg++ {
			n += int64(r.Flows[(m*R+reg)*F+f])
		}
	}
	return float64(n), nil
}

// StayLengths returns the lengths in days of the shelter stays that ended
// in year y or were ongoing at its end, sorted.
func StayLengths(r *sim.Result, y int) []float64 {
	xs := stayLengths(r, y)
	sort.Float64s(xs)
	return xs
}

// stayLengths is StayLengths unsorted, in the order of the stays.
func stayLengths(r *sim.Result, y int) []float64 {
	start := r.Scenario.Start
	from := jan1(y).Sub(start).Hours() / 24
	to := jan1(y+1).Sub(start).Hours() / 24
	// Counted first: growing the slice by appends cost more than the
	// sort (issue 10; a sweep evaluates this for every run).
	n := 0
	for i := range r.Stays {
		if s := &r.Stays[i]; s.Start < to && s.End >= from {
			n++
		}
	}
	xs := make([]float64, 0, n)
	for i := range r.Stays {
		s := &r.Stays[i]
		switch {
		case s.Start >= to || s.End < from: // outside the year
		case s.End < to && !s.Ongoing: // ended in the year
			xs = append(xs, s.End-s.Start)
		default: // ongoing at the end of the year
			xs = append(xs, to-s.Start)
		}
	}
	return xs
}

// stayStat makes a metric of the year's stay lengths: f is given them
// unsorted, and may reorder them; its value must not depend on their
// order (a cached year's lengths come in the order the last f left them). The statistics need no sort, which was
// most of evaluating a run's targets (issue 10: a sweep does it every run).
func stayStat(f func(xs []float64) float64) func(*sim.Result, query) (float64, error) {
	return func(r *sim.Result, q query) (float64, error) {
		if _, _, err := monthRange(r, q.year); err != nil {
			return 0, err
		}
		var xs []float64
		if c := q.stays; c != nil {
			if c.s == nil {
				c.s = StaysByYear(r)
			}
			xs = c.s.Lengths(q.year)
		} else {
			xs = stayLengths(r, q.year)
		}
		if len(xs) == 0 {
			return 0, nil
		}
		return f(xs), nil
	}
}

func becameHomelessShare(r *sim.Result, q query) (float64, error) {
	var n [3]float64
	for i, kind := range []string{"became_homeless.", "prevented.", "averted."} {
		v, err := flowTotal(r, kind+q.from, q.year)
		if err != nil {
			return 0, err
		}
		n[i] = v
	}
	if d := n[0] + n[1] + n[2]; d > 0 {
		return n[0] / d, nil
	}
	return 0, nil
}

func functionalZero(r *sim.Result, q query) (float64, error) {
	_, b, err := monthRange(r, q.year)
	if err != nil {
		return 0, err
	}
	left, err := flowTotal(r, "left_homelessness", q.year)
	if err != nil {
		return 0, err
	}
	count := Metrics["homeless"].snapshot(r, &r.Snapshots[b])
	if left == 0 {
		return math.Inf(1), nil
	}
	return count / (left / 12), nil
}

// Value computes metric m with aggregate agg for year y.
func (m *Metric) Value(r *sim.Result, agg string, y int, from string, since int) (float64, error) {
	return m.value(r, agg, query{year: y, from: from, since: since})
}

func (m *Metric) value(r *sim.Result, agg string, q query) (float64, error) {
	y := q.year
	if m.snapshot == nil {
		return m.year(r, q)
	}
	a, b, err := monthRange(r, y)
	if err != nil {
		return 0, err
	}
	switch agg {
	case Jan1:
		return m.snapshot(r, &r.Snapshots[a]), nil
	case End:
		return m.snapshot(r, &r.Snapshots[b]), nil
	}
	xs := make([]float64, 0, b-a)
	for i := a; i < b; i++ {
		xs = append(xs, m.snapshot(r, &r.Snapshots[i]))
	}
	switch agg {
	case Mean:
		return stat.Mean(xs, nil), nil
	case Max:
		return maxOf(xs), nil
	case Min:
		return -maxOf(neg(xs)), nil
	}
	return 0, fmt.Errorf("metric %s: aggregate %q not allowed; allowed: %s", m.Name, agg, strings.Join(m.Aggregates, ", "))
}

// At computes a snapshot metric on date d, which must be a snapshot date
// of the run (the first of a month, from the start to the end). A metric
// of a year as a whole has no value on a date.
func (m *Metric) At(r *sim.Result, d time.Time) (float64, error) {
	if m.snapshot == nil {
		return 0, fmt.Errorf("metric %s is a statistic of a year, not of a date (aggregates: %s)", m.Name, strings.Join(m.Aggregates, ", "))
	}
	i := snapshotIndex(r, d)
	if i < 0 {
		return 0, fmt.Errorf("%s is not a snapshot date of the run (the first of each month, %s to %s)", d.Format("2006-01-02"),
			r.Snapshots[0].Date.Format("2006-01-02"), r.Snapshots[len(r.Snapshots)-1].Date.Format("2006-01-02"))
	}
	return m.snapshot(r, &r.Snapshots[i]), nil
}

func maxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}

func neg(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = -x
	}
	return out
}

// EmpiricalQuantile is stat.Quantile(p, stat.Empirical, x, nil) for x the
// values of xs sorted, found by selection instead of a sort: the element
// of sorted rank k, for the least k with k+1 >= p·len(xs), so the same
// value, bit for bit. It reorders xs, which must be non-empty and hold no
// NaN, and p must be in [0, 1].
func EmpiricalQuantile(p float64, xs []float64) float64 {
	k := max(int(math.Ceil(p*float64(len(xs))))-1, 0)
	return selectKth(xs, k)
}

// selectKth returns the k-th smallest of xs (from 0), reordering xs:
// Hoare's selection with the median of three as pivot. xs holds no NaN.
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for pivot < xs[j] {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}
