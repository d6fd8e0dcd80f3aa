package sim_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
)

// loadClosing loads testdata/closing.yaml, without a warm-up, or with
// one of six months.
func loadClosing(t testing.TB, warmup bool) *scenario.Scenario {
	t.Helper()
	l := scenario.Loader{}
	if !warmup {
		sc, err := l.Load("testdata/closing.yaml")
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	sc, err := l.Parse("testdata/closing-warm.yaml", []byte(`name: closing-warm
description: "closing, after a warm-up."
extends: closing
warmup: {value: 6, unit: months, choice: "a warm-up, for the tests"}
`))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestRunObservingFinal: what RunObserving hands its observer does not
// change afterwards, so a goroutine may write it out while the run goes
// on. Each call's newest snapshot and newest month of flows are copied
// when observed, and must equal the finished Result's; the Result must
// be Run's.
func TestRunObservingFinal(t *testing.T) {
	for _, warmup := range []bool{false, true} {
		t.Run(fmt.Sprintf("warmup=%t", warmup), func(t *testing.T) {
			sc := loadClosing(t, warmup)
			var seen []sim.Snapshot
			var flows []int32
			res, err := sim.RunObserving(context.Background(), sc, 3, func(r *sim.Result) {
				n := len(r.Snapshots)
				if n != len(seen)+1 {
					t.Fatalf("observed %d snapshots after %d", n, len(seen))
				}
				if want := (n - 1) * len(r.Regions) * len(r.FlowNames); len(r.Flows) != want {
					t.Fatalf("at snapshot %d: %d flows, want %d", n, len(r.Flows), want)
				}
				if n == 1 && !r.Snapshots[0].Date.Equal(sc.Start) {
					t.Errorf("first snapshot observed on %s, want the start, %s", r.Snapshots[0].Date.Format("2006-01-02"), sc.Start.Format("2006-01-02"))
				}
				s := r.Snapshots[n-1]
				seen = append(seen, sim.Snapshot{Date: s.Date, Stock: slices.Clone(s.Stock), Capacity: slices.Clone(s.Capacity),
					Occupied: slices.Clone(s.Occupied), Waiting: slices.Clone(s.Waiting), LackOfShelter: slices.Clone(s.LackOfShelter),
					CBS: slices.Clone(s.CBS), DedicatedVacant: slices.Clone(s.DedicatedVacant), Supported: slices.Clone(s.Supported)})
				flows = append(flows, r.Flows[len(flows):]...)
				if r.People != 0 || r.Stays != nil || r.Events != 0 {
					t.Errorf("at snapshot %d: counts or stays handed over before the end", n)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(seen, res.Snapshots) {
				t.Errorf("the snapshots observed differ from the Result's")
			}
			if months := res.Months() * len(res.Regions) * len(res.FlowNames); !slices.Equal(flows, res.Flows[:months]) {
				t.Errorf("the flows observed differ from the Result's")
			}
			run, err := sim.Run(context.Background(), sc, 3)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(run.Snapshots, res.Snapshots) || !slices.Equal(run.Flows, res.Flows) || !reflect.DeepEqual(run.Stays, res.Stays) ||
				run.Events != res.Events || run.People != res.People {
				t.Errorf("RunObserving's Result differs from Run's")
			}
		})
	}
}

// Watch a run month by month: the observer hands each month on, here to
// a channel that another goroutine reads.
func ExampleRunObserving() {
	sc, err := scenario.Loader{}.Load("testdata/closing.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	recorded := make(chan *sim.Result, 32)
	done := make(chan int)
	go func() {
		months := 0
		for r := range recorded {
			months = r.Months() // the flows of months 0 to months-1 are final
		}
		done <- months
	}()
	res, err := sim.RunObserving(context.Background(), sc, 1, func(r *sim.Result) { recorded <- r })
	close(recorded)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d months observed of %d\n", <-done, res.Months())
	// Output:
	// 24 months observed of 24
}
