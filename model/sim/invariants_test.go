package sim

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

func shipped(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func local(t testing.TB, file string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Loader{}.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// variant parses a variant of a testdata scenario given as YAML text.
func variant(t testing.TB, yaml string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Loader{}.Parse("testdata/variant.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// runChecked runs a scenario and checks every invariant at every snapshot.
func runChecked(t *testing.T, sc *scenario.Scenario, seed uint64) *Result {
	t.Helper()
	m, err := compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(m, seed)
	var problems []string
	e.onSnapshot = func(e *engine) {
		if len(problems) < 10 {
			problems = append(problems, e.invariants()...)
		}
	}
	if err := e.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("%s: invariants broken:\n%s", sc.Name, strings.Join(problems, "\n"))
	}
	return e.res
}

// invariants recounts everything from the people themselves and compares
// it with the engine's counters, queues and lists.
func (e *engine) invariants() []string {
	var bad []string
	when := e.m.months[len(e.res.Snapshots)-1].Format("2006-01")
	fail := func(format string, args ...any) {
		bad = append(bad, when+": "+fmt.Sprintf(format, args...))
	}
	R, P := e.m.regions, e.m.profiles
	stock := make([]int32, len(e.stock))
	var occ [numKinds][]int32
	for k := range occ {
		occ[k] = make([]int32, R)
	}
	support := make([]int32, R)
	ded := make([][]int32, len(e.m.types))
	for t := range ded {
		ded[t] = make([]int32, R)
	}
	wanting, listed := 0, 0
	for id := range e.people {
		p := &e.people[id]
		if p.flags&fGone != 0 {
			if p.state != ethos.Exit {
				fail("person %d left in the warm-up but is in %v", id, p.state)
			}
			continue
		}
		if p.state == 0 || p.state >= ethos.NumStates {
			fail("person %d has no state", id)
			continue
		}
		stock[e.stockIndex(p, p.state)]++ // one state per person, by construction of the count
		if p.state.Shelter() {
			occ[p.place][p.region]++
			if (p.place == kEmergency) != (p.state == ethos.EmergencyShelter) {
				fail("person %d in %v holds a place of kind %d", id, p.state, p.place)
			}
			if p.stay < 0 || !isNaN(e.res.Stays[p.stay].End) {
				fail("person %d in shelter without an open stay", id)
			}
		} else if p.stay >= 0 {
			fail("person %d in %v has an open shelter stay", id, p.state)
		}
		if p.flags&fWantsShelter != 0 {
			wanting++
			if p.state != ethos.PublicSpace || p.pos[slotShelter] < 0 {
				fail("person %d waits for shelter but is in %v (queue pos %d)", id, p.state, p.pos[slotShelter])
			}
		}
		onList := p.pos[slotHousing] >= 0
		shouldBe := e.alloc.eligIndex[p.state] >= 0 && (!p.state.Shelter() || p.flags&fReady != 0)
		if onList != shouldBe {
			fail("person %d in %v (ready %v): on the waiting list %v, should be %v", id, p.state, p.flags&fReady != 0, onList, shouldBe)
		}
		if onList {
			listed++
		}
		if p.flags&fSupported != 0 {
			support[p.region]++
			if p.state != ethos.HousedSupported {
				fail("person %d holds support in %v", id, p.state)
			}
		}
		if p.flags&fRecycled != 0 {
			ded[p.place][p.region]++
		}
	}
	// Those who left and whose slot went to someone new are counted by
	// the engine, the slots no longer hold them.
	vacant := 0
	for i, n := range e.exitsReused {
		stock[i] += n
	}
	for _, id := range e.vacant {
		if e.people[id].state != ethos.Exit {
			fail("slot %d is vacant but its person is in %v", id, e.people[id].state)
		}
		vacant++
	}
	inExit := 0
	numbers := make([]bool, e.created)
	for id := range e.people {
		p := &e.people[id]
		if p.state == ethos.Exit {
			inExit++
		}
		if p.number < 0 || int(p.number) >= e.created {
			fail("person %d has number %d, but only %d were created", id, p.number, e.created)
		} else if numbers[p.number] {
			fail("person number %d is in two slots", p.number)
		} else {
			numbers[p.number] = true
		}
	}
	if inExit != vacant {
		fail("%d slots hold someone who left, %d are vacant", inExit, vacant)
	}
	for i := range stock {
		if stock[i] != e.stock[i] {
			fail("stock[%d] = %d, people there: %d", i, e.stock[i], stock[i])
		}
	}
	var total int64
	for st := range e.little {
		total += e.little[st].current
	}
	if total != int64(e.created)-e.warmupGone {
		fail("state counters add to %d, people %d (%d left in the warm-up)", total, e.created, e.warmupGone)
	}
	queued, listLen := 0, 0
	for r := 0; r < R; r++ {
		queued += e.roughQueue[r].len()
		for k := 0; k < numKinds; k++ {
			if occ[k][r] != e.occ[k][r] {
				fail("region %d kind %d: occupied %d, people there %d", r, k, e.occ[k][r], occ[k][r])
			}
			n := int32(0)
			for id := e.occupants[k][r].head; id >= 0; id = e.people[id].next {
				n++
			}
			if n != occ[k][r] {
				fail("region %d kind %d: occupant list has %d, people there %d", r, k, n, occ[k][r])
			}
			if e.closeByMoveOut && e.occ[k][r] > e.cap[k][r] {
				fail("region %d kind %d: move-out but occupied %d > capacity %d", r, k, e.occ[k][r], e.cap[k][r])
			}
		}
		if e.emergQueue[r].len() != int(occ[kEmergency][r]) {
			fail("region %d: emergency queue %d, occupants %d", r, e.emergQueue[r].len(), occ[kEmergency][r])
		}
		if support[r] != e.supportUse[r] {
			fail("region %d: support in use %d, people supported %d", r, e.supportUse[r], support[r])
		}
		for t := range e.m.types {
			if ded[t][r] != e.dedOcc[t][r] {
				fail("region %d type %d: dedicated occupied %d, tenants %d", r, t, e.dedOcc[t][r], ded[t][r])
			}
		}
		for ei := 0; ei < e.alloc.groups; ei++ {
			for p := 0; p < P; p++ {
				listLen += e.waitList[e.listIndex(r, ei, p)].len()
			}
		}
	}
	if queued != wanting {
		fail("shelter queues hold %d, people waiting %d", queued, wanting)
	}
	if listLen != listed {
		fail("waiting lists hold %d, people on them %d", listLen, listed)
	}
	return bad
}

func isNaN(x float64) bool { return x != x }

func TestInvariantsShippedScenarios(t *testing.T) {
	names := scenario.Loader{Shipped: scenarios.FS}.ShippedNames()
	if len(names) < 4 {
		t.Fatalf("shipped scenarios: %v", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			runChecked(t, shipped(t, name), 7)
		})
	}
}

// TestConservation: at every snapshot, the people in all states equal the
// initial population plus the inflow so far, and those in exit equal the
// exits so far, exactly.
func TestConservation(t *testing.T) {
	for _, name := range []string{"eerst-een-thuis", "afbouw-zonder-woningen"} {
		conserved(t, name, runChecked(t, shipped(t, name), 3))
	}
}

// conserved checks that people are neither made nor lost in a run.
func conserved(t *testing.T, name string, res *Result) {
	t.Helper()
	{
		R, F, P, S := len(res.Regions), len(res.FlowNames), len(res.Profiles), int(ethos.NumStates)
		var inflow, exits []int
		for f, n := range res.FlowNames {
			if strings.HasPrefix(n, "inflow.") {
				inflow = append(inflow, f)
			}
			if strings.HasPrefix(n, "exit_from.") {
				exits = append(exits, f)
			}
		}
		var in, out int64
		for i, s := range res.Snapshots {
			if i > 0 {
				for r := 0; r < R; r++ {
					for _, f := range inflow {
						in += int64(res.Flows[((i-1)*R+r)*F+f])
					}
					for _, f := range exits {
						out += int64(res.Flows[((i-1)*R+r)*F+f])
					}
				}
			}
			var alive, exited int64
			for r := 0; r < R; r++ {
				for st := 1; st < S; st++ {
					for p := 0; p < P; p++ {
						v := int64(s.Stock[(r*S+st)*P+p])
						if ethos.State(st) == ethos.Exit {
							exited += v
						} else {
							alive += v
						}
					}
				}
			}
			if alive+exited != res.Initial+in || exited != out {
				t.Fatalf("%s %s: in states %d + exited %d; initial %d + inflow %d; exits counted %d",
					name, s.Date.Format("2006-01"), alive, exited, res.Initial, in, out)
			}
		}
		if res.People != res.Initial+in {
			t.Errorf("%s: %d people created, initial %d + inflow %d", name, res.People, res.Initial, in)
		}
	}
}
