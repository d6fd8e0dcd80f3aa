// This file holds the limits on what a scenario may ask for, and the
// checks that need the whole scenario: counts of regions, profiles and
// sources, the people a run creates, the capacity steps it schedules,
// zero-length stays that form a cycle, and what a sweep can reach.

package scenario

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/ethos"
)

// Limits on a scenario. Each is generous for real use (the national
// scenarios need a few per cent of it) and tight enough that a run's
// memory and time stay bounded and every value fits the engine's
// representation. They are checked in the loader, so validate and run
// agree; model/README.md lists them.
const (
	// MaxRegions: the engine keeps a person's region in a uint16 and
	// per-region queues and capacities; the Netherlands has 43.
	MaxRegions = 1000
	// MaxProfiles: a person's profile is a uint8; the 2020 letter has 5.
	MaxProfiles = 32
	// MaxSources: a person's inflow source is a uint8, and every source
	// adds four flows per region and month.
	MaxSources = 32
	// MaxHousingTypes: every type adds a waiting list and dedicated
	// capacity per region.
	MaxHousingTypes = 32
	// MaxPeople is the largest stock of people in a state at the start
	// (national); about 20 times the largest real one.
	MaxPeople = 1_000_000
	// MaxPlaces is the largest number of shelter places of a kind,
	// dedicated homes of a type, or people supported at once (national).
	// Capacities are int32 per region, and MaxPlaces·MaxFactor fits.
	MaxPlaces = 1_000_000
	// MaxRate is the largest rate, in people or homes per year (national).
	MaxRate = 1_000_000
	// MaxFactor is the largest capacity factor of a shelter schedule.
	MaxFactor = 100
	// MaxStayYears bounds every parameter of a duration; a stay longer
	// than the run is never reached, and this keeps draws finite.
	MaxStayYears = 1000
	// MinStayDays is the shortest positive fixed stay: one minute.
	// Engine time is in days over up to 150 years, and a shorter step
	// can round to no time at all.
	MinStayDays = 1.0 / 1440
	// MaxCV is the largest coefficient of variation (sd/mean) of a gamma
	// or lognormal duration: beyond it a gamma's shape is so small that
	// most draws underflow to 0.
	MaxCV = 10
	// MaxPeopleEver bounds the people a run creates: the stocks at start
	// plus every arrival the inflow rates give over the warm-up and run
	// (at a sweep's largest factors). Each person record is about 64
	// bytes, so this keeps a run's records below about 1.3 GB.
	MaxPeopleEver = 20_000_000
	// MaxCapacitySteps bounds the capacity changes a run schedules (each
	// change of one place, in one region, is a step): the places times
	// the total variation of their schedule. About 32 MB per million, and
	// sorting them at compile time stays well under a second.
	MaxCapacitySteps = 1_000_000
	// MaxRegionWeight bounds a relative region weight (and 1/MaxRegionWeight
	// is the smallest), so their sum is finite.
	MaxRegionWeight = 1e12
	// MaxConcentration bounds a Dirichlet concentration; MinConcentration
	// keeps its gamma quantiles (shape concentration × share) from
	// underflowing to 0 for every key at once; the shipped ones are 10–50.
	MaxConcentration = 1e6
	MinConcentration = 1
)

var (
	peopleBounds = bounds{0, MaxPeople, fmt.Sprintf("in [0, %d] people", MaxPeople)}
	placeBounds  = bounds{0, MaxPlaces, fmt.Sprintf("in [0, %d]", MaxPlaces)}
	rateBounds   = bounds{0, MaxRate, fmt.Sprintf("in [0, %d] per year", MaxRate)}
	factorBounds = bounds{0, MaxFactor, fmt.Sprintf("in [0, %d]", MaxFactor)}
	weightBounds = bounds{1 / MaxRegionWeight, MaxRegionWeight, fmt.Sprintf("in [%g, %g]", 1/MaxRegionWeight, float64(MaxRegionWeight))}
)

// sweepFactor returns the range of the factor a sweep applies to a whole
// schedule or duration (scale or sample), and whether there is one. A
// sample's range is what a sweep can draw from it (dist.Spec.Reach).
func sweepFactor(m *Meta) (lo, hi float64, ok bool) {
	switch {
	case m.Scale != nil:
		return m.Scale[0], m.Scale[1], true
	case m.Sample != nil:
		lo, hi = m.Sample.Reach()
		return lo, hi, true
	}
	return 1, 1, false
}

// checkReach reports a schedule that a sweep's factor can take outside
// what its values allow: the reachable range is the values' range times
// the factor's support.
func (d *decoder) checkReach(s *Schedule, b bounds) {
	flo, fhi, ok := sweepFactor(&s.Meta)
	if !ok || len(s.Points) == 0 || flo < 0 { // a negative factor is reported on its own
		return
	}
	vlo, vhi := math.Inf(1), math.Inf(-1)
	for _, p := range s.Points {
		vlo, vhi = math.Min(vlo, p.Value), math.Max(vhi, p.Value)
	}
	lo, hi := vlo*flo, vhi*fhi
	if vhi == 0 {
		hi = 0
	}
	if lo >= b.lo && hi <= b.hi {
		return
	}
	what := "scale"
	if s.Scale == nil {
		what = "sample"
	}
	d.errs = append(d.errs, &FieldError{File: s.File, Line: s.Line, Field: join(s.Path, what),
		Msg: fmt.Sprintf("a sweep can reach [%.6g, %.6g] (values %.6g to %.6g times a factor in [%.6g, %.6g]); the value must be %s%s",
			lo, hi, vlo, vhi, flo, fhi, b.text, boundedHint(&s.Meta))})
}

// boundedHint suggests a bounded factor when the sample is unbounded.
func boundedHint(m *Meta) string {
	if m.Sample == nil {
		return ""
	}
	if _, hi := m.Sample.Support(); math.IsInf(hi, 1) {
		return "; give a bounded factor (uniform, triangular, or beta or normal with min and max)"
	}
	return ""
}

// checkDurationLimits reports a duration whose parameters, at a sweep's
// largest factor, leave what the engine can represent.
func (d *decoder) checkDurationLimits(du *Duration) {
	if du.Dist.Kind == "" || du.Dist.Validate() != nil {
		return
	}
	days := du.Days()
	if days == 0 {
		return // an unknown unit, reported on its own
	}
	maxDays := MaxStayYears * DaysPerYear
	flo, fhi, _ := sweepFactor(&du.Meta)
	at := func(f float64) string {
		if f == 1 {
			return ""
		}
		return fmt.Sprintf(" at a sweep's factor %g", f)
	}
	for _, k := range distParams {
		v, ok := du.Dist.P[k]
		if !ok || k == "alpha" || k == "beta" {
			continue
		}
		if hi := math.Abs(v) * days * fhi; hi > maxDays {
			d.errs = append(d.errs, &FieldError{File: du.File, Line: du.Line, Field: join(du.Path, k),
				Msg: fmt.Sprintf("%.6g %s%s is longer than %d years, the longest a duration parameter may be%s", v*fhi, du.Unit, at(fhi), MaxStayYears, boundedHint(&du.Meta))})
		}
	}
	if du.Dist.Kind == dist.Fixed {
		if v := du.Dist.P["value"] * days * flo; v > 0 && v < MinStayDays {
			d.errs = append(d.errs, &FieldError{File: du.File, Line: du.Line, Field: join(du.Path, "value"),
				Msg: fmt.Sprintf("%.9g days%s is shorter than a minute, which engine time cannot resolve; give 0 or at least a minute, %.9g days", v, at(flo), MinStayDays)})
		}
	}
	if du.Dist.Kind != dist.Fixed {
		// A mean below a minute makes a person move thousands of times a
		// day: a run that never ends, though time passes.
		if v := du.Dist.Mean() * days * flo; v < MinStayDays {
			d.errs = append(d.errs, &FieldError{File: du.File, Line: du.Line, Field: du.Path,
				Msg: fmt.Sprintf("a mean stay of %.9g days%s is shorter than a minute; give a mean of at least a minute, %.9g days", v, at(flo), MinStayDays)})
		}
	}
	if k := du.Dist.Kind; k == dist.Gamma || k == dist.LogNormal {
		if cv := du.Dist.P["sd"] / du.Dist.P["mean"]; cv > MaxCV {
			d.errs = append(d.errs, &FieldError{File: du.File, Line: du.Line, Field: join(du.Path, "sd"),
				Msg: fmt.Sprintf("sd %g is %.3g times the mean %g; a %s duration's sd may be at most %d times its mean", du.Dist.P["sd"], cv, du.Dist.P["mean"], k, MaxCV)})
		}
	}
}

// checkLimits runs the checks that need the whole scenario.
func (d *decoder) checkLimits(s *Scenario) {
	// count reports more than max items; m is where the message points:
	// the first item beyond the limit where items have lines.
	count := func(n, max int, field, what string, m *Meta) {
		if n > max {
			d.errs = append(d.errs, &FieldError{File: m.File, Line: m.Line, Field: field, Msg: fmt.Sprintf("%d %s; at most %d are allowed", n, what, max)})
		}
	}
	if len(s.Regions) > MaxRegions {
		count(len(s.Regions), MaxRegions, "regions", "regions", &s.Regions[MaxRegions].Weight.Meta)
	}
	if sh := s.Profiles.Shares; sh != nil {
		count(len(sh.Keys), MaxProfiles, "profiles.shares", "profiles", &sh.Meta)
	}
	if len(s.Inflow) > MaxSources && s.Inflow[MaxSources].Rate != nil {
		count(len(s.Inflow), MaxSources, "inflow", "inflow sources", &s.Inflow[MaxSources].Rate.Meta)
	}
	if s.Housing.Mix != nil {
		count(len(s.Housing.Types), MaxHousingTypes, "housing.types", "housing types", &s.Housing.Mix.Meta)
	}
	// The totals need every value valid: a value already refused would
	// only be reported again.
	if len(d.errs) == 0 && !s.Start.IsZero() && !s.End.IsZero() && s.End.After(s.Start) {
		d.checkPeopleEver(s)
		d.checkCapacitySteps(s)
	}
	if q := s.CBS.ShortStay; q != nil && q.Unit != "" && s.CBS.ShortStayDays() > MaxStayYears*DaysPerYear {
		d.errs = append(d.errs, &FieldError{File: q.File, Line: q.Line, Field: join(q.Path, "value"),
			Msg: fmt.Sprintf("%g %s is longer than %d years, the longest a duration may be", q.Value, q.Unit, MaxStayYears)})
	}
	d.checkZeroCycles(s)
}

// checkPeopleEver reports a scenario whose stocks and inflow, at a sweep's
// largest factors, create more than MaxPeopleEver people.
func (d *decoder) checkPeopleEver(s *Scenario) {
	var stocks float64
	for _, q := range s.Population.Stock {
		if q != nil {
			stocks += reachHigh(q)
		}
	}
	for _, q := range []*Quantity{s.Population.LackOfShelter, s.Shelter.Emergency, s.Shelter.Residential} {
		if q != nil { // shelter places start occupied
			stocks += reachHigh(q)
		}
	}
	from := s.Start
	if s.Warmup != nil {
		from = from.AddDate(0, -int(s.Warmup.Months()), 0)
	}
	years := s.End.Sub(from).Hours() / 24 / DaysPerYear
	arrivals, largest := 0.0, 0.0
	var at *Schedule // the largest source, where the message points
	for _, in := range s.Inflow {
		if in.Rate == nil || len(in.Rate.Points) == 0 {
			continue
		}
		_, fhi, _ := sweepFactor(&in.Rate.Meta)
		peak := 0.0
		for _, p := range in.Rate.Points {
			peak = math.Max(peak, p.Value)
		}
		arrivals += peak * fhi * years
		if peak*fhi >= largest {
			largest, at = peak*fhi, in.Rate
		}
	}
	if total := stocks + arrivals; total > MaxPeopleEver && at != nil {
		d.errs = append(d.errs, &FieldError{File: at.File, Line: at.Line, Field: at.Path,
			Msg: fmt.Sprintf("the people at start (%.4g, in states and shelter places) and the inflow over %.4g years with warm-up (up to %.4g people) make up to %.4g people; a run may create at most %d", stocks, years, arrivals, total, MaxPeopleEver)})
	}
}

// reachHigh is the largest value a sweep can give a scalar.
func reachHigh(q *Quantity) float64 {
	hi := q.Value
	if q.Range != nil {
		hi = math.Max(hi, q.Range[1])
	}
	if q.Sample != nil {
		_, s := q.Sample.Reach()
		hi = math.Max(hi, s)
	}
	for _, x := range append(q.Levels, q.Lever...) {
		hi = math.Max(hi, x)
	}
	return hi
}

// variation is the schedule's total variation, from 0 to its first value
// and then from knot to knot, at a sweep's largest factor: how far a
// capacity that follows it moves.
func variation(s *Schedule) float64 {
	_, fhi, _ := sweepFactor(&s.Meta)
	prev, tv := 0.0, 0.0
	for _, p := range s.Points {
		hi := p.Value
		if p.Range != nil {
			hi = p.Range[1]
		}
		tv += math.Abs(hi - prev)
		prev = hi
	}
	return tv * fhi
}

// checkCapacitySteps reports capacity schedules that move capacity by
// more than MaxCapacitySteps places in all.
func (d *decoder) checkCapacitySteps(s *Scenario) {
	sh := s.Shelter
	if sh.Emergency == nil || sh.Residential == nil || sh.LargeShare == nil {
		return
	}
	base := map[string]float64{
		KindEmergency: reachHigh(sh.Emergency),
		KindLarge:     reachHigh(sh.Residential) * reachHigh(sh.LargeShare),
		KindSmall:     reachHigh(sh.Residential),
	}
	steps := 0.0
	var file string
	var line int
	for _, c := range sh.Schedules {
		if c.Factor == nil {
			continue
		}
		share := float64(len(c.Regions)) / float64(max(len(s.Regions), 1))
		steps += base[c.Kind] * share * variation(c.Factor)
		steps += float64(len(c.Regions) * len(c.Factor.Points)) // rounding, per region and knot
		file, line = c.Factor.File, c.Factor.Line
	}
	for _, t := range s.Housing.Dedicated {
		if t.Units == nil {
			continue
		}
		steps += variation(t.Units) + float64(len(s.Regions)*len(t.Units.Points))
		file, line = t.Units.File, t.Units.Line
	}
	if steps > MaxCapacitySteps {
		d.errs = append(d.errs, &FieldError{File: file, Line: line, Field: "shelter.schedules",
			Msg: fmt.Sprintf("the capacity schedules change capacity by up to %.4g places in all; at most %d are allowed (each change is an event)", steps, MaxCapacitySteps)})
	}
}

// checkZeroCycles refuses stays of fixed length 0 that lead back to their
// state without time passing: the engine would loop for ever at one
// instant. A destination counts if it has a share, or its split varies in
// a sweep.
func (d *decoder) checkZeroCycles(s *Scenario) {
	zero := map[ethos.State]bool{}
	for st, m := range s.Moves {
		if m.Stay != nil && m.Stay.Dist.Kind == dist.Fixed && m.Stay.Dist.P["value"] == 0 {
			zero[st] = true
		}
	}
	if len(zero) == 0 {
		return
	}
	shelter := []ethos.State{ethos.EmergencyShelter, ethos.ResidentialShelter, ethos.PublicSpace}
	var entry []ethos.State
	if s.Entry != nil {
		for i, k := range s.Entry.Keys {
			if s.Entry.Shares[i] > 0 || s.Entry.Concentration > 0 || s.Entry.Sample != nil {
				if k == ToShelter {
					entry = append(entry, shelter...)
				} else if st, ok := ethos.Parse(k); ok {
					entry = append(entry, st)
				}
			}
		}
	}
	next := func(st ethos.State) []ethos.State {
		m := s.Moves[st]
		if m == nil || m.To == nil {
			return nil
		}
		var out []ethos.State
		for i, k := range m.To.Keys {
			if !(m.To.Shares[i] > 0 || m.To.Concentration > 0) {
				continue
			}
			switch k {
			case ToExit, ToWait:
			case ToShelter:
				out = append(out, shelter...)
				if !st.Shelter() {
					out = append(out, st) // queueing: the stay is drawn again
				}
			case ToHomeless:
				out = append(out, entry...)
			case "housed_unsupported":
				out = append(out, ethos.HousedUnsupported)
			default:
				if t, ok := ethos.Parse(k); ok {
					out = append(out, t)
				}
			}
		}
		return out
	}
	var states []ethos.State
	for st := range zero {
		states = append(states, st)
	}
	sort.Slice(states, func(i, j int) bool { return states[i] < states[j] })
	for _, st := range states {
		// Depth-first through zero-stay states only, looking for st.
		seen := map[ethos.State]bool{}
		var path []string
		var found bool
		var walk func(u ethos.State) bool
		walk = func(u ethos.State) bool {
			for _, v := range next(u) {
				if v == st {
					path = append(path, v.String())
					return true
				}
				if zero[v] && !seen[v] {
					seen[v] = true
					path = append(path, v.String())
					if walk(v) {
						return true
					}
					path = path[:len(path)-1]
				}
			}
			return false
		}
		found = walk(st)
		if found {
			m := s.Moves[st]
			d.errs = append(d.errs, &FieldError{File: m.Stay.File, Line: m.Stay.Line, Field: m.Stay.Path,
				Msg: fmt.Sprintf("a stay of 0 that leads back without time passing (%s → %s) would loop for ever at one instant; give a stay that is not fixed at 0", st, strings.Join(path, " → "))})
		}
	}
}
