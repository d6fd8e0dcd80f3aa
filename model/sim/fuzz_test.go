package sim

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// Caps of the simulation fuzz target: each input runs for at most a year
// (and a year of warm-up) with at most fuzzMaxPeople people at the start
// and arriving over that time, so one execution takes milliseconds and
// the fuzzer explores the engine, not the size of the Netherlands.
const (
	fuzzMaxPeople = 100_000
	fuzzDeadline  = 30 * time.Second
)

// FuzzSimulate loads a scenario from arbitrary bytes (a variant of the
// small test scenario, or of a shipped one), compiles it and simulates a
// capped horizon, checking every invariant at every snapshot. Whatever
// loads must run: no panic, no broken invariant, no hang. The seed corpus
// runs with go test; explore with
//
//	go test ./model/sim -run XXX -fuzz FuzzSimulate -fuzztime 10m -parallel 1
func FuzzSimulate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := l.Parse("../sweep/testdata/fuzz.yaml", data)
		if err != nil {
			return // the parse fuzzer checks errors
		}
		capRun(sc)
		if people := startAndArrivals(sc); people > fuzzMaxPeople {
			t.Skipf("%.0f people: above the fuzzing cap", people)
		}
		m, err := compile(sc)
		if err != nil {
			t.Fatalf("a loaded scenario does not compile: %v", err)
		}
		e := newEngine(m, 1)
		defer e.release()
		var problems []string
		e.onSnapshot = func(e *engine) {
			if len(problems) < 10 {
				problems = append(problems, e.invariants()...)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), fuzzDeadline)
		defer cancel()
		if err := e.run(ctx); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("a capped run did not end in %v", fuzzDeadline)
			}
			t.Fatal(err)
		}
		if len(problems) > 0 {
			t.Fatalf("invariants broken:\n%s", strings.Join(problems, "\n"))
		}
		if got, want := len(e.res.Snapshots), len(m.months); got != want {
			t.Fatalf("%d snapshots for %d months", got, want)
		}
	})
}

// capRun shortens a scenario to a year, after at most a year of warm-up.
func capRun(sc *scenario.Scenario) {
	if end := sc.Start.AddDate(1, 0, 0); sc.End.After(end) {
		sc.End = end
	}
	if sc.Warmup != nil && sc.Warmup.Months() > 12 {
		w := *sc.Warmup
		w.Value, w.Unit = 12, "months"
		sc.Warmup = &w
	}
}

// startAndArrivals is the people at the start (stocks and shelter places)
// and the most that arrive in two years.
func startAndArrivals(sc *scenario.Scenario) float64 {
	n := sc.Shelter.Emergency.Value + sc.Shelter.Residential.Value
	for _, q := range sc.Population.Stock {
		n += q.Value
	}
	if q := sc.Population.LackOfShelter; q != nil {
		n += q.Value
	}
	for _, in := range sc.Inflow {
		peak := 0.0
		for _, p := range in.Rate.Points {
			peak = max(peak, p.Value)
		}
		n += 2 * peak
	}
	return n
}

// fuzzSeeds reach the engine's corners: closures, move-outs, zero stays
// that do not cycle, truncated stays, no support, listed allocation,
// swinging capacity, the shipped plans.
var fuzzSeeds = []string{
	"name: v\nextends: small\n",
	"name: v\nextends: small\nshelter:\n  closure: move-out\n",
	"name: v\nextends: small\nshelter:\n  closure: {schedule: {2021-01-01: when-empty, 2021-06-01: move-out}}\n  schedules: !replace\n    - {kind: emergency, regions: all, factor: {unit: factor, choice: x, schedule: {2021-01-01: 1, 2021-03-01: 0, 2021-05-01: 2, 2021-07-01: 0.5}}}\n",
	"name: v\nextends: small\nsupport:\n  capacity: {value: 0, unit: people, choice: x}\n",
	"name: v\nextends: small\nmoves:\n  ethos7:\n    stay: {dist: fixed, value: 0, unit: days, source: x}\n    to: {shares: {homeless: 1}, unit: share, source: x}\n",
	"name: v\nextends: small\nmoves:\n  ethos3:\n    stay: {dist: normal, mean: 1, sd: 0.1, min: 1.3, max: 3, unit: months, source: x}\n",
	"name: v\nextends: small\nmoves:\n  ethos2:\n    stay: {dist: lognormal, mean: 1, sd: 10, unit: days, source: x}\n",
	"name: v\nextends: small\nallocation:\n  schedule:\n    2021-01-01: {eligible: [ethos3, ethos2, ethos1], order: listed}\n    2021-07-01: {eligible: [ethos6], order: longest-waiting}\n",
	"name: v\nextends: small\nshelter:\n  emergency: {value: 0, unit: places, choice: x}\n  residential: {value: 0, unit: places, choice: x}\n",
	"name: v\nextends: small\npopulation:\n  shelter_occupancy: {value: 0, unit: share, choice: x}\n  lack_of_shelter: {value: 500, unit: people, choice: x}\n",
	"name: v\nextends: small\nhousing:\n  homeless_share: {value: 1, unit: share, choice: x}\n  dedicated:\n    clustered: {unit: units, choice: x, schedule: {2021-01-01: 0, 2021-06-01: 300, 2021-09-01: 0}}\n",
	"name: v\nextends: small\nwarmup: {value: 6, unit: months, choice: x}\n",
	"name: v\nextends: small\ninflow:\n  eviction:\n    prevented: {value: 1, unit: share, choice: x}\n",
}

// TestFuzzSeedsLoad: every seed of FuzzSimulate loads and is under the
// cap, so the corpus CI runs reaches the engine.
func TestFuzzSeedsLoad(t *testing.T) {
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	for i, s := range fuzzSeeds {
		sc, err := l.Parse("../sweep/testdata/fuzz.yaml", []byte(s))
		if err != nil {
			t.Errorf("seed %d: %v", i, err)
			continue
		}
		if n := startAndArrivals(sc); n > fuzzMaxPeople {
			t.Errorf("seed %d: %.0f people, above the cap", i, n)
		}
	}
}
