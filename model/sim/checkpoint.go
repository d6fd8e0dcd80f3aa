// This file implements checkpoints (model/README.md 3.3): a run's whole
// state at the start of a month, kept, and continued, possibly many
// times, under a variant of the scenario that is the same before it.

package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
)

// Checkpoint is the whole state of a run at 00:00 on the first day of a
// month, before any event of that month: the people, the calendar, the
// queues and waiting lists, the capacities, the streams' next candidates,
// the state of the three random generators and the result so far. It is
// read-only: [Checkpoint.Continue] works on a copy, so one checkpoint can
// be continued any number of times, concurrently too.
type Checkpoint struct {
	e     *engine       // never run again; cloned by Continue
	times *shelterTimes // of the run's snapshots up to its last checkpoint, shared by its checkpoints: read-only
}

// Date is the checkpoint's date: the first day of a month.
func (c *Checkpoint) Date() time.Time { return c.e.m.origin.AddDate(0, c.e.monthsDone, 0) }

// Seed is the seed of the run the checkpoint was taken from.
func (c *Checkpoint) Seed() uint64 { return c.e.res.Seed }

// Scenario is the scenario of the run the checkpoint was taken from.
func (c *Checkpoint) Scenario() *scenario.Scenario { return c.e.m.sc }

// InexactError says why a checkpoint cannot continue a variant: the run
// of the variant from the start with the checkpoint's seed might differ
// from the continuation. The caller runs the variant from the start.
type InexactError struct {
	Checkpoint time.Time // the checkpoint's date
	Variant    string    // the variant's name
	Reason     string    // what differs, and from when
}

func (e *InexactError) Error() string {
	return fmt.Sprintf("sim: cannot continue %s from the checkpoint of %s: %s", e.Variant, e.Checkpoint.Format(time.DateOnly), e.Reason)
}

// RunKeeping runs sc once with seed, as [Run] does, and keeps a
// [Checkpoint] at each date in at: the first day of a month after the
// origin (the start, or the start of the warm-up) and before the end.
// The checkpoints are in the order of their dates. The Result is the same
// as Run's. When the run fails (is canceled) after a checkpoint, the
// checkpoints taken are returned with the error: they are sound.
//
// Up to the last checkpoint the run also keeps, at each snapshot, the
// times in residential shelter so far of the occupants, up to the upper
// end of the CBS short stay's range, so that a continuation under another
// short stay can recount the snapshots before its checkpoint.
func RunKeeping(ctx context.Context, sc *scenario.Scenario, seed uint64, at ...time.Time) (*Result, []*Checkpoint, error) {
	m, err := compile(sc)
	if err != nil {
		return nil, nil, err
	}
	var months []int
	for _, d := range at {
		k := 1
		for k < len(m.monthDays) && !m.origin.AddDate(0, k, 0).Equal(d) {
			k++
		}
		if k >= len(m.monthDays)-1 {
			return nil, nil, fmt.Errorf("sim: a checkpoint of %s must be on the first day of a month after %s and before %s, not on %s",
				sc.Name, m.origin.Format(time.DateOnly), sc.End.Format(time.DateOnly), d.Format(time.DateOnly))
		}
		months = append(months, k)
	}
	slices.Sort(months)
	months = slices.Compact(months)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	e := newEngine(m, seed)
	defer e.release()
	if len(months) > 0 {
		e.times = newShelterTimes(m)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, cpu := time.Now(), cpuSeconds()
	e.begin()
	var cps []*Checkpoint
	for _, k := range months {
		if err := e.runMonths(ctx, k); err != nil {
			return nil, cps, err
		}
		cps = append(cps, &Checkpoint{e: e.clone(m, nil), times: e.times})
	}
	e.times = nil // no snapshot after the last checkpoint is recounted
	if err := e.runMonths(ctx, len(m.monthDays)-1); err != nil {
		return nil, cps, err
	}
	e.end()
	e.res.WallSeconds = time.Since(start).Seconds()
	e.res.CPUSeconds, e.res.CPUClock = cpuSeconds()-cpu, cpuClock
	return e.res, cps, nil
}

// Continue runs variant from the checkpoint to its end, with the
// checkpoint's seed. The Result is byte for byte the one [Run] gives for
// variant and that seed, or Continue fails with an [InexactError] and
// runs nothing.
//
// A continuation is exact when everything the engine consulted before
// the checkpoint is the same in the variant (see [Divergence]), and no
// stream's next candidate, drawn before the checkpoint, was drawn with a
// rate bound of a later month that the variant changes: a stream looks
// ahead to the month its candidate falls in (model/README.md 6.2). The
// variant may also have another CBS short stay, up to the upper end of
// the range the checkpoint's scenario gives it: only the snapshots' CBS
// count consults it, and the counts before the checkpoint are made again
// from the times in shelter the run kept. The Result's WallSeconds and
// CPUSeconds are those of the continuation.
func (c *Checkpoint) Continue(ctx context.Context, variant *scenario.Scenario) (*Result, error) {
	m, err := compile(variant)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := c.exact(m); err != nil {
		return nil, err
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, cpu := time.Now(), cpuSeconds()
	e := c.resume(m)
	defer e.release()
	if err := e.runMonths(ctx, len(m.monthDays)-1); err != nil {
		return nil, err
	}
	e.end()
	e.res.WallSeconds = time.Since(start).Seconds()
	e.res.CPUSeconds, e.res.CPUClock = cpuSeconds()-cpu, cpuClock
	return e.res, nil
}

// resume copies the checkpoint's engine for m, which exact allows, and
// recounts the CBS count of the snapshots so far if m's short stay
// differs: the state to run m on from.
func (c *Checkpoint) resume(m *model) *engine {
	e := c.e.clone(m, getBuffers())
	if m.shortStay != c.e.m.shortStay {
		c.times.recount(e.res.Snapshots, m.regions, c.e.m.shortStay, m.shortStay)
	}
	return e
}

// exact reports, as an InexactError, why continuing under m could differ
// from running m from the start.
func (c *Checkpoint) exact(m *model) error {
	e := c.e
	fail := func(format string, args ...any) error {
		return &InexactError{Checkpoint: c.Date(), Variant: m.sc.Name, Reason: fmt.Sprintf(format, args...)}
	}
	if e.pcg[0] == nil || e.pcg[1] == nil || e.pcg[2] == nil {
		return fail("the run's random sources are not PCGs, which a checkpoint copies")
	}
	if m.shortStay != e.m.shortStay {
		// Only the snapshots' CBS count consults the short stay: resume
		// recounts those before the checkpoint, if the run kept the times
		// to, and for the rest the variant agrees as with the base's.
		switch t := c.times; {
		case t == nil:
			return fail("the CBS short stay differs (%g days, the checkpoint's run %g) and the run kept no times in shelter to recount the snapshots before the checkpoint",
				m.shortStay, e.m.shortStay)
		case m.shortStay > t.horizon:
			return fail("the CBS short stay of %g days (the checkpoint's run: %g) is beyond the %g days up to which the run kept the times in shelter, to recount the snapshots before the checkpoint (the upper end of the range of its short stay)",
				m.shortStay, e.m.shortStay, t.horizon)
		}
		same := *m
		same.shortStay = e.m.shortStay
		m = &same
	}
	g := agree(e.m, m)
	if k := e.monthsDone; e.m.monthDays[k] > g.until {
		return fail("%s", g.why)
	}
	// Look-ahead: a candidate drawn before the checkpoint used the rate
	// bounds of the months up to the one it falls in; an idle stream's
	// walk, those up to the month it went idle in (it wakes by the
	// variant's bounds, which Continue gives it).
	for i := range e.streams {
		s := &e.streams[i]
		last := s.idle
		if s.idle < 0 {
			last = monthOf(e.m, s.next)
		}
		b := streamBound(m, s)
		for j := e.monthsDone; j <= last && j < len(b); j++ {
			if !sameFloat(s.bound[j], b[j]) {
				if s.idle >= 0 {
					return fail("the %s went idle before the checkpoint after consulting its rate bound for the month from %s, which the variant changes; an earlier checkpoint may do",
						streamName(e.m, s), e.m.origin.AddDate(0, j, 0).Format(time.DateOnly))
				}
				return fail("the next candidate of the %s, drawn before the checkpoint, used its rate bound for the month from %s, which the variant changes; an earlier checkpoint may do",
					streamName(e.m, s), e.m.origin.AddDate(0, j, 0).Format(time.DateOnly))
			}
		}
	}
	return nil
}

// monthOf is the month engine time t falls in.
func monthOf(m *model, t float64) int {
	k := sort.SearchFloat64s(m.monthDays, t)
	if k >= len(m.monthDays) || m.monthDays[k] > t {
		k--
	}
	return k
}

func streamBound(m *model, s *stream) []float64 {
	if s.kind == evArrival {
		return m.sources[s.index].bound
	}
	return m.flowUnits[s.index].bound
}

func streamName(m *model, s *stream) string {
	if s.kind == evArrival {
		return "inflow " + m.sources[s.index].name
	}
	return "stream of " + m.types[m.flowUnits[s.index].typ].name + " homes"
}

// Divergence is the first day of the first month in which a run of b
// could consult anything that a run of a does not: a parameter, a rate, a
// capacity change, a rule; with why. It is the start when the two differ
// in structure (regions, profiles, sources, housing streams, the
// population at the start, stays, splits, dates) or from the first month.
// A checkpoint of a run of a at that date or before can continue b
// exactly, unless a stream looked ahead past it ([Checkpoint.Continue]).
// A different CBS short stay is a difference from the start, in the CBS
// count of every snapshot, but one that a checkpoint can recount.
func Divergence(a, b *scenario.Scenario) (time.Time, string, error) {
	ma, err := compile(a)
	if err != nil {
		return time.Time{}, "", err
	}
	mb, err := compile(b)
	if err != nil {
		return time.Time{}, "", err
	}
	g := agree(ma, mb)
	if math.IsInf(g.until, 1) {
		return ma.origin.AddDate(0, len(ma.monthDays)-1, 0), "the same", nil
	}
	k := max(0, monthOf(ma, g.until)) // the month under way at until
	return ma.origin.AddDate(0, k, 0), g.why, nil
}

// agreement is how long two models make the engine do the same: until
// engine time until (exclusive), after which it may differ, for why.
type agreement struct {
	a     *model
	until float64
	why   string
}

// limit records that the models may differ from time t on.
func (g *agreement) limit(t float64, format string, args ...any) {
	if t < g.until {
		g.until = t
		when := "from the start"
		if t > 0 {
			when = "from " + g.a.origin.Add(time.Duration(t*24*float64(time.Hour))).Format(time.DateOnly)
		}
		g.why = fmt.Sprintf(format, args...) + " " + when
	}
}

// structure records a difference that holds from the start.
func (g *agreement) structure(format string, args ...any) {
	g.limit(math.Inf(-1), format, args...)
}

// agree compares what the engine consults of a and of b, over time.
func agree(a, b *model) agreement {
	g := agreement{a: a, until: math.Inf(1)}
	// Dates, and so the calendar, the snapshots and the result's layout.
	if !a.origin.Equal(b.origin) || a.warmup != b.warmup || !slices.Equal(a.monthDays, b.monthDays) || a.horizon != b.horizon || a.startT != b.startT {
		g.structure("the dates (start, end, warm-up) differ")
	}
	// Structure: what the people and the result are made of.
	if a.regions != b.regions || !slices.Equal(a.cumWeight, b.cumWeight) || !slices.EqualFunc(a.sc.Regions, b.sc.Regions, func(x, y scenario.Region) bool { return x.Name == y.Name }) {
		g.structure("the regions differ")
	}
	if a.profiles != b.profiles || !slices.Equal(a.cumShare, b.cumShare) || !slices.Equal(a.support, b.support) || !slices.Equal(a.sc.Profiles.Names(), b.sc.Profiles.Names()) {
		g.structure("the profiles differ")
	}
	if !slices.Equal(a.flowNames, b.flowNames) {
		g.structure("the flows counted differ (inflow sources or housing types)")
	}
	if len(a.sources) != len(b.sources) || len(a.flowUnits) != len(b.flowUnits) {
		g.structure("the number of inflow sources or housing streams differs")
	}
	if !sameSplit(&a.entry, &b.entry) {
		g.structure("the entry split differs")
	}
	for st := range a.moves {
		ma, mb := &a.moves[st], &b.moves[st]
		if !sameDuration(ma.stay, mb.stay) || !sameSplit(&ma.to, &mb.to) {
			g.structure("the stay or the destinations of %s differ", ethos.State(st))
		}
	}
	if a.shortStay != b.shortStay {
		g.structure("the CBS short stay differs")
	}
	for k := range a.initial {
		if !slices.Equal(a.initial[k], b.initial[k]) {
			g.structure("the shelter places at the start differ")
		}
	}
	if !slices.EqualFunc(a.types, b.types, func(x, y housingType) bool { return x.name == y.name && slices.Equal(x.fits, y.fits) }) {
		g.structure("the housing types differ")
	}
	if !slices.EqualFunc(a.dedicated0, b.dedicated0, slices.Equal) {
		g.structure("the dedicated homes at the start differ")
	}
	if (a.supportCap == nil) != (b.supportCap == nil) || !slices.Equal(a.supportCap, b.supportCap) {
		g.structure("the support capacity differs")
	}
	if a.maxGroups != b.maxGroups {
		g.structure("the waiting lists are laid out differently (the most groups of any allocation rule)")
	}
	if !sameRule(&a.alloc[a.alloc0], &b.alloc[b.alloc0]) {
		g.structure("the allocation rule at the start differs")
	}
	if a.closures[a.closure0] != b.closures[b.closure0] {
		g.structure("the closure mode at the start differs")
	}
	if !samePopulation(a.sc.Population, b.sc.Population) {
		g.structure("the population at the start differs")
	}
	if g.until == math.Inf(-1) {
		return g
	}

	// What varies in time: rates, prevention, bounds, changes.
	for i := range a.sources {
		sa, sb := &a.sources[i], &b.sources[i]
		if sa.name != sb.name || sa.into != sb.into {
			g.structure("inflow source %d differs (%s, %s)", i, sa.name, sb.name)
			continue
		}
		g.limit(agreeUntil(&sa.rate, &sb.rate), "inflow %s's rate differs", sa.name)
		g.limit(agreeUntil(&sa.prevented, &sb.prevented), "inflow %s's prevented share differs", sa.name)
		g.bounds(sa.bound, sb.bound, "inflow "+sa.name)
	}
	for i := range a.flowUnits {
		ua, ub := &a.flowUnits[i], &b.flowUnits[i]
		name := a.types[ua.typ].name
		if ua.typ != ub.typ || len(ua.curves) != len(ub.curves) || !sameFloat(ua.mix, ub.mix) {
			g.structure("housing stream %d differs", i)
			continue
		}
		for j := range ua.curves {
			g.limit(agreeUntil(&ua.curves[j], &ub.curves[j]), "the rate of %s homes differs", name)
		}
		g.bounds(ua.bound, ub.bound, "the stream of "+name+" homes")
	}
	n := min(len(a.changes), len(b.changes))
	for i := 0; i < n; i++ {
		ca, cb := &a.changes[i], &b.changes[i]
		if !sameChange(a, b, ca, cb) {
			g.limit(min(ca.t, cb.t), "a capacity or rule change differs")
			break
		}
	}
	if len(a.changes) > n {
		g.limit(a.changes[n].t, "a capacity or rule change differs")
	}
	if len(b.changes) > n {
		g.limit(b.changes[n].t, "a capacity or rule change differs")
	}
	return g
}

// bounds records the first month whose rate bound differs.
func (g *agreement) bounds(a, b []float64, what string) {
	for j := range a {
		if !sameFloat(a[j], b[j]) {
			g.limit(g.a.monthDays[j], "the rate bound of %s differs", what)
			return
		}
	}
}

// agreeUntil returns a time T such that a.at(t) and b.at(t) are the same
// float64 for every t < T. The n knots both share, from the first, decide
// the values up to the last of them, t[n-1]; after it a curve keeps the
// value v[n-1] up to its next knot if it steps, for good if it has no
// more knots, and changes at once if it interpolates towards another.
// Before its first knot a curve is constant, and a curve of one knot is a
// constant, step or not.
func agreeUntil(a, b *curve) float64 {
	n := 0
	for n < len(a.t) && n < len(b.t) && sameFloat(a.t[n], b.t[n]) && sameFloat(a.v[n], b.v[n]) {
		n++
	}
	switch {
	case n == 0:
		return math.Inf(-1)
	case n >= 2 && a.step != b.step:
		return a.t[0]
	case n == len(a.t) && n == len(b.t):
		return math.Inf(1)
	}
	holds := func(c *curve) float64 { // how long c keeps v[n-1] after t[n-1]
		switch {
		case n == len(c.t):
			return math.Inf(1)
		case c.step:
			return c.t[n]
		}
		return c.t[n-1]
	}
	return max(a.t[n-1], min(holds(a), holds(b)))
}

// sameFloat is equality of bits: the engine must compute the same.
func sameFloat(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }

func sameSplit(a, b *split) bool {
	return slices.Equal(a.dest, b.dest) && slices.EqualFunc(a.cum, b.cum, sameFloat)
}

func sameDuration(a, b scenarioDuration) bool {
	if (a.d == nil) != (b.d == nil) {
		return false
	}
	return a.d == nil || sameSpec(a.d.Dist, b.d.Dist) && sameFloat(a.days, b.days)
}

func sameSpec(a, b dist.Spec) bool {
	if a.Kind != b.Kind || len(a.P) != len(b.P) {
		return false
	}
	for k, v := range a.P {
		if w, ok := b.P[k]; !ok || !sameFloat(v, w) {
			return false
		}
	}
	return true
}

func sameRule(a, b *allocRule) bool {
	return slices.Equal(a.eligible, b.eligible) && a.eligIndex == b.eligIndex && a.groups == b.groups && a.listed == b.listed
}

// sameChange compares two capacity or rule changes, and for a rule the
// rule it switches to.
func sameChange(a, b *model, ca, cb *capChange) bool {
	if !sameFloat(ca.t, cb.t) || ca.region != cb.region || ca.kind != cb.kind || ca.value != cb.value {
		return false
	}
	switch ca.kind {
	case ruleAllocation:
		return sameRule(&a.alloc[ca.value], &b.alloc[cb.value])
	case ruleClosure:
		return a.closures[ca.value] == b.closures[cb.value]
	}
	return true
}

// samePopulation compares what initialise reads.
func samePopulation(a, b scenario.Population) bool {
	q := func(x, y *scenario.Quantity) bool {
		return (x == nil) == (y == nil) && (x == nil || sameFloat(x.Value, y.Value))
	}
	for _, st := range ethos.All {
		if !q(a.Stock[st], b.Stock[st]) {
			return false
		}
	}
	return q(a.ShelterOccupancy, b.ShelterOccupancy) && q(a.LackOfShelter, b.LackOfShelter) &&
		sameDuration(scenarioDuration{a.Elapsed, a.Elapsed.Days()}, scenarioDuration{b.Elapsed, b.Elapsed.Days()})
}

// clone copies the engine for model m, which must agree with e's up to
// e's month (Checkpoint.exact). With b the large slices come from the
// buffers, with room to grow, and go back to them on release; without,
// they are made to measure, for a checkpoint that only keeps them. The
// copy shares no mutable memory with e.
func (e *engine) clone(m *model, b *buffers) *engine {
	c := &engine{m: m, now: e.now, seq: e.seq, month: e.month, nStates: e.nStates, nFlows: e.nFlows,
		nextChange: e.nextChange, closeByMoveOut: e.closeByMoveOut, little: e.little, wait: e.wait,
		warmupGone: e.warmupGone, monthsDone: e.monthsDone, counted: e.counted, buf: b, created: e.created}
	var pcg [3]rand.PCG
	for i := range pcg {
		pcg[i] = *e.pcg[i] // math/rand/v2's PCG is its state: a copy is an independent generator
		c.pcg[i] = &pcg[i]
	}
	c.arrive, c.route = rand.New(c.pcg[0]), rand.New(c.pcg[1])
	c.samplers(c.pcg[2]) // m's samplers: the same distributions (agree), over the copied source

	for i := range e.m.alloc {
		if e.alloc == &e.m.alloc[i] {
			c.alloc = &m.alloc[i] // the same rule (agree)
		}
	}
	c.streams = slices.Clone(e.streams)
	for i := range c.streams {
		c.streams[i].bound = streamBound(m, &c.streams[i])
	}
	c.stock = slices.Clone(e.stock)
	c.exitsReused = slices.Clone(e.exitsReused)
	c.vacant = slices.Clone(e.vacant)
	for k := range e.cap {
		c.cap[k] = slices.Clone(e.cap[k])
		c.occ[k] = slices.Clone(e.occ[k])
		c.occupants[k] = slices.Clone(e.occupants[k])
	}
	c.dedCap = cloneAll(e.dedCap)
	c.dedOcc = cloneAll(e.dedOcc)
	c.supportCap = slices.Clone(e.supportCap)
	c.supportUse = slices.Clone(e.supportUse)
	c.warmupFlows = slices.Clone(e.warmupFlows)

	heaps := func(hs []idHeap) []idHeap {
		out := make([]idHeap, len(hs))
		for i, h := range hs {
			var q []entry
			if b != nil {
				q = b.queue()
			}
			out[i] = idHeap{e: append(q[:0:cap(q)], h.e...), slot: h.slot}
		}
		return out
	}
	c.roughQueue, c.emergQueue, c.waitList = heaps(e.roughQueue), heaps(e.emergQueue), heaps(e.waitList)

	if b != nil {
		c.people = append(b.peopleBuffer(max(len(e.people), m.expectedSlots())), e.people...)
		c.events = e.events.cloneInto(b.calendar(m.horizon))
		// Room for the stays to come: half again as many as so far, from
		// the month of most runs' branching; append grows it if not.
		c.res = e.res.clone(m, len(e.res.Stays)*3/2)
	} else {
		c.people = slices.Clone(e.people)
		c.events = e.events.cloneInto(calendar{})
		c.res = e.res.clone(m, len(e.res.Stays))
	}
	// The month's flows and integrals point into the result.
	R, F := m.regions, c.nFlows
	if rec := c.month - m.warmup; rec >= 0 {
		c.flows = c.res.Flows[rec*R*F : (rec+1)*R*F]
	} else {
		c.flows = c.warmupFlows
	}
	if e.dwell.stocks != nil {
		i := len(c.res.Snapshots) - 1
		cells := len(c.stock)
		c.dwell = dwell{end: e.dwell.end,
			stocks: c.res.stockDays[i*cells : (i+1)*cells],
			places: c.res.occupiedDays[i*R*numKinds : (i+1)*R*numKinds]}
	}
	return c
}

// shelterTimes is what a run that keeps checkpoints records, at each of
// its snapshots up to the last checkpoint, of the occupants of large- and
// small-scale shelter places: their times in shelter so far, as the
// snapshot walks them for the CBS count (from the newest, per region and
// kind), up to the first longer than horizon. With it the CBS count of
// those snapshots can be made again under any short stay up to horizon.
type shelterTimes struct {
	horizon float64
	elapsed []float64 // the times of every snapshot, region and kind, in turn
	start   []int     // list i, of snapshot i/(2R), is elapsed[start[i]:start[i+1]]
}

// newShelterTimes keeps times up to the upper end of the range of the
// short stay of m's scenario, or to the short stay if it has none.
func newShelterTimes(m *model) *shelterTimes {
	h := m.shortStay
	if _, hi, ok := m.sc.CBS.ShortStayRangeDays(); ok {
		h = max(h, hi)
	}
	return &shelterTimes{horizon: h, start: []int{0}}
}

// record keeps the times of the snapshot just taken, walked and computed
// as snapshot does.
func (s *shelterTimes) record(e *engine) {
	for r := 0; r < e.m.regions; r++ {
		for _, k := range []int{kLarge, kSmall} {
			for id := e.occupants[k][r].tail; id >= 0; id = e.people[id].prev {
				t := e.now - e.people[id].entered
				if t > s.horizon {
					break
				}
				s.elapsed = append(s.elapsed, t)
			}
			s.start = append(s.start, len(s.elapsed))
		}
	}
}

// recount makes the CBS count of snaps, the first snapshots of the run,
// that of short stay to instead of from (both up to the horizon). A
// snapshot counted the occupants of each list from the newest up to the
// first stay longer than the short stay; the times kept go on to the
// first longer than the horizon, so they hold that list's prefix under
// either. The CBS slices are new: the base's result keeps its own.
func (s *shelterTimes) recount(snaps []Snapshot, regions int, from, to float64) {
	if len(s.start)-1 < len(snaps)*regions*2 {
		panic(fmt.Sprintf("sim: the times in shelter of %d snapshots kept, %d to recount", (len(s.start)-1)/(regions*2), len(snaps)))
	}
	i := 0
	for j := range snaps {
		cbs := slices.Clone(snaps[j].CBS)
		for r := range cbs {
			for range 2 { // large, small
				t := s.elapsed[s.start[i]:s.start[i+1]]
				cbs[r] += within(t, to) - within(t, from)
				i++
			}
		}
		snaps[j].CBS = cbs
	}
}

// within is how many of times, from the first, are at most limit: what
// snapshot counts of a list.
func within(times []float64, limit float64) int32 {
	var n int32
	for _, t := range times {
		if t > limit {
			break
		}
		n++
	}
	return n
}

func cloneAll(xs [][]int32) [][]int32 {
	out := make([][]int32, len(xs))
	for i, x := range xs {
		out[i] = slices.Clone(x)
	}
	return out
}

// cloneInto copies the calendar into dst, an empty calendar (whose
// memory is reused).
func (c *calendar) cloneInto(dst calendar) calendar {
	dst.last = append(dst.last[:0], c.last...)
	dst.chunks = append(dst.chunks[:0], c.chunks...)
	dst.vacant = append(dst.vacant[:0], c.vacant...)
	dst.today = append(dst.today[:0], c.today...)
	dst.next, dst.day = c.next, c.day
	return dst
}

// clone copies the result so far for model m (which has the same layout),
// with room for stays stays. Of the monthly tables only the months begun
// are copied: the rest are zero, and copying them cost most of the time
// of a continuation's copy.
func (r *Result) clone(m *model, stays int) *Result {
	c := newResult(m, r.Seed)
	begun := len(r.Snapshots) // months whose flows or integrals may be written
	prefix := func(dst, src []float64, per int) { copy(dst, src[:min(len(src), begun*per)]) }
	copy(c.Flows, r.Flows[:min(len(r.Flows), begun*m.regions*len(m.flowNames))])
	for _, s := range r.Snapshots {
		c.Snapshots = append(c.Snapshots, Snapshot{Date: s.Date,
			Stock: slices.Clone(s.Stock), Capacity: slices.Clone(s.Capacity), Occupied: slices.Clone(s.Occupied),
			Waiting: slices.Clone(s.Waiting), LackOfShelter: slices.Clone(s.LackOfShelter), CBS: slices.Clone(s.CBS),
			DedicatedVacant: slices.Clone(s.DedicatedVacant), Supported: slices.Clone(s.Supported)})
	}
	c.Stays = append(make([]Stay, 0, stays), r.Stays...)
	c.People, c.Initial, c.Exited = r.People, r.Initial, r.Exited
	c.warmupEvents = r.warmupEvents
	prefix(c.stockDays, r.stockDays, m.regions*int(ethos.NumStates)*m.profiles)
	prefix(c.occupiedDays, r.occupiedDays, m.regions*numKinds)
	return c
}
