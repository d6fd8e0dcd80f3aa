package sim

import (
	"time"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
)

// Result is everything one run produced.
type Result struct {
	Scenario *scenario.Scenario
	Seed     uint64
	Regions  []string
	Profiles []string
	Kinds    []string // shelter kinds: emergency, large, small
	Types    []string // housing types

	// Snapshots are taken on the first day of every month, from the start
	// to the end inclusive (so every 1 January, the CBS reference date).
	Snapshots []Snapshot

	// Flows counts events per month, region and kind: Flows[(month*R +
	// region)*F + flow], F = len(FlowNames). Month i runs from snapshot i
	// to snapshot i+1.
	Flows     []int32
	FlowNames []string

	// Stays lists every shelter stay: a continuous period in emergency or
	// residential shelter, transfers included.
	Stays []Stay

	People  int64 // people who were ever in the model
	Initial int64 // of whom present at the start
	Exited  int64 // of whom left

	Little      [ethos.NumStates]LittleStats
	ShelterWait WaitStats

	Events      uint64  // events processed
	WallSeconds float64 // time the run took
	// CPUSeconds is the CPU time the run took, as CPUClock measured it:
	// "thread" (Linux) is the run's own thread, which the run keeps to
	// itself, so other tenants of the machine do not distort it; "process"
	// (other Unix systems) is the whole process's, which counts other
	// goroutines running meanwhile; "none" means it was not measured (0).
	// It leaves out the garbage collector's background work, about 1%.
	CPUSeconds float64
	CPUClock   string

	warmupEvents uint64 // events of the warm-up, not in Events

	// Exact time integrals per recorded month (observation.go), read
	// through PersonDays and OccupiedDays:
	// stockDays[((month*R + region)*NumStates + state)*P + profile] and
	// occupiedDays[(month*R + region)*3 + kind].
	stockDays, occupiedDays []float64
}

// Months is the number of recorded months: one fewer than the snapshots.
func (r *Result) Months() int { return max(0, len(r.Snapshots)-1) }

// PersonDays is the time people of profile p in region reg spent in state
// st during month i (from snapshot i to snapshot i+1), in person-days: the
// exact integral of the stock over the month, not an approximation from
// the snapshots. Summed over months, regions and profiles it is
// Little[st].Area.
func (r *Result) PersonDays(i, reg int, st ethos.State, p int) float64 {
	P := len(r.Profiles)
	return r.stockDays[((i*len(r.Regions)+reg)*int(ethos.NumStates)+int(st))*P+p]
}

// OccupiedDays is the time places of shelter kind k (an index of Kinds) in
// region reg were occupied during month i, in place-days: person-nights.
// Summed over months, regions and kinds it is the Little area of ETHOS 2
// (emergency) and ETHOS 3 (large and small).
func (r *Result) OccupiedDays(i, reg, k int) float64 {
	return r.occupiedDays[(i*len(r.Regions)+reg)*numKinds+k]
}

// Snapshot is the state of the system at the start of a day.
type Snapshot struct {
	Date time.Time
	// Stock[(region*NumStates + state)*P + profile] people.
	Stock []int32
	// Capacity and Occupied shelter places, [region*3 + kind]. Open places
	// are max(capacity, occupied): a closing place stays open until empty.
	Capacity, Occupied []int32
	Waiting            []int32 // per region: on the housing waiting list
	LackOfShelter      []int32 // per region: sleeping rough, waiting for a shelter place
	CBS                []int32 // per region: CBS-comparable count
	DedicatedVacant    []int32 // per region: dedicated homes empty
	Supported          []int32 // per region: people with a support slot
}

// Stay is one shelter stay. Times are days since the start; stays ongoing
// at the end have End = the horizon and Ongoing set; stays of people
// present at the start have a negative Start and Initial set.
type Stay struct {
	Start, End          float64
	Person              int32 // the person's number: 0 for the first created in the run
	Region              uint16
	Profile             uint8
	FirstKind, LastKind uint8
	Moves               uint8 // transfers during the stay
	Next                ethos.State
	Ongoing, Initial    bool
}

// Days is the stay's length.
func (s *Stay) Days() float64 { return s.End - s.Start }

// LittleStats integrates one state's stock over time, for Little's law
// L = λW: Area/Horizon is the mean stock L, Entered/Horizon the arrival
// rate λ, and Sojourn/Left the mean time in the state W.
type LittleStats struct {
	Area    float64 // person-days in the state during the run
	Entered int64
	Left    int64
	Sojourn float64 // days spent in the state by those who left it
	Horizon float64
	Final   int64 // in the state at the end
	current int64
	last    float64 // time Area was last brought up to date
}

// WaitStats are the waits for a shelter place of people who got one.
type WaitStats struct {
	N     int64
	Sum   float64
	Zeros int64 // admitted at once
}

func (w *WaitStats) add(d float64) {
	w.N++
	w.Sum += d
	if d == 0 {
		w.Zeros++
	}
}

// Mean is the mean wait in days.
func (w WaitStats) Mean() float64 {
	if w.N == 0 {
		return 0
	}
	return w.Sum / float64(w.N)
}

func newResult(m *model, seed uint64) *Result {
	r := &Result{Scenario: m.sc, Seed: seed, Kinds: []string{scenario.KindEmergency, scenario.KindLarge, scenario.KindSmall}}
	for _, reg := range m.sc.Regions {
		r.Regions = append(r.Regions, reg.Name)
	}
	r.Profiles = m.sc.Profiles.Names()
	for _, t := range m.types {
		r.Types = append(r.Types, t.name)
	}
	r.FlowNames = m.flowNames
	months := len(m.months) - 1
	r.Flows = make([]int32, (months+1)*m.regions*len(m.flowNames)) // +1: a spare bucket, never written after the end
	r.Snapshots = make([]Snapshot, 0, len(m.months))
	r.stockDays = make([]float64, months*m.regions*int(ethos.NumStates)*m.profiles)
	r.occupiedDays = make([]float64, months*m.regions*numKinds)
	return r
}
