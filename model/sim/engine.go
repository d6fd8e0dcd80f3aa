// This file holds the engine: a person's record, the state of a run, the
// event loop and its scheduling (model/README.md 3.2), and the one place a
// person's state changes (setState).

package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
)

// person is one individual, in a slot of engine.people. 56 bytes. The
// slot of someone who has left (Exit) goes to the next person created,
// so the records in use stay as few as the people in the model, not all
// who ever were (issue 10: a national run creates 870k–970k people, of
// whom at most 104k are in the model at once). A person's number, not their
// slot, names them in the result and breaks ties in the queues, so the
// reuse changes no output.
type person struct {
	entered    float64 // time entered the current state
	registered float64 // waiting for housing since (homeless since)
	pos        [2]int32
	prev, next int32  // shelter occupant list
	stay       int32  // index of the open shelter stay, -1 if none
	token      uint32 // counts the slot's state changes: an event with another token is stale
	number     int32  // the order of creation: 0 for the first person of the run
	region     uint16
	state      ethos.State
	profile    uint8
	source     uint8
	place      int8 // shelter kind, or housing type (housed), -1 if none
	flags      uint8
}

const (
	fWantsShelter = 1 << iota // in the region's queue for shelter (rough sleeping for lack of shelter)
	fReady                    // in shelter: needed stay done, waiting for housing
	fRecycled                 // housed in a dedicated unit that returns to the pool
	fSupported                // holds a support slot
	fInitial                  // present at the start
	fGone                     // left during the warm-up: not part of the record
)

// heap slots in person.pos
const (
	slotHousing = 0 // housing waiting list
	slotShelter = 1 // queue for a shelter place (rough sleepers; emergency → residential)
)

// Event kinds.
const (
	evPerson uint8 = iota
	evArrival
	evUnit
)

type engine struct {
	m   *model
	now float64
	seq uint64

	arrive, route *rand.Rand // streams: arrival times and places; decisions
	stays         [ethos.NumStates]dist.Sampler
	remaining     [ethos.NumStates]dist.Sampler // of stays under way at the start
	elapsed       dist.Sampler

	events  calendar
	streams []stream // Poisson arrival streams, kept out of the heap
	month   int      // current month: the flow bucket's
	people  []person
	vacant  []int32 // slots of people who left, to reuse (last in, first out)
	created int     // people created so far, counting those who left in the warm-up
	// exitsReused counts, per cell of stock, those left (Exit) since the
	// record began whose slot was reused: Exit's stock counts them, the
	// slots no longer do (the invariants add them back).
	exitsReused []int32
	stock       []int32 // [region][state][profile]
	nStates     int

	cap, occ       [numKinds][]int32
	occupants      [numKinds][]occupants
	roughQueue     []idHeap // per region: waiting for shelter, by time they asked
	emergQueue     []idHeap // per region: in emergency shelter, by admission, for residential
	waitList       []idHeap // [region][eligible][profile]: housing, by homeless since
	dedCap         [][]int32
	dedOcc         [][]int32
	supportCap     []int32
	supportUse     []int32
	nextChange     int
	alloc          *allocRule // the allocation rule in force
	closeByMoveOut bool       // the closure mode in force: move out (else when empty)

	res    *Result
	flows  []int32 // current month [region][flow]
	nFlows int
	little [ethos.NumStates]LittleStats
	wait   WaitStats
	dwell  dwell // this month's exact time integrals (observation.go)

	warmupGone int64 // people who left during the warm-up: not in the record

	// Where the run is (checkpoint.go stops and resumes it here): the
	// months done, the model events counted so far, the warm-up's flows.
	monthsDone  int
	counted     uint64
	warmupFlows []int32

	onSnapshot func(*engine) // RunObserving's observer; tests check invariants here
	times      *shelterTimes // the times in shelter at each snapshot, while a run keeps checkpoints; nil otherwise
	buf        *buffers      // where the large slices came from, and go back to
	pcg        [3]*rand.PCG  // the generators of arrive, route and stay, for checkpoints; nil if not PCGs
}

// MaxMovesPerPersonMonth bounds the moves (a stay ending) in a month per
// person created so far. Real scenarios make less than one; a cycle of
// stays of a minute (which the loader allows, to keep its limits simple)
// makes tens of thousands, and a run that would take days. Such a run ends
// with an error within seconds; a month is checked every 65,536 events,
// with the cancel.
const MaxMovesPerPersonMonth = 1000

// Run simulates the scenario once with the given seed. The result holds
// every snapshot, flow and shelter stay; it is the same for the same
// scenario and seed.
func Run(ctx context.Context, sc *scenario.Scenario, seed uint64) (*Result, error) {
	return RunObserving(ctx, sc, seed, nil)
}

// stream constants keep the random streams of a run apart.
const (
	streamArrive = 0x61727269 // "arri"
	streamRoute  = 0x726f7574 // "rout"
	streamStay   = 0x73746179 // "stay"
)

func newEngine(m *model, seed uint64) *engine {
	return newEngineWith(m, seed, func(stream uint64) rand.Source { return rand.NewPCG(seed, stream) })
}

// newEngineWith makes an engine whose random streams come from source
// (the floor benchmark counts the draws of a run this way).
func newEngineWith(m *model, seed uint64, source func(stream uint64) rand.Source) *engine {
	e := &engine{m: m, nStates: int(ethos.NumStates), alloc: &m.alloc[m.alloc0], closeByMoveOut: m.closures[m.closure0]}
	e.buf = getBuffers()
	arrive, route, stay := source(streamArrive), source(streamRoute), source(streamStay)
	e.arrive, e.route = rand.New(arrive), rand.New(route)
	e.samplers(stay)
	for i, src := range []rand.Source{arrive, route, stay} {
		e.pcg[i], _ = src.(*rand.PCG)
	}

	R, P := m.regions, m.profiles
	e.stock = make([]int32, R*e.nStates*P)
	e.exitsReused = make([]int32, len(e.stock))
	for k := 0; k < numKinds; k++ {
		e.cap[k] = append([]int32{}, m.initial[k]...)
		e.occ[k] = make([]int32, R)
		e.occupants[k] = make([]occupants, R)
		for r := range e.occupants[k] {
			e.occupants[k][r] = newOccupants()
		}
	}
	e.roughQueue = make([]idHeap, R)
	e.emergQueue = make([]idHeap, R)
	for r := 0; r < R; r++ {
		e.roughQueue[r] = idHeap{e: e.buf.queue(), slot: slotShelter}
		e.emergQueue[r] = idHeap{e: e.buf.queue(), slot: slotShelter}
	}
	e.waitList = make([]idHeap, R*m.maxGroups*P)
	for i := range e.waitList {
		e.waitList[i].e = e.buf.queue()
	}
	e.dedCap = make([][]int32, len(m.types))
	e.dedOcc = make([][]int32, len(m.types))
	for t := range m.types {
		e.dedCap[t] = append([]int32{}, m.dedicated0[t]...)
		e.dedOcc[t] = make([]int32, R)
	}
	if m.supportCap != nil {
		e.supportCap = append([]int32{}, m.supportCap...)
	}
	e.supportUse = make([]int32, R)
	e.nFlows = len(m.flowNames)
	e.res = newResult(m, seed)
	// Size the big slices up front, so appends in the event loop rarely
	// copy (the people's slots may grow once or twice as the model fills).
	expected := m.expectedPeople()
	e.people = e.buf.peopleBuffer(m.expectedSlots())
	e.events = e.buf.calendar(m.horizon)
	e.res.Stays = make([]Stay, 0, expected/2)
	e.flows = e.res.Flows[:R*e.nFlows]
	return e
}

// samplers binds the stay distributions to the stay stream's source.
func (e *engine) samplers(staySrc rand.Source) {
	m := e.m
	for st := range m.moves {
		if mv := m.moves[st]; mv.stay.d != nil {
			e.stays[st] = mv.stay.d.Dist.Sampler(staySrc, mv.stay.days)
			e.remaining[st] = mv.stay.d.Dist.EquilibriumSampler(staySrc, mv.stay.days)
		}
	}
	el := m.sc.Population.Elapsed
	e.elapsed = el.Dist.Sampler(staySrc, el.Days())
}

func (e *engine) run(ctx context.Context) error {
	e.begin()
	if err := e.runMonths(ctx, len(e.m.monthDays)-1); err != nil {
		return err
	}
	e.end()
	return nil
}

// begin creates the people present at the start and draws the first
// candidates of the streams whose majorant is positive from the first
// month: the state at the origin, before month 0.
func (e *engine) begin() {
	m := e.m
	// Flows at the origin (a refill of shelter from the queue, say)
	// belong to the warm-up when there is one, not to the first month
	// recorded.
	e.warmupFlows = make([]int32, m.regions*e.nFlows) // counted during the warm-up, not kept
	if m.warmup > 0 {
		e.flows = e.warmupFlows
	}
	e.initialise()
	for i, s := range m.sources {
		e.streams = append(e.streams, stream{kind: evArrival, index: i, bound: s.bound})
	}
	for i, u := range m.flowUnits {
		e.streams = append(e.streams, stream{kind: evUnit, index: i, bound: u.bound})
	}
	for i := range e.streams {
		e.streams[i].next = e.nextCandidate(&e.streams[i], 0)
	}
	if m.warmup == 0 {
		e.snapshot() // the start
	}
}

// runMonths runs the months from the first not yet done up to (not
// including) month stop, and stops on its first day, before any event of
// it: the state a checkpoint keeps.
func (e *engine) runMonths(ctx context.Context, stop int) error {
	m := e.m
	n := e.counted
	var moves, monthMoves uint64 // person events: all, and at the month's start
	R, F := m.regions, e.nFlows
	warmupFlows := e.warmupFlows
	for month := e.monthsDone; month < stop; month++ {
		// Every month as well as every 65,536 events: a month with few
		// events (a long, quiet horizon) must not delay a cancel.
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec := month - m.warmup; rec >= 0 {
			e.flows = e.res.Flows[rec*R*F : (rec+1)*R*F]
		} else {
			e.flows = warmupFlows
		}
		e.month = month
		e.wake(month)
		monthMoves = moves
		end := m.monthDays[month+1] // a whole day: months start at midnight
		for {
			// The next event: the heap's first, a stream, or a capacity
			// change; ties go in that order, so runs are reproducible.
			t, src := math.Inf(1), -1
			if !e.events.empty() {
				t = e.events.first().t
			}
			for i := range e.streams {
				if e.streams[i].next < t {
					t, src = e.streams[i].next, i
				}
			}
			capChange := e.nextChange < len(m.changes) && m.changes[e.nextChange].t < t
			if capChange {
				t = m.changes[e.nextChange].t
			}
			if dayEnd := float64(e.events.day + 1); t >= dayEnd {
				if dayEnd >= end {
					break // the month is over
				}
				e.nextDay()
				continue
			}
			e.advance(t)
			n++
			if n&0xffff == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if moves-monthMoves > MaxMovesPerPersonMonth*uint64(e.created) {
					return fmt.Errorf("sim: more than %d moves per person in the month from %s (%d moves, %d people): stays so short that they lead back to each other would keep the run going for days; give longer mean stays",
						MaxMovesPerPersonMonth, m.origin.AddDate(0, month, 0).Format("2006-01-02"), moves-monthMoves, e.created)
				}
			}
			switch {
			case capChange:
				e.capacityChange()
			case src >= 0:
				s := &e.streams[src]
				s.next = e.nextCandidate(s, t)
				if s.kind == evArrival {
					e.arrival(s.index, t)
				} else {
					e.unitArrival(s.index, t)
				}
			default:
				ev := e.events.pop()
				if e.people[ev.id].token == ev.token {
					e.personEvent(ev.id)
					moves++
				} else {
					n-- // a stale event is bookkeeping, not a model event
				}
			}
		}
		e.advance(end)
		if month+1 == m.warmup {
			e.res.warmupEvents, n = n, 0
			e.beginRecording()
		}
		if month+1 >= m.warmup {
			e.snapshot()
		}
		e.nextDay()
		e.monthsDone, e.counted = month+1, n
	}
	return nil
}

// end closes the run after its last month.
func (e *engine) end() {
	e.advance(e.m.horizon)
	e.finish(e.counted)
}

// nextDay begins the next day of the calendar. Events made stale since
// they were scheduled (the person has moved on) are dropped now, in one
// pass over the day, rather than one at a time as they come up.
func (e *engine) nextDay() {
	e.events.nextDay(func(ev *event) bool { return e.people[ev.id].token != ev.token })
}

func (e *engine) push(t float64, kind uint8, id int32, token uint32) {
	e.seq++
	e.events.push(event{t: t, order: e.seq<<8 | uint64(kind), id: id, token: token})
}

// advance moves the clock.
func (e *engine) advance(t float64) { e.now = t }

// integrate brings state st's time integral (for Little's law) up to now;
// called just before its count changes, and at the end.
func (e *engine) integrate(st ethos.State) {
	l := &e.little[st]
	l.Area += float64(l.current) * (e.now - l.last)
	l.last = e.now
}

func (e *engine) region() int { return e.m.regionOf.index(e.arrive.Float64()) }

func (e *engine) profile() int { return e.m.profileOf.index(e.arrive.Float64()) }

// categorical draws an index from cumulative probabilities: for a uniform
// u in [0, 1), the least i with cum[i] >= u, which sort.SearchFloat64s
// finds by bisection. A table gives, for each of tableSize equal parts of
// [0, 1), where the search may start, so a draw is a lookup and a step or
// two: the same index, so the same run, at less cost (the region's
// bisection was about 5% of a national run; issue 10).
type categorical struct {
	cum   []float64
	start []int32 // start[b]: the least i with cum[i] >= b/len(start)
}

const tableSize = 1024

func newCategorical(cum []float64) categorical {
	c := categorical{cum: cum, start: make([]int32, tableSize)}
	for b := range c.start {
		// b/tableSize is exact, and u·tableSize (a power of two) is exact
		// too, so int(u·tableSize) = b means u >= b/tableSize: the least
		// i for u is at or after start[b].
		c.start[b] = int32(sort.SearchFloat64s(cum, float64(b)/tableSize))
	}
	return c
}

// index returns the least i with cum[i] >= u (len(cum) if none), for u
// in [0, 1).
func (c *categorical) index(u float64) int {
	i := int(c.start[int(u*tableSize)])
	for i < len(c.cum) && c.cum[i] < u {
		i++
	}
	return i
}

func (e *engine) choose(s *split) dest {
	u := e.route.Float64()
	for i, c := range s.cum {
		if u < c {
			return s.dest[i]
		}
	}
	return s.dest[len(s.dest)-1]
}

func (e *engine) flow(region, f int) { e.flows[region*e.nFlows+f]++ }

// newPerson adds a person outside any state, in the slot of someone who
// left if there is one.
func (e *engine) newPerson(region, profile, src int) int32 {
	p := person{region: uint16(region), profile: uint8(profile), source: uint8(src), number: int32(e.created),
		pos: [2]int32{-1, -1}, prev: -1, next: -1, stay: -1, place: -1}
	e.created++
	e.res.People++
	if n := len(e.vacant); n > 0 {
		id := e.vacant[n-1]
		e.vacant = e.vacant[:n-1]
		old := &e.people[id]
		if old.flags&fGone == 0 {
			e.exitsReused[e.stockIndex(old, ethos.Exit)]++
		}
		// The token goes on from the last occupant's, so their events
		// still pending stay stale.
		p.token = old.token
		*old = p
		return id
	}
	e.people = append(e.people, p)
	return int32(len(e.people) - 1)
}

func (e *engine) stockIndex(p *person, st ethos.State) int {
	return (int(p.region)*e.nStates+int(st))*e.m.profiles + int(p.profile)
}

// setState moves p to st: the only place a person's state changes, so
// stocks, Little's-law counters and the waiting list stay consistent.
func (e *engine) setState(id int32, st ethos.State) {
	p := &e.people[id]
	old := p.state
	if p.pos[slotHousing] >= 0 {
		e.unregister(id)
	}
	if old != 0 {
		e.dwell.stock(e.stockIndex(p, old), -1, e.now)
		e.stock[e.stockIndex(p, old)]--
		e.integrate(old)
		l := &e.little[old]
		l.current--
		l.Left++
		l.Sojourn += e.now - max(p.entered, e.m.startT) // time in the state within the run
		if old.Homeless() && !st.Homeless() {
			e.flow(int(p.region), e.m.fl.leftHomelessness)
		}
	}
	p.state = st
	p.entered = e.now
	p.token++
	e.dwell.stock(e.stockIndex(p, st), +1, e.now)
	e.stock[e.stockIndex(p, st)]++
	e.integrate(st)
	e.little[st].current++
	e.little[st].Entered++
	if st == ethos.Exit {
		e.res.Exited++
		e.vacant = append(e.vacant, id) // reused by the next person created
	}
}
