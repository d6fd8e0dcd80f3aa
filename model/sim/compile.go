package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
)

// curve is a schedule in engine time: days since the start.
type curve struct {
	t, v []float64
	step bool
}

// newCurve builds a schedule's curve in days since origin. Before frozen
// (the start, after a warm-up) it holds the value it has at frozen: a
// warm-up runs under the start's parameters.
func newCurve(s *scenario.Schedule, origin time.Time, scale, frozen float64) curve {
	c := curve{step: s.Step}
	for _, p := range s.Points {
		c.t = append(c.t, days(origin, p.Date))
		c.v = append(c.v, p.Value*scale)
	}
	if frozen > 0 {
		v0 := c.at(frozen)
		f := curve{t: []float64{frozen}, v: []float64{v0}, step: c.step}
		for i := range c.t {
			if c.t[i] > frozen {
				f.t = append(f.t, c.t[i])
				f.v = append(f.v, c.v[i])
			}
		}
		c = f
	}
	return c
}

func days(start, t time.Time) float64 { return t.Sub(start).Hours() / 24 }

func (c *curve) at(t float64) float64 {
	n := len(c.t)
	if n == 1 || t <= c.t[0] {
		return c.v[0]
	}
	if t >= c.t[n-1] {
		return c.v[n-1]
	}
	i := sort.SearchFloat64s(c.t, t) // c.t[i-1] < t <= c.t[i]
	if t == c.t[i] {
		return c.v[i]
	}
	if c.step {
		return c.v[i-1]
	}
	f := (t - c.t[i-1]) / (c.t[i] - c.t[i-1])
	return c.v[i-1] + f*(c.v[i]-c.v[i-1])
}

// maxOn is the largest value on [a, b].
func (c *curve) maxOn(a, b float64) float64 {
	m := math.Max(c.at(a), c.at(b))
	for i, t := range c.t {
		if t > a && t < b {
			m = math.Max(m, c.v[i])
			if c.step && i > 0 {
				m = math.Max(m, c.v[i-1])
			}
		}
	}
	return m
}

func (c *curve) max() float64 {
	m := 0.0
	for _, v := range c.v {
		m = math.Max(m, v)
	}
	return m
}

// Shelter place kinds, as indices.
const (
	kEmergency = iota
	kLarge
	kSmall
	numKinds
)

// capChange sets one region's capacity of one kind (shelter kind, or
// numKinds+housing type for dedicated homes) from time t; or, with kind
// ruleAllocation or ruleClosure, switches to rule number value.
type capChange struct {
	t      float64
	region int
	kind   int
	value  int32
}

// Kinds of capChange that change a rule rather than a capacity.
const (
	ruleAllocation = -1
	ruleClosure    = -2
)

// allocRule is an allocation rule, compiled: which states are eligible,
// and which waiting list each is on.
type allocRule struct {
	eligible  []ethos.State
	eligIndex [ethos.NumStates]int8 // waiting list group of each state, -1 if not eligible
	groups    int                   // waiting list groups: one per eligible state if listed, else one
	listed    bool
}

// model is a scenario compiled for the engine: everything in days since
// the origin (the start, or the start of the warm-up), per region, as
// indices. It is read-only during runs.
type model struct {
	sc        *scenario.Scenario
	origin    time.Time // engine time 0: the start minus the warm-up
	startT    float64   // the start date in engine time (the warm-up's length)
	warmup    int       // months simulated before the start, not recorded
	horizon   float64
	regions   int
	profiles  int
	weights   []float64 // normalised region weights
	cumWeight []float64
	cumShare  []float64   // profiles
	regionOf  categorical // draws a region from cumWeight
	profileOf categorical // draws a profile from cumShare
	support   []bool      // per profile

	sources    []source
	entry      split
	moves      [ethos.NumStates]move
	shortStay  float64
	initial    [numKinds][]int32 // shelter places per region at start
	occupancy  float64
	changes    []capChange // sorted by time
	closures   []bool      // per closure rule: move out (else when empty)
	closure0   int         // the closure rule in force at the start
	types      []housingType
	flowUnits  []unitStream
	dedicated0 [][]int32   // [type][region] at start
	supportCap []int32     // per region; nil = unlimited
	alloc      []allocRule // dated allocation rules
	alloc0     int         // the one in force at the start (and in the warm-up)
	maxGroups  int         // most waiting list groups of any rule
	months     []time.Time // snapshot dates, from the start
	monthDays  []float64   // month boundaries from the origin: warm-up months, then the run's

	flowNames []string
	fl        flowIndex
}

type source struct {
	name      string
	into      ethos.State
	rate      curve // people per day
	prevented curve
	bound     []float64 // per month: a majorant of the rate, for thinning
}

// split is a categorical choice among destinations.
type split struct {
	dest []dest
	cum  []float64
}

type dest struct {
	kind  uint8 // one of the to* constants
	state ethos.State
}

const (
	toState uint8 = iota
	toExit
	toHomeless
	toShelter
	toWait
)

type move struct {
	stay scenarioDuration
	to   split
}

type scenarioDuration struct {
	d    *scenario.Duration
	days float64
}

type housingType struct {
	name string
	fits []bool // per profile
}

// unitStream is a Poisson stream of homes of one type offered to homeless
// people: a share of social lettings, or a programme.
type unitStream struct {
	typ   int
	rate  func(t float64) float64 // units per day
	bound []float64               // per month: a majorant of the rate
	// What rate is made of, for comparing two models (checkpoint.go):
	// relets, new build and share times mix, or one programme (mix 0).
	curves []curve
	mix    float64
}

// flowIndex holds the index of each flow kind in the flow table.
type flowIndex struct {
	inflow, prevented, becameHomeless, averted []int // per source
	relapse, admission, refused, transfer      int
	movedOut, movedOutToStreet, leftShelter    int
	housedFrom                                 [ethos.NumStates]int
	housedType, offered, unused                []int // per housing type
	supportEnded, leftHomelessness             int
	exitFrom                                   [ethos.NumStates]int
}

func compile(sc *scenario.Scenario) (*model, error) {
	m := &model{sc: sc, regions: len(sc.Regions), profiles: len(sc.Profiles.Names())}
	if sc.Start.Day() != 1 || sc.End.Day() != 1 {
		return nil, fmt.Errorf("scenario %s: start and end must be the first day of a month (snapshots are monthly), got %s and %s", sc.Name, sc.Start.Format("2006-01-02"), sc.End.Format("2006-01-02"))
	}
	if sc.Warmup != nil {
		m.warmup = int(sc.Warmup.Months())
	}
	m.origin = sc.Start.AddDate(0, -m.warmup, 0)
	m.startT = days(m.origin, sc.Start)
	m.horizon = days(m.origin, sc.End)
	for t := m.origin; !t.After(sc.End); t = t.AddDate(0, 1, 0) {
		if !t.Before(sc.Start) {
			m.months = append(m.months, t)
		}
		m.monthDays = append(m.monthDays, days(m.origin, t))
	}
	start, frozen := m.origin, m.startT
	if len(m.months) < 2 {
		return nil, fmt.Errorf("scenario %s: the run must cover at least one month", sc.Name)
	}

	var sum float64
	for _, r := range sc.Regions {
		sum += r.Weight.Value
	}
	acc := 0.0
	for _, r := range sc.Regions {
		w := r.Weight.Value / sum
		m.weights = append(m.weights, w)
		acc += w
		m.cumWeight = append(m.cumWeight, acc)
	}
	m.cumWeight[len(m.cumWeight)-1] = 1

	acc = 0
	for i, name := range sc.Profiles.Names() {
		acc += sc.Profiles.Shares.Shares[i]
		m.cumShare = append(m.cumShare, acc)
		m.support = append(m.support, contains(sc.Profiles.Support, name))
	}
	m.cumShare[len(m.cumShare)-1] = 1
	m.regionOf, m.profileOf = newCategorical(m.cumWeight), newCategorical(m.cumShare)

	for _, in := range sc.Inflow {
		s := source{name: in.Name, into: in.Into,
			rate:      newCurve(in.Rate, start, 1/scenario.DaysPerYear, frozen),
			prevented: newCurve(in.Prevented, start, 1, frozen)}
		s.bound = m.perMonth(func(a, b float64) float64 { return s.rate.maxOn(a, b) })
		m.sources = append(m.sources, s)
	}
	m.entry = newSplit(sc.Entry)
	for st, mv := range sc.Moves {
		m.moves[st] = move{stay: scenarioDuration{mv.Stay, mv.Stay.Days()}, to: newSplit(mv.To)}
	}
	m.shortStay = sc.CBS.ShortStayDays()

	// Shelter places per region at start.
	sh := sc.Shelter
	emergency := apportion(int(math.Round(sh.Emergency.Value)), m.weights)
	residential := apportion(int(math.Round(sh.Residential.Value)), m.weights)
	for r := 0; r < m.regions; r++ {
		large := int32(math.Round(float64(residential[r]) * sh.LargeShare.Value))
		m.initial[kEmergency] = append(m.initial[kEmergency], emergency[r])
		m.initial[kLarge] = append(m.initial[kLarge], large)
		m.initial[kSmall] = append(m.initial[kSmall], residential[r]-large)
	}
	m.occupancy = sc.Population.ShelterOccupancy.Value
	regionIndex := map[string]int{}
	for i, r := range sc.Regions {
		regionIndex[r.Name] = i
	}
	kindIndex := map[string]int{scenario.KindEmergency: kEmergency, scenario.KindLarge: kLarge, scenario.KindSmall: kSmall}
	for _, cs := range sh.Schedules {
		k := kindIndex[cs.Kind]
		f := newCurve(cs.Factor, start, 1, frozen)
		for _, name := range cs.Regions {
			r := regionIndex[name]
			base := float64(m.initial[k][r])
			m.initial[k][r] = int32(math.Round(base * f.at(0)))
			m.changes = capacityPath(m.changes, f, base, r, k, m.horizon)
		}
	}

	// Housing.
	h := sc.Housing
	typeIndex := map[string]int{}
	for i, t := range h.Types {
		typeIndex[t.Name] = i
		ht := housingType{name: t.Name, fits: make([]bool, m.profiles)}
		for j, p := range sc.Profiles.Names() {
			ht.fits[j] = contains(t.Fits, p)
		}
		m.types = append(m.types, ht)
	}
	relets := newCurve(h.SocialRelets, start, 1/scenario.DaysPerYear, frozen)
	build := newCurve(h.SocialNewBuild, start, 1/scenario.DaysPerYear, frozen)
	share := newCurve(h.HomelessShare, start, 1, frozen)
	for i, key := range h.Mix.Keys {
		mix := h.Mix.Shares[i]
		if mix == 0 {
			continue
		}
		m.flowUnits = append(m.flowUnits, unitStream{
			typ:  typeIndex[key],
			rate: func(t float64) float64 { return (relets.at(t) + build.at(t)) * share.at(t) * mix },
			bound: m.perMonth(func(a, b float64) float64 {
				return (relets.maxOn(a, b) + build.maxOn(a, b)) * share.maxOn(a, b) * mix
			}),
			curves: []curve{relets, build, share}, mix: mix,
		})
	}
	for _, p := range h.Programme {
		c := newCurve(p.Units, start, 1/scenario.DaysPerYear, frozen)
		m.flowUnits = append(m.flowUnits, unitStream{typ: typeIndex[p.Type], rate: c.at,
			bound:  m.perMonth(func(a, b float64) float64 { return c.maxOn(a, b) }),
			curves: []curve{c}})
	}
	m.dedicated0 = make([][]int32, len(m.types))
	for i := range m.dedicated0 {
		m.dedicated0[i] = make([]int32, m.regions)
	}
	for _, dd := range h.Dedicated {
		t := typeIndex[dd.Type]
		c := newCurve(dd.Units, start, 1, frozen)
		// Apportion the national value at every knot, so regional units add
		// up to the national number exactly there; linear in between.
		knots := make([][]int32, len(c.v))
		for j, v := range c.v {
			knots[j] = apportion(int(math.Round(v)), m.weights)
		}
		for r := 0; r < m.regions; r++ {
			unit := curve{t: c.t, v: make([]float64, len(c.v)), step: c.step}
			for j := range c.v {
				unit.v[j] = float64(knots[j][r])
			}
			m.dedicated0[t][r] = int32(math.Round(unit.at(0)))
			m.changes = capacityPath(m.changes, unit, 1, r, numKinds+t, m.horizon)
		}
	}
	if !sc.Support.Unlimited {
		m.supportCap = apportion(int(math.Round(sc.Support.Capacity.Value)), m.weights)
	}
	// Dated rules: the one in force at the start applies from the origin
	// (through the warm-up); later ones change at their date.
	for i, r := range sc.Allocation.Rules {
		m.alloc = append(m.alloc, newAllocRule(r))
		m.maxGroups = max(m.maxGroups, m.alloc[i].groups)
		if !r.From.After(sc.Start) {
			m.alloc0 = i
		} else if t := days(m.origin, r.From); t < m.horizon {
			m.changes = append(m.changes, capChange{t: t, kind: ruleAllocation, value: int32(i)})
		}
	}
	if len(m.alloc) == 0 { // a scenario built in code, without dated rules
		m.alloc = []allocRule{newAllocRule(scenario.AllocationRule{Eligible: sc.Allocation.Eligible, Order: sc.Allocation.Order})}
		m.maxGroups = m.alloc[0].groups
	}
	closures := sc.Shelter.Closures
	if len(closures) == 0 {
		closures = []scenario.ClosureRule{{Mode: sh.Closure}}
	}
	for i, c := range closures {
		m.closures = append(m.closures, c.Mode == scenario.MoveOut)
		if !c.From.After(sc.Start) {
			m.closure0 = i
		} else if t := days(m.origin, c.From); t < m.horizon {
			m.changes = append(m.changes, capChange{t: t, kind: ruleClosure, value: int32(i)})
		}
	}
	// Generic rather than sort.SliceStable, which swaps through reflection:
	// a million changes sort in a tenth of the time, in the same order.
	slices.SortStableFunc(m.changes, func(a, b capChange) int { return cmp.Compare(a.t, b.t) })
	m.buildFlows()
	return m, nil
}

func newAllocRule(r scenario.AllocationRule) allocRule {
	a := allocRule{eligible: r.Eligible, listed: r.Order == scenario.Listed}
	for i := range a.eligIndex {
		a.eligIndex[i] = -1
	}
	// Longest-waiting ranks everyone eligible by one key, whatever their
	// state: one list per region and profile. Listed order needs a list
	// per state.
	a.groups = 1
	if a.listed {
		a.groups = len(a.eligible)
	}
	for i, st := range a.eligible {
		if a.listed {
			a.eligIndex[st] = int8(i)
		} else {
			a.eligIndex[st] = 0
		}
	}
	return a
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func newSplit(s *scenario.Split) split {
	var sp split
	acc := 0.0
	for i, k := range s.Keys {
		d := dest{}
		switch k {
		case scenario.ToExit:
			d.kind = toExit
		case scenario.ToHomeless:
			d.kind = toHomeless
		case scenario.ToShelter:
			d.kind = toShelter
		case scenario.ToWait:
			d.kind = toWait
		default:
			st, _ := ethos.Parse(k)
			d = dest{kind: toState, state: st}
		}
		acc += s.Shares[i]
		sp.dest = append(sp.dest, d)
		sp.cum = append(sp.cum, acc)
	}
	sp.cum[len(sp.cum)-1] = 1
	return sp
}

// apportion divides total over weights in whole numbers that add up to
// total exactly (largest remainder; ties to the lower index).
func apportion(total int, weights []float64) []int32 {
	out := make([]int32, len(weights))
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(total) * w
		out[i] = int32(math.Floor(x))
		given += int(out[i])
		rems[i] = rem{i, x - math.Floor(x)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for j := 0; given < total; j++ {
		out[rems[j%len(rems)].i]++
		given++
	}
	return out
}

// capacityPath appends to out the times at which round(base·f(t))
// changes, with the new value, for t in (0, horizon); appending to one
// slice keeps a long path from being copied once per region. Between knots f is linear, so the
// capacity moves one place at a time, at the crossings of k+½.
func capacityPath(out []capChange, f curve, base float64, region, kind int, horizon float64) []capChange {
	cur := math.Round(base * f.at(0))
	add := func(t, v float64) {
		if t > 0 && t < horizon && v != cur {
			out = append(out, capChange{t: t, region: region, kind: kind, value: int32(v)})
			cur = v
		}
	}
	for i := 0; i < len(f.t); i++ {
		t1 := f.t[i]
		if t1 <= 0 {
			continue
		}
		if f.step || i == 0 {
			add(t1, math.Round(base*f.v[i]))
			continue
		}
		t0, v0, v1 := f.t[i-1], base*f.v[i-1], base*f.v[i]
		if t0 < 0 { // segment straddles the start
			v0 = base * f.at(0)
			t0 = 0
		}
		for cur != math.Round(v1) {
			next := cur + 1
			if v1 < v0 {
				next = cur - 1
			}
			// crossing where base·f = midpoint between cur and next
			x := (cur + next) / 2
			t := t0 + (x-v0)/(v1-v0)*(t1-t0)
			if t >= horizon {
				break
			}
			if t <= 0 { // already past at start
				cur = next
				continue
			}
			out = append(out, capChange{t: t, region: region, kind: kind, value: int32(next)})
			cur = next
		}
	}
	return out
}

func (m *model) buildFlows() {
	add := func(name string) int {
		m.flowNames = append(m.flowNames, name)
		return len(m.flowNames) - 1
	}
	fl := &m.fl
	for _, s := range m.sources {
		fl.inflow = append(fl.inflow, add("inflow."+s.name))
		fl.prevented = append(fl.prevented, add("prevented."+s.name))
		fl.becameHomeless = append(fl.becameHomeless, add("became_homeless."+s.name))
		fl.averted = append(fl.averted, add("averted."+s.name))
	}
	fl.relapse = add("relapse")
	fl.admission = add("shelter_admission")
	fl.refused = add("shelter_refused")
	fl.transfer = add("shelter_transfer") // from one shelter place to another: emergency to residential, or moved out to another kind
	fl.leftShelter = add("left_shelter")  // to anywhere but a home

	fl.movedOut = add("moved_out")
	fl.movedOutToStreet = add("moved_out_to_street")
	for i := range fl.housedFrom {
		fl.housedFrom[i] = -1
		fl.exitFrom[i] = -1
	}
	for _, st := range ethos.All {
		if st.Homeless() {
			fl.housedFrom[st] = add("housed_from." + st.String())
		}
	}
	for _, t := range m.types {
		fl.offered = append(fl.offered, add("units_offered."+t.name))
		fl.housedType = append(fl.housedType, add("housed_in."+t.name))
		fl.unused = append(fl.unused, add("units_unused."+t.name))
	}
	fl.supportEnded = add("support_ended")
	fl.leftHomelessness = add("left_homelessness")
	for _, st := range ethos.All {
		if st != ethos.Exit {
			fl.exitFrom[st] = add("exit_from." + st.String())
		}
	}
}

// expectedPeople estimates how many people a run creates, with headroom,
// to size slices up front.
func (m *model) expectedPeople() int {
	n := float64(m.initialPeople())
	for _, s := range m.sources {
		for i, b := range s.bound {
			n += b * (m.monthDays[i+1] - m.monthDays[i])
		}
	}
	return int(n*1.1) + 1024
}

// initialPeople is the number of people at the start.
func (m *model) initialPeople() int {
	n := 0.0
	for _, q := range m.sc.Population.Stock {
		n += q.Value
	}
	for k := range m.initial {
		for _, c := range m.initial[k] {
			n += float64(c)
		}
	}
	return int(n)
}

// expectedSlots sizes the person records up front: twice the people at
// the start. Slots are reused (person), so a run needs about as many as
// the most people in the model at once; append grows them if more.
func (m *model) expectedSlots() int { return 2*m.initialPeople() + 1024 }

// perMonth evaluates a majorant on every month of the run.
func (m *model) perMonth(f func(a, b float64) float64) []float64 {
	out := make([]float64, len(m.monthDays)-1)
	for i := range out {
		out[i] = f(m.monthDays[i], m.monthDays[i+1])
	}
	return out
}
