package sim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// smallVariant parses a variant of the sweep tests' small scenario.
func smallVariant(t testing.TB, yaml string) *scenario.Scenario {
	t.Helper()
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	sc, err := l.Parse("../sweep/testdata/variant.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestCancelPromptly: runs that would take minutes (the longest allowed
// horizon with heavy inflow; a capacity that swings every month for a
// century) stop with the context's error soon after it is done. The
// watchdog only keeps a broken engine from hanging the test; the
// assertion is that Run returns the deadline's error, not a result.
func TestCancelPromptly(t *testing.T) {
	var swings strings.Builder
	for y := 2021; y < 2121; y++ {
		for mo := 1; mo <= 12; mo++ {
			fmt.Fprintf(&swings, "%d-%02d-01: %d, ", y, mo, (y*12+mo)%2)
		}
	}
	cases := []struct {
		name string
		yaml string
	}{
		{"a century of heavy inflow", `name: v
extends: small
end: 2121-01-01
inflow:
  life_events:
    rate: {value: 150000, unit: people/year, choice: "heavy"}
`},
		{"a capacity that swings every month for a century", `name: v
extends: small
end: 2121-01-01
shelter:
  emergency: {value: 800, unit: places, choice: "x"}
  closure: move-out
  schedules: !replace
    - {kind: emergency, regions: all, factor: {unit: factor, choice: "x", schedule: {` + strings.TrimSuffix(swings.String(), ", ") + `}}}
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := smallVariant(t, c.yaml)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			done := make(chan error, 1)
			go func() { _, err := Run(ctx, sc, 1); done <- err }()
			select {
			case err := <-done:
				t.Logf("returned %v after the deadline", time.Since(deadline(ctx)).Round(time.Millisecond))
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Run: err = %v, want %v", err, context.DeadlineExceeded)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Run ignored its context for 30 s")
			}
		})
	}
}

func deadline(ctx context.Context) time.Time { d, _ := ctx.Deadline(); return d }

// TestEndlessMoves: stays of about a minute that lead back to each other
// pass the loader's limits but would keep a run going for days. The run
// ends with an error naming the problem, within seconds, not at a
// deadline; stays of a day in the same cycle run to the end.
func TestEndlessMoves(t *testing.T) {
	cycle := func(mean string) string {
		return `name: cycle
description: x
extends: small
moves:
  ethos6:
    stay: {dist: exponential, mean: ` + mean + `, unit: days, choice: x}
    to: {shares: {ethos1: 1}, unit: share, choice: x}
  ethos1:
    stay: {dist: exponential, mean: ` + mean + `, unit: days, choice: x}
    to: {shares: {ethos6: 1}, unit: share, choice: x}
`
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := Run(ctx, smallVariant(t, cycle("0.0007")), 1)
	if err == nil || !strings.Contains(err.Error(), "moves per person in the month from 2021-01-01") {
		t.Errorf("a cycle of minutes: %v", err)
	}
	sc := smallVariant(t, cycle("1"))
	sc.End = sc.Start.AddDate(1, 0, 0)
	if _, err := Run(ctx, sc, 1); err != nil {
		t.Errorf("a cycle of days: %v", err)
	}
}
