package sim

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The history's parameters over five years from 2021, without its
// warm-up: the tests below run it several times.
const shortBaseline = `
name: short
description: "the history's parameters, five years"
extends: ../../../scenarios/history.yaml
start: 2021-01-01
end: 2026-01-01
warmup: {value: 0, unit: years, choice: "none"}
`

// TestDatedRulesNoEffectBefore: a rule that changes on a date has no
// effect before it. Two runs with the same seed (common random numbers),
// one with Wonen Eerst from 1 July 2023 and move-out closure from 2024,
// are identical up to that date, snapshot by snapshot and flow by flow,
// and differ after it.
func TestDatedRulesNoEffectBefore(t *testing.T) {
	const closing = `
  schedules:
    - kind: large
      regions: all
      factor: {unit: factor, choice: "close half", schedule: {2021-01-01: 1, 2022-01-01: 0.5}}
`
	base := runChecked(t, variant(t, shortBaseline+"shelter:"+closing), 11)
	changed := runChecked(t, variant(t, shortBaseline+`
allocation:
  schedule:
    2021-01-01: {eligible: [ethos3, ethos4, ethos2], order: listed}
    2023-07-01: {eligible: [ethos1, ethos2, ethos3, ethos4, ethos5, ethos6], order: longest-waiting}
shelter:
  closure: {schedule: {2021-01-01: when-empty, 2024-01-01: move-out}}`+closing), 11)
	ruleDate := time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC)
	differs := sameUntil(t, base, changed, ruleDate, "the rule change")
	if !differs {
		t.Error("the rule change made no difference after its date")
	}
	// Move-out from 2024: no large-scale place is occupied over capacity
	// after that, while "when empty" left some before it.
	for _, s := range changed.Snapshots {
		if !s.Date.After(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
			continue
		}
		for r := range len(changed.Regions) {
			if s.Occupied[r*numKinds+kLarge] > s.Capacity[r*numKinds+kLarge] {
				t.Fatalf("%s region %d: %d large-scale places occupied over capacity %d after switching to move-out",
					s.Date.Format("2006-01"), r, s.Occupied[r*numKinds+kLarge], s.Capacity[r*numKinds+kLarge])
			}
		}
	}
}

// TestProgrammeNoEffectBefore: a housing programme that is empty until a
// date draws nothing before it. With the same seed, a run with a dwelling
// programme of 0 throughout is the run without it, output for output, and
// a run whose programme starts on 1 July 2023 is the same up to the month
// before (the thinning majorant of June covers 1 July: 6.2), and differs
// after it.
func TestProgrammeNoEffectBefore(t *testing.T) {
	const seed = 7
	without := runChecked(t, variant(t, shortBaseline), seed)
	empty := runChecked(t, variant(t, shortBaseline+`
housing:
  programme:
    dwelling: {value: 0, unit: units/year, choice: "test: none"}
`), seed)
	if !reflect.DeepEqual(without.Snapshots, empty.Snapshots) || !reflect.DeepEqual(without.Flows, empty.Flows) || !reflect.DeepEqual(without.Stays, empty.Stays) {
		t.Fatal("an empty programme changed the run")
	}
	later := runChecked(t, variant(t, shortBaseline+`
housing:
  programme:
    dwelling: {unit: units/year, choice: "test: from July 2023", schedule: {2021-01-01: 0, 2023-07-01: 2000}, interpolation: step}
`), seed)
	woke := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) // the month whose majorant covers 1 July
	differs := sameUntil(t, without, later, woke, "the programme's first month")
	if !differs {
		t.Error("the programme made no difference after it started")
	}
}

// sameUntil fails t if runs a and b differ, snapshot by snapshot and
// month's flows by month's flows, on or before date (when what); it
// reports whether they differ after it.
func sameUntil(t *testing.T, a, b *Result, date time.Time, what string) (differs bool) {
	t.Helper()
	R, F := len(a.Regions), len(a.FlowNames)
	if len(b.FlowNames) != F {
		t.Fatalf("flow tables differ: %d and %d kinds", len(b.FlowNames), F)
	}
	for i, s := range a.Snapshots {
		same := reflect.DeepEqual(s, b.Snapshots[i])
		if i > 0 {
			same = same && reflect.DeepEqual(a.Flows[(i-1)*R*F:i*R*F], b.Flows[(i-1)*R*F:i*R*F])
		}
		switch {
		case !s.Date.After(date) && !same:
			t.Fatalf("snapshot %s differs before %s on %s", s.Date.Format(time.DateOnly), what, date.Format(time.DateOnly))
		case s.Date.After(date) && !same:
			differs = true
		}
	}
	return differs
}

// TestWarmup: a warm-up runs before the start and leaves no trace in the
// record but the state it leaves: snapshots start on the start date,
// every invariant holds, people are conserved from the start on, and
// shelter stays under way at the start are initial ones.
func TestWarmup(t *testing.T) {
	res := runChecked(t, variant(t, strings.Replace(shortBaseline, "warmup: {value: 0,", "warmup: {value: 3,", 1)), 5)
	if got := res.Snapshots[0].Date; !got.Equal(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("first snapshot %s, want the start", got.Format("2006-01-02"))
	}
	if n := len(res.Snapshots); n != 61 {
		t.Fatalf("%d snapshots, want 61", n)
	}
	conserved(t, "warm-up", res)
	initial := 0
	for _, s := range res.Stays {
		if s.Start < 0 != s.Initial {
			t.Fatalf("stay %+v: starts before the start but is not initial, or the other way", s)
		}
		if s.Initial {
			initial++
		}
	}
	if initial == 0 {
		t.Error("no shelter stay under way at the start")
	}
}

// TestWarmupOriginFlows: what happens at the origin of a run with a
// warm-up (here: queued rough sleepers taking free shelter places at
// once) is counted in the warm-up, not in the first month recorded. A
// run continued from a checkpoint inside the warm-up, which starts with
// nothing counted, must then be the run from the origin.
func TestWarmupOriginFlows(t *testing.T) {
	if testing.Short() {
		t.Skip("three-year warm-up")
	}
	sc := variant(t, strings.Replace(shortBaseline, "warmup: {value: 0,", "warmup: {value: 3,", 1)+`
population:
  shelter_occupancy: {value: 0.5, unit: share, choice: "free places at the origin"}
  lack_of_shelter: {value: 2000, unit: people, choice: "queued at the origin"}
`)
	const seed = 4
	whole := runChecked(t, sc, seed)
	_, cps, err := RunKeeping(context.Background(), sc, seed, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	continued, err := cps[0].Continue(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, "continued from the warm-up", continued, whole)
}
