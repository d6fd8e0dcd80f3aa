// This file implements observation (model/README.md 7): the monthly
// snapshot, the exact time integrals per month, and what a run records at
// its end.

package sim

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
)

// RunObserving runs sc once with seed, as [Run] does, and calls observe
// each time the run takes a snapshot, so that a caller can write out the
// months recorded while the run goes on (thuis run writes timeseries.csv
// and flows.csv so). The Result is Run's; Run is RunObserving without an
// observer (nil).
//
// observe is called on the simulation's goroutine, between two events:
// the run waits for it, and its time is the run's (WallSeconds counts
// it). It must hand its argument to another goroutine and return, not
// work. That argument is a Result of its own, none of which changes
// after the call, so another goroutine may read it without a lock:
//
//   - Scenario, Seed, Regions, Profiles, Kinds, Types and FlowNames are
//     the run's;
//   - Snapshots are the n taken so far, the last one just now: the first
//     on the start date (after the warm-up, if there is one), the last
//     on the end date;
//   - Flows holds the n−1 months between them (month i runs from
//     snapshot i to snapshot i+1), as the finished Result has them;
//   - everything else is zero: the stays, the counts and the integrals
//     are final only at the end.
//
// So the last call has every snapshot and every month of the finished
// Result's flows. Nothing is observed during a warm-up, and a run that
// fails or is cancelled stops calling observe.
func RunObserving(ctx context.Context, sc *scenario.Scenario, seed uint64, observe func(*Result)) (*Result, error) {
	m, err := compile(sc)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e := newEngine(m, seed)
	defer e.release()
	if observe != nil {
		e.onSnapshot = func(e *engine) { observe(e.res.recorded()) }
	}
	// The run stays on one thread, so that thread's CPU time is the run's.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, cpu := time.Now(), cpuSeconds()
	if err := e.run(ctx); err != nil {
		return nil, err
	}
	e.res.WallSeconds = time.Since(start).Seconds()
	e.res.CPUSeconds, e.res.CPUClock = cpuSeconds()-cpu, cpuClock
	return e.res, nil
}

// recorded is what RunObserving hands its observer of r, a run under way
// that has just taken a snapshot. Each snapshot has slices of its own
// (snapshot makes them), and a month's flows are counted only until the
// snapshot that ends it (runMonths moves the engine's flows to the next
// month's), so none of it changes afterwards. The slices are capped, so
// an append to them cannot write into the run's.
func (r *Result) recorded() *Result {
	n := len(r.Snapshots)
	flows := (n - 1) * len(r.Regions) * len(r.FlowNames)
	return &Result{Scenario: r.Scenario, Seed: r.Seed, Regions: r.Regions, Profiles: r.Profiles, Kinds: r.Kinds, Types: r.Types,
		Snapshots: r.Snapshots[:n:n], Flows: r.Flows[:flows:flows], FlowNames: r.FlowNames}
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
		r.Little[st].Horizon = e.m.horizon - e.m.startT
		r.Little[st].Final = r.Little[st].current
	}
	// Ongoing stays end "now" for statistics; Ongoing marks them. Times
	// become days since the start, as Result promises.
	for i := range r.Stays {
		s := &r.Stays[i]
		if math.IsNaN(s.End) {
			s.End = e.m.horizon
			s.Ongoing = true
		}
		s.Start -= e.m.startT
		s.End -= e.m.startT
	}
	if created := int64(e.created) - e.warmupGone; e.res.People != created {
		panic(fmt.Sprintf("sim: %d people counted, %d created", e.res.People, created))
	}
}

// beginRecording starts the record on the start date, after a warm-up:
// the people present become the initial population, their shelter stays
// under way become initial stays, and every counter starts from zero.
// Nothing that happened in the warm-up is kept.
func (e *engine) beginRecording() {
	r := e.res
	index := make([]int32, len(r.Stays))
	kept := 0
	for i := range r.Stays {
		index[i] = -1
		if math.IsNaN(r.Stays[i].End) {
			index[i] = int32(kept)
			r.Stays[kept] = r.Stays[i]
			r.Stays[kept].Initial = true
			kept++
		}
	}
	r.Stays = r.Stays[:kept]
	var alive int64
	for id := range e.people {
		p := &e.people[id]
		if p.stay >= 0 {
			p.stay = index[p.stay]
		}
		if p.state != ethos.Exit {
			p.flags |= fInitial
			alive++
			continue
		}
		// Left during the warm-up: out of the record, and out of the
		// exit stock, which counts those who leave from the start on.
		p.flags |= fGone
		e.stock[e.stockIndex(p, ethos.Exit)]--
	}
	// So are those who left in the warm-up and whose slot was reused.
	for i, n := range e.exitsReused {
		e.stock[i] -= n
		e.exitsReused[i] = 0
	}
	e.warmupGone = int64(e.created) - alive
	e.integrate(ethos.Exit)
	e.little[ethos.Exit].current -= e.warmupGone
	r.People, r.Initial, r.Exited = alive, alive, 0
	for st := range e.little {
		e.integrate(ethos.State(st))
		l := &e.little[st]
		l.Area, l.Entered, l.Left, l.Sojourn = 0, 0, 0, 0
	}
	e.wait = WaitStats{}
}

func (e *engine) snapshot() {
	m := e.m
	R := m.regions
	s := Snapshot{
		Date:            m.months[len(e.res.Snapshots)],
		Stock:           append([]int32(nil), e.stock...),
		Capacity:        make([]int32, R*numKinds),
		Occupied:        make([]int32, R*numKinds),
		Waiting:         make([]int32, R),
		LackOfShelter:   make([]int32, R),
		CBS:             make([]int32, R),
		DedicatedVacant: make([]int32, R),
		Supported:       append([]int32(nil), e.supportUse...),
	}
	P := m.profiles
	for r := 0; r < R; r++ {
		for k := 0; k < numKinds; k++ {
			s.Capacity[r*numKinds+k] = e.cap[k][r]
			s.Occupied[r*numKinds+k] = e.occ[k][r]
		}
		for ei := 0; ei < e.alloc.groups; ei++ {
			for p := 0; p < P; p++ {
				s.Waiting[r] += int32(e.waitList[e.listIndex(r, ei, p)].len())
			}
		}
		s.LackOfShelter[r] = int32(e.roughQueue[r].len())
		var cbs int32
		for _, st := range ethos.All {
			if st.CBSCounted() {
				for p := 0; p < P; p++ {
					cbs += e.stock[(r*e.nStates+int(st))*P+p]
				}
			}
		}
		// ETHOS 3 counts only for short stays (time in 24-hour shelter so
		// far). Occupants are listed in order of entering their place, so
		// walk back from the newest and stop at the first long stay.
		for _, k := range []int{kLarge, kSmall} {
			for id := e.occupants[k][r].tail; id >= 0; id = e.people[id].prev {
				if e.now-e.people[id].entered > m.shortStay {
					break
				}
				cbs++
			}
		}
		s.CBS[r] = cbs
		for t := range m.types {
			if v := e.dedCap[t][r] - e.dedOcc[t][r]; v > 0 {
				s.DedicatedVacant[r] += v
			}
		}
	}
	e.res.Snapshots = append(e.res.Snapshots, s)
	if e.times != nil {
		e.times.record(e)
	}
	e.beginMonth()
	if e.onSnapshot != nil {
		e.onSnapshot(e)
	}
}

// dwell integrates, exactly, the stocks (per region, state and profile)
// and the occupied shelter places (per region and kind) over the month
// under way, for costs per person-night (model/costs). Over a month
// [a, b) a count N(t) that starts at N(a) and changes by δᵢ at times tᵢ
// has
//
//	∫ₐᵇ N(t) dt = N(a)·(b − a) + Σᵢ δᵢ·(b − tᵢ),
//
// so each change adds one product to its cell and nothing is kept per
// cell but the sum. Nothing is integrated in the warm-up (the slices are
// nil then) or after the last snapshot.
type dwell struct {
	stocks, places []float64 // this month's cells of Result.stockDays, occupiedDays
	end            float64   // the month's end
}

// stock records that stock cell changed by delta at time now.
func (d *dwell) stock(cell int, delta, now float64) {
	if d.stocks != nil {
		d.stocks[cell] += delta * (d.end - now)
	}
}

// place records that the occupied places of cell (region*numKinds + kind)
// changed by delta at time now.
func (d *dwell) place(cell int, delta, now float64) {
	if d.places != nil {
		d.places[cell] += delta * (d.end - now)
	}
}

// beginMonth starts the integrals of the month that begins at the
// snapshot just taken, from the counts at its start.
func (e *engine) beginMonth() {
	i := len(e.res.Snapshots) - 1
	if i+1 >= len(e.m.months) { // the end: no month follows
		e.dwell = dwell{}
		return
	}
	e.dwell.end = e.m.monthDays[i+e.m.warmup+1]
	length := e.dwell.end - e.now
	cells := len(e.stock)
	e.dwell.stocks = e.res.stockDays[i*cells : (i+1)*cells]
	for c, n := range e.stock {
		e.dwell.stocks[c] = float64(n) * length
	}
	R := e.m.regions
	e.dwell.places = e.res.occupiedDays[i*R*numKinds : (i+1)*R*numKinds]
	for r := 0; r < R; r++ {
		for k := 0; k < numKinds; k++ {
			e.dwell.places[r*numKinds+k] = float64(e.occ[k][r]) * length
		}
	}
}
