package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
)

// person is one individual. 64 bytes; people are never freed during a run.
type person struct {
	entered    float64 // time entered the current state
	registered float64 // waiting for housing since (homeless since)
	pos        [2]int32
	prev, next int32 // shelter occupant list
	stay       int32 // index of the open shelter stay, -1 if none
	token      uint32
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

// stream is a Poisson arrival stream (people from a source, or homes). Its
// next candidate time is kept here rather than in the heap: there are only
// a few streams and one of them fires at most events.
type stream struct {
	next  float64 // next candidate time; +Inf when exhausted
	kind  uint8
	index int
	bound []float64 // per-month majorant of the rate
}

type engine struct {
	m   *model
	now float64
	seq uint64

	arrive, route *rand.Rand // streams: arrival times and places; decisions
	stays         [ethos.NumStates]dist.Sampler
	elapsed       dist.Sampler

	events  calendar
	streams []stream // Poisson arrival streams, kept out of the heap
	month   int      // current month: the flow bucket's
	people  []person
	stock   []int32 // [region][state][profile]
	nStates int

	cap, occ   [numKinds][]int32
	occupants  [numKinds][]occupants
	roughQueue []idHeap // per region: waiting for shelter, by time they asked
	emergQueue []idHeap // per region: in emergency shelter, by admission, for residential
	waitList   []idHeap // [region][eligible][profile]: housing, by homeless since
	dedCap     [][]int32
	dedOcc     [][]int32
	supportCap []int32
	supportUse []int32
	nextChange int

	res    *Result
	flows  []int32 // current month [region][flow]
	nFlows int
	little [ethos.NumStates]LittleStats
	wait   WaitStats

	onSnapshot func(*engine) // tests check invariants here
}

// Run simulates the scenario once with the given seed. The result holds
// every snapshot, flow and shelter stay; it is the same for the same
// scenario and seed.
func Run(ctx context.Context, sc *scenario.Scenario, seed uint64) (*Result, error) {
	m, err := compile(sc)
	if err != nil {
		return nil, err
	}
	e := newEngine(m, seed)
	start := time.Now()
	if err := e.run(ctx); err != nil {
		return nil, err
	}
	e.res.WallSeconds = time.Since(start).Seconds()
	return e.res, nil
}

// stream constants keep the random streams of a run apart.
const (
	streamArrive = 0x61727269 // "arri"
	streamRoute  = 0x726f7574 // "rout"
	streamStay   = 0x73746179 // "stay"
)

func newEngine(m *model, seed uint64) *engine {
	e := &engine{m: m, nStates: int(ethos.NumStates)}
	e.arrive = rand.New(rand.NewPCG(seed, streamArrive))
	e.route = rand.New(rand.NewPCG(seed, streamRoute))
	staySrc := rand.NewPCG(seed, streamStay)
	for st := range m.moves {
		if mv := m.moves[st]; mv.stay.d != nil {
			e.stays[st] = mv.stay.d.Dist.Sampler(staySrc, mv.stay.days)
		}
	}
	el := m.sc.Population.Elapsed
	e.elapsed = el.Dist.Sampler(staySrc, el.Days())

	R, P := m.regions, m.profiles
	e.stock = make([]int32, R*e.nStates*P)
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
		e.roughQueue[r].slot = slotShelter
		e.emergQueue[r].slot = slotShelter
	}
	e.waitList = make([]idHeap, R*m.groups*P)
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
	// Size the big slices once: appends in the event loop then never copy.
	expected := m.expectedPeople()
	e.people = make([]person, 0, expected)
	e.events = newCalendar(m.horizon)
	e.res.Stays = make([]Stay, 0, expected/2)
	e.flows = e.res.Flows[:R*e.nFlows]
	return e
}

func (e *engine) run(ctx context.Context) error {
	e.initialise()
	m := e.m
	for i, s := range m.sources {
		e.streams = append(e.streams, stream{kind: evArrival, index: i, bound: s.bound})
	}
	for i, u := range m.flowUnits {
		e.streams = append(e.streams, stream{kind: evUnit, index: i, bound: u.bound})
	}
	for i := range e.streams {
		e.streams[i].next = e.nextCandidate(&e.streams[i], 0)
	}
	e.snapshot() // the start
	var n uint64
	R, F := m.regions, e.nFlows
	for month := 0; month+1 < len(m.monthDays); month++ {
		e.flows = e.res.Flows[month*R*F : (month+1)*R*F]
		e.month = month
		end := m.monthDays[month+1] // a whole day: months start at midnight
		for {
			// The next event: the heap's first, a stream, or a capacity
			// change; ties go in that order, so runs are reproducible.
			t, src := math.Inf(1), -1
			if len(e.events.heap) > 0 {
				t = e.events.heap[0].t
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
				e.events.nextDay()
				continue
			}
			e.advance(t)
			n++
			if n&0xffff == 0 && ctx.Err() != nil {
				return ctx.Err()
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
				ev := e.events.heap.pop()
				if e.people[ev.id].token == ev.token {
					e.personEvent(ev.id)
				} else {
					n-- // a stale event is bookkeeping, not a model event
				}
			}
		}
		e.advance(end)
		e.snapshot()
		e.events.nextDay()
	}
	e.advance(m.horizon)
	e.finish(n)
	return nil
}

// nextCandidate draws the next candidate time of a stream after t, by
// thinning against the month's majorant; at a month's end the draw starts
// afresh with the next month's (exact: the exponential is memoryless).
func (e *engine) nextCandidate(s *stream, t float64) float64 {
	days := e.m.monthDays
	month := sort.SearchFloat64s(days, t)
	if month >= len(days) || days[month] > t {
		month--
	}
	for ; month < len(s.bound); month++ {
		end := days[month+1]
		if b := s.bound[month]; b > 0 {
			if next := t + e.arrive.ExpFloat64()/b; next < end {
				return next
			}
		}
		t = end
	}
	return math.Inf(1)
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

func (e *engine) region() int {
	u := e.arrive.Float64()
	return sort.SearchFloat64s(e.m.cumWeight, u)
}

func (e *engine) profile() int {
	u := e.arrive.Float64()
	return sort.SearchFloat64s(e.m.cumShare, u)
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

// newPerson adds a person outside any state.
func (e *engine) newPerson(region, profile, src int) int32 {
	e.people = append(e.people, person{region: uint16(region), profile: uint8(profile), source: uint8(src),
		pos: [2]int32{-1, -1}, prev: -1, next: -1, stay: -1, place: -1})
	e.res.People++
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
		e.stock[e.stockIndex(p, old)]--
		e.integrate(old)
		l := &e.little[old]
		l.current--
		l.Left++
		l.Sojourn += e.now - max(p.entered, 0) // time in the state within the run
		if old.Homeless() && !st.Homeless() {
			e.flow(int(p.region), e.m.fl.leftHomelessness)
		}
	}
	p.state = st
	p.entered = e.now
	p.token++
	e.stock[e.stockIndex(p, st)]++
	e.integrate(st)
	e.little[st].current++
	e.little[st].Entered++
	if st == ethos.Exit {
		e.res.Exited++
	}
}

// scheduleMove draws how long p stays in their state and schedules the move.
func (e *engine) scheduleMove(id int32) { e.scheduleMoveFrom(id, e.people[id].entered) }

// scheduleMoveFrom schedules p's next move a fresh stay after from.
func (e *engine) scheduleMoveFrom(id int32, from float64) {
	p := &e.people[id]
	t := from + e.stays[p.state].Rand()
	if t < e.now {
		t = e.now // an initial person whose stay had already run out
	}
	if t < e.m.horizon {
		e.push(t, evPerson, id, p.token)
	}
}

// enter puts p in a non-shelter state and schedules their next move.
func (e *engine) enter(id int32, st ethos.State) {
	e.setState(id, st)
	if st == ethos.Exit {
		return
	}
	e.scheduleMove(id)
	e.register(id)
}

// register puts p on the housing waiting list if their state is eligible
// (in shelter: only once ready), and houses them at once if a dedicated
// home is vacant.
func (e *engine) register(id int32) {
	p := &e.people[id]
	ei := e.m.eligIndex[p.state]
	if ei < 0 || (p.state.Shelter() && p.flags&fReady == 0) {
		return
	}
	e.waitList[e.listIndex(int(p.region), int(ei), int(p.profile))].push(e.people, id, p.registered)
	e.tryDedicatedFor(id)
}

func (e *engine) unregister(id int32) {
	p := &e.people[id]
	ei := e.m.eligIndex[p.state]
	e.waitList[e.listIndex(int(p.region), int(ei), int(p.profile))].remove(e.people, id)
}

func (e *engine) listIndex(region, elig, profile int) int {
	return (region*e.m.groups+elig)*e.m.profiles + profile
}

// --- arrivals and becoming homeless ---

// arrival: a candidate of source i's stream at time t; accepted with
// probability rate(t)/majorant (thinning).
func (e *engine) arrival(i int, t float64) {
	s := &e.m.sources[i]
	if e.arrive.Float64()*s.bound[e.month] >= s.rate.at(t) {
		return
	}
	r, pr := e.region(), e.profile()
	if s.into != 0 {
		e.flow(r, e.m.fl.inflow[i])
		id := e.newPerson(r, pr, i)
		e.people[id].registered = e.now
		e.enter(id, s.into)
		return
	}
	if e.route.Float64() < s.prevented.at(e.now) {
		e.flow(r, e.m.fl.prevented[i])
		return
	}
	e.flow(r, e.m.fl.inflow[i])
	id := e.newPerson(r, pr, i)
	e.flow(r, e.m.fl.becameHomeless[i])
	e.people[id].registered = e.now
	e.becomeHomeless(id)
}

// becomeHomeless routes a person who has just lost their home.
func (e *engine) becomeHomeless(id int32) {
	d := e.choose(&e.m.entry)
	switch d.kind {
	case toShelter:
		e.seekShelter(id)
	default:
		e.enter(id, d.state)
	}
}

// --- shelter ---

func (e *engine) free(k, r int) bool { return e.occ[k][r] < e.cap[k][r] }

// seekShelter gives p a place if one is free in their region; otherwise p
// sleeps rough and queues: "rough sleeping for lack of shelter".
func (e *engine) seekShelter(id int32) {
	p := &e.people[id]
	r := int(p.region)
	switch {
	case e.free(kEmergency, r):
		e.admit(id, kEmergency)
	case e.free(kSmall, r):
		e.admit(id, kSmall)
	case e.free(kLarge, r):
		e.admit(id, kLarge)
	default:
		e.flow(r, e.m.fl.refused)
		if p.flags&fWantsShelter == 0 {
			p.flags |= fWantsShelter
			e.roughQueue[r].push(e.people, id, e.now)
		}
		if p.state != ethos.PublicSpace {
			e.enter(id, ethos.PublicSpace)
		}
	}
}

// admit gives p a place of kind k (which must be free). A person already in
// shelter is transferred; their stay goes on.
func (e *engine) admit(id int32, k int) {
	p := &e.people[id]
	r := int(p.region)
	if p.flags&fWantsShelter != 0 {
		q := &e.roughQueue[r]
		e.wait.add(e.now - q.e[p.pos[slotShelter]].key)
		q.remove(e.people, id)
		p.flags &^= fWantsShelter
	} else if !p.state.Shelter() {
		e.wait.add(0)
	}
	from, fromKind := p.state, -1
	if from.Shelter() {
		fromKind = int(p.place)
		e.vacate(id)
	}
	e.occupy(id, k)
	p = &e.people[id]
	if fromKind >= 0 {
		e.flow(r, e.m.fl.transfer)
		e.res.Stays[p.stay].LastKind = uint8(k)
		e.res.Stays[p.stay].Moves++
	} else {
		e.flow(r, e.m.fl.admission)
		e.openStay(id, k, e.now)
	}
	e.scheduleMove(id)
	if fromKind >= 0 {
		e.refill(r, fromKind)
	}
}

// occupy puts p in a place of kind k.
func (e *engine) occupy(id int32, k int) {
	st := ethos.ResidentialShelter
	if k == kEmergency {
		st = ethos.EmergencyShelter
	}
	e.people[id].flags &^= fReady
	e.setState(id, st)
	p := &e.people[id]
	r := int(p.region)
	p.place = int8(k)
	e.occ[k][r]++
	e.occupants[k][r].add(e.people, id)
	if k == kEmergency {
		e.emergQueue[r].push(e.people, id, p.entered)
	}
}

func (e *engine) openStay(id int32, k int, start float64) {
	p := &e.people[id]
	p.stay = int32(len(e.res.Stays))
	e.res.Stays = append(e.res.Stays, Stay{Person: id, Region: p.region, Profile: p.profile,
		FirstKind: uint8(k), LastKind: uint8(k), Start: start, End: math.NaN()})
}

// vacate takes p out of their shelter place (not refilled here).
func (e *engine) vacate(id int32) {
	p := &e.people[id]
	r, k := int(p.region), int(p.place)
	e.occ[k][r]--
	e.occupants[k][r].remove(e.people, id)
	if k == kEmergency {
		e.emergQueue[r].remove(e.people, id)
	}
	p.place = -1
}

// leaveShelter ends p's shelter stay as they go to next (not shelter).
func (e *engine) leaveShelter(id int32, next ethos.State) int {
	p := &e.people[id]
	k := int(p.place)
	e.vacate(id)
	s := &e.res.Stays[p.stay]
	s.End = e.now
	s.Next = next
	p.stay = -1
	p.flags &^= fReady
	return k
}

// refill fills free places of kind k in region r: emergency places from
// the rough sleepers' queue, residential places from emergency shelter
// first, then from the street.
func (e *engine) refill(r, k int) {
	for e.free(k, r) {
		if k != kEmergency {
			if id, _ := e.emergQueue[r].peek(); id >= 0 {
				e.admit(id, k)
				continue
			}
		}
		id, _ := e.roughQueue[r].peek()
		if id < 0 {
			return
		}
		e.admit(id, k)
	}
}

// --- moves ---

// personEvent: p's stay in their state has run out.
func (e *engine) personEvent(id int32) {
	p := &e.people[id]
	st := p.state
	d := e.choose(&e.m.moves[st].to)
	r := int(p.region)
	switch d.kind {
	case toWait:
		if st.Shelter() {
			p.flags |= fReady
			e.register(id) // blocking: keeps the place until housed
		}
		// elsewhere: stays, already on the list if eligible
	case toShelter:
		if p.flags&fWantsShelter != 0 {
			e.scheduleMoveAgain(id)
			return
		}
		e.seekShelter(id)
		if e.people[id].state == st && !st.Shelter() {
			e.scheduleMoveAgain(id) // still here, now queueing
		}
	case toExit:
		if src := int(p.source); st == ethos.Institution || st == ethos.FacingEviction {
			e.flow(r, e.m.fl.averted[src])
		}
		e.exit(id)
	case toHomeless:
		e.toHomeless(id)
	case toState:
		if d.state == ethos.HousedUnsupported {
			e.releaseSupport(id)
			e.flow(r, e.m.fl.supportEnded)
			e.enter(id, d.state)
			return
		}
		e.leaveFor(id, d.state)
		e.enter(id, d.state)
	}
}

// scheduleMoveAgain redraws the stay of someone who stays in their state.
func (e *engine) scheduleMoveAgain(id int32) { e.scheduleMoveFrom(id, e.now) }

// leaveFor does what leaving the current state entails before p moves to
// next: a shelter place is vacated and refilled, a queue left.
func (e *engine) leaveFor(id int32, next ethos.State) {
	p := &e.people[id]
	r := int(p.region)
	if p.flags&fWantsShelter != 0 && next != ethos.PublicSpace {
		e.roughQueue[r].remove(e.people, id)
		p.flags &^= fWantsShelter
	}
	if p.state.Shelter() && !next.Shelter() {
		k := e.leaveShelter(id, next)
		if !next.Housed() {
			e.flow(r, e.m.fl.leftShelter)
		}
		defer e.refill(r, k)
	}
	if p.state.Housed() && !next.Housed() {
		e.releaseHome(id)
	}
}

func (e *engine) exit(id int32) {
	p := &e.people[id]
	e.flow(int(p.region), e.m.fl.exitFrom[p.state])
	e.leaveFor(id, ethos.Exit)
	e.setState(id, ethos.Exit)
}

// toHomeless: an institution stay or eviction procedure ends, or a housed
// person loses their home (relapse).
func (e *engine) toHomeless(id int32) {
	p := &e.people[id]
	r, src, st := int(p.region), int(p.source), p.state
	if st == ethos.Institution || st == ethos.FacingEviction {
		if e.route.Float64() < e.m.sources[src].prevented.at(e.now) {
			e.flow(r, e.m.fl.prevented[src])
			e.exit(id)
			return
		}
		e.flow(r, e.m.fl.becameHomeless[src])
		if st == ethos.FacingEviction {
			p.registered = e.now
		}
	} else {
		e.flow(r, e.m.fl.relapse)
		p.registered = e.now
	}
	e.leaveFor(id, ethos.PublicSpace) // not shelter, not housed: releases a home
	e.becomeHomeless(id)
}

// --- housing ---

func (e *engine) unitArrival(i int, t float64) {
	u := &e.m.flowUnits[i]
	if e.arrive.Float64()*u.bound[e.month] >= u.rate(t) {
		return
	}
	r := e.region()
	e.flow(r, e.m.fl.offered[u.typ])
	if id := e.candidate(r, u.typ); id >= 0 {
		e.house(id, u.typ, false)
		return
	}
	e.flow(r, e.m.fl.unused[u.typ]) // goes to another home seeker
}

// candidate returns who is offered a home of type t in region r, or -1.
func (e *engine) candidate(r, t int) int32 {
	m := e.m
	fits := m.types[t].fits
	supportFull := e.supportCap != nil && e.supportUse[r] >= e.supportCap[r]
	best, bestKey := int32(-1), math.Inf(1)
	for ei := 0; ei < m.groups; ei++ {
		for pr := 0; pr < m.profiles; pr++ {
			if !fits[pr] || (supportFull && m.support[pr]) {
				continue
			}
			id, key := e.waitList[e.listIndex(r, ei, pr)].peek()
			if id >= 0 && (key < bestKey || key == bestKey && id < best) {
				best, bestKey = id, key
			}
		}
		if m.listed && best >= 0 {
			return best
		}
	}
	return best
}

// house moves p into a home of type t.
func (e *engine) house(id int32, t int, recycled bool) {
	p := &e.people[id]
	r := int(p.region)
	e.flow(r, e.m.fl.housedFrom[p.state])
	e.flow(r, e.m.fl.housedType[t])
	if p.state == ethos.Institution || p.state == ethos.FacingEviction {
		e.flow(r, e.m.fl.averted[p.source]) // housed before they became homeless
	}
	next := ethos.HousedUnsupported
	if e.m.support[p.profile] {
		next = ethos.HousedSupported
	}
	e.leaveFor(id, next)
	e.setState(id, next)
	p = &e.people[id]
	p.place = int8(t)
	if recycled {
		p.flags |= fRecycled
		e.dedOcc[t][r]++
	}
	if next == ethos.HousedSupported {
		p.flags |= fSupported
		e.supportUse[r]++
	}
	e.scheduleMove(id)
}

// releaseHome: p leaves their home; a dedicated unit goes back to the pool.
func (e *engine) releaseHome(id int32) {
	p := &e.people[id]
	r, t := int(p.region), int(p.place)
	e.releaseSupport(id)
	p.place = -1
	if p.flags&fRecycled != 0 {
		p.flags &^= fRecycled
		e.dedOcc[t][r]--
		defer e.fillDedicated(r)
	}
}

func (e *engine) releaseSupport(id int32) {
	p := &e.people[id]
	if p.flags&fSupported == 0 {
		return
	}
	p.flags &^= fSupported
	r := int(p.region)
	e.supportUse[r]--
	if e.supportCap != nil {
		defer e.fillDedicated(r)
	}
}

// fillDedicated offers vacant dedicated homes in r to whoever fits.
func (e *engine) fillDedicated(r int) {
	for t := range e.m.types {
		for e.dedOcc[t][r] < e.dedCap[t][r] {
			id := e.candidate(r, t)
			if id < 0 {
				break
			}
			e.house(id, t, true)
		}
	}
}

// tryDedicatedFor houses a newly registered p at once if a fitting
// dedicated home is vacant in their region.
func (e *engine) tryDedicatedFor(id int32) {
	p := &e.people[id]
	r := int(p.region)
	if e.m.support[p.profile] && e.supportCap != nil && e.supportUse[r] >= e.supportCap[r] {
		return
	}
	for t := range e.m.types {
		if e.m.types[t].fits[p.profile] && e.dedOcc[t][r] < e.dedCap[t][r] {
			e.house(id, t, true)
			return
		}
	}
}

// --- afbouw and capacity ---

func (e *engine) capacityChange() {
	c := e.m.changes[e.nextChange]
	e.nextChange++
	r := c.region
	if c.kind >= numKinds {
		t := c.kind - numKinds
		e.dedCap[t][r] = c.value
		e.fillDedicated(r)
		return
	}
	k := c.kind
	e.cap[k][r] = c.value
	if e.m.moveOut {
		for e.occ[k][r] > e.cap[k][r] {
			e.moveOut(e.occupants[k][r].head, k)
		}
	}
	e.refill(r, k)
}

// moveOut relocates the longest-staying occupant of a closing place: to
// another shelter place in the region if one is free, else to the street.
func (e *engine) moveOut(id int32, k int) {
	p := &e.people[id]
	r := int(p.region)
	e.flow(r, e.m.fl.movedOut)
	for _, alt := range []int{kSmall, kLarge, kEmergency} {
		if alt != k && e.free(alt, r) {
			e.admit(id, alt)
			return
		}
	}
	e.leaveShelter(id, ethos.PublicSpace)
	e.flow(r, e.m.fl.movedOutToStreet)
	e.flow(r, e.m.fl.leftShelter)
	p.flags |= fWantsShelter
	e.roughQueue[r].push(e.people, id, e.now)
	e.enter(id, ethos.PublicSpace)
}

// --- start ---

// initialise creates the people present on the start date.
func (e *engine) initialise() {
	m := e.m
	pop := m.sc.Population
	for _, st := range ethos.All {
		q, ok := pop.Stock[st]
		if !ok {
			continue
		}
		for r, n := range apportion(int(q.Value), m.weights) {
			for j := int32(0); j < n; j++ {
				id := e.newPerson(r, e.profile(), e.initialSource(st))
				e.place(id, st)
			}
		}
	}
	for k := 0; k < numKinds; k++ {
		for r := 0; r < m.regions; r++ {
			// Occupants enter in order of their stay's start, longest first,
			// as occupant lists are kept in order of entering.
			backs := make([]float64, int(math.Round(float64(e.cap[k][r])*m.occupancy)))
			for j := range backs {
				backs[j] = -e.elapsed.Rand()
			}
			sort.Float64s(backs)
			for _, back := range backs {
				id := e.newPerson(r, e.profile(), e.initialSource(ethos.EmergencyShelter))
				e.people[id].registered = back
				e.people[id].flags |= fInitial
				e.occupy(id, k)
				e.people[id].entered = back
				if k == kEmergency { // keyed by admission
					q := &e.emergQueue[r]
					q.remove(e.people, id)
					q.push(e.people, id, back)
				}
				e.openStay(id, k, back)
				e.res.Stays[e.people[id].stay].Initial = true
				e.scheduleMoveFrom(id, 0) // a fresh remaining stay, as in place
			}
		}
	}
	e.res.Initial = e.res.People
}

// initialSource attributes initial people in at-risk states to their source.
func (e *engine) initialSource(st ethos.State) int {
	for i, s := range e.m.sources {
		if s.into == st {
			return i
		}
	}
	return 0
}

func (e *engine) place(id int32, st ethos.State) {
	back := e.elapsed.Rand()
	p := &e.people[id]
	p.registered = -back
	p.flags |= fInitial
	e.setState(id, st)
	p = &e.people[id]
	p.entered = -back
	if st == ethos.HousedSupported {
		p.flags |= fSupported
		e.supportUse[p.region]++
	}
	if st != ethos.Exit {
		// The remaining stay is a fresh draw: exact for exponential stays
		// (memoryless), an approximation for others. Cutting a full draw
		// at the time already spent would move a third of the start
		// population on day one.
		e.scheduleMoveFrom(id, 0)
		e.register(id)
	}
}

func (e *engine) finish(events uint64) {
	r := e.res
	r.Events = events
	for st := range e.little {
		e.integrate(ethos.State(st))
	}
	r.Little = e.little
	r.ShelterWait = e.wait
	for st := range r.Little {
		r.Little[st].Horizon = e.m.horizon
		r.Little[st].Final = r.Little[st].current
	}
	// Ongoing stays end "now" for statistics; Ongoing marks them.
	for i := range r.Stays {
		if math.IsNaN(r.Stays[i].End) {
			r.Stays[i].End = e.m.horizon
			r.Stays[i].Ongoing = true
		}
	}
	if e.res.People != int64(len(e.people)) {
		panic(fmt.Sprintf("sim: %d people counted, %d created", e.res.People, len(e.people)))
	}
}
