package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// planVariant parses a variant of the plan scenario, eerst-een-thuis.
func planVariant(t testing.TB, name, body string) *scenario.Scenario {
	t.Helper()
	text := "name: " + name + "\ndescription: a variant for the checkpoint test\nextends: eerst-een-thuis\n" + body
	sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Parse(name+".yaml", []byte(text))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sc
}

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

// sameResult fails unless two results are equal in everything but the
// time they took.
func sameResult(t *testing.T, what string, got, want *Result) {
	t.Helper()
	g, w := *got, *want
	g.WallSeconds, g.CPUSeconds, g.CPUClock, w.WallSeconds, w.CPUSeconds, w.CPUClock = 0, 0, "", 0, 0, ""
	if reflect.DeepEqual(&g, &w) {
		return
	}
	switch {
	case g.Events != w.Events:
		t.Errorf("%s: %d events, from scratch %d", what, g.Events, w.Events)
	case !reflect.DeepEqual(g.Snapshots, w.Snapshots):
		t.Errorf("%s: the snapshots differ from a run from scratch", what)
	case !reflect.DeepEqual(g.Flows, w.Flows):
		t.Errorf("%s: the flows differ from a run from scratch", what)
	case !reflect.DeepEqual(g.Stays, w.Stays):
		t.Errorf("%s: the stays differ from a run from scratch", what)
	default:
		gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
		for i := 0; i < gv.NumField(); i++ {
			if f := gv.Type().Field(i); f.IsExported() && !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
				t.Errorf("%s: the result's %s differs from a run from scratch: %v, want %v", what, f.Name, gv.Field(i).Interface(), wv.Field(i).Interface())
				return
			}
		}
		t.Errorf("%s: the result's exact time integrals differ from a run from scratch", what)
	}
}

// continueChecked continues variant from c, checking every invariant at
// every snapshot, as runChecked does for a whole run.
func continueChecked(t *testing.T, c *Checkpoint, variant *scenario.Scenario) (*Result, error) {
	t.Helper()
	m, err := compile(variant)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.exact(m); err != nil {
		return nil, err
	}
	e := c.resume(m)
	defer e.release()
	var problems []string
	e.onSnapshot = func(e *engine) {
		if len(problems) < 10 {
			problems = append(problems, e.invariants()...)
		}
	}
	if err := e.runMonths(context.Background(), len(m.monthDays)-1); err != nil {
		t.Fatal(err)
	}
	e.end()
	if len(problems) > 0 {
		t.Fatalf("%s: invariants broken:\n%s", variant.Name, strings.Join(problems, "\n"))
	}
	return e.res, nil
}

// TestCheckpointContinue runs the plan once with checkpoints and
// continues variants of it from each: a continuation must give the
// variant's run from scratch exactly, or refuse with an InexactError;
// the latest checkpoint a variant allows must be taken no earlier than
// where it differs, less a month of look-ahead for a changed rate. A CBS
// short stay within the range of the plan's continues from every one.
func TestCheckpointContinue(t *testing.T) {
	if testing.Short() {
		t.Skip("national runs")
	}
	const seed = 3
	base := shipped(t, "eerst-een-thuis")
	dates := []time.Time{month(2015, time.January), month(2022, time.December), month(2023, time.January), month(2024, time.December), month(2025, time.January), month(2027, time.July)}
	baseRes, cps, err := RunKeeping(context.Background(), base, seed, dates...)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Run(context.Background(), base, seed)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, "RunKeeping", baseRes, whole)
	for i, c := range cps {
		if !c.Date().Equal(dates[i]) || c.Seed() != seed {
			t.Fatalf("checkpoint %d: %s, seed %d; want %s, seed %d", i, c.Date().Format(time.DateOnly), c.Seed(), dates[i].Format(time.DateOnly), seed)
		}
	}

	type variant struct {
		name, body string
		latest     time.Time // the latest checkpoint that must continue it; zero: none
		refused    string    // what each refusal says, if not empty
	}
	shortStay := func(days string) string {
		return "cbs:\n  short_stay: {value: " + days + `, unit: days, assumption: "test", range: [0, 1000]}` + "\n"
	}
	variants := []variant{
		{"unchanged", "", month(2027, time.July), ""},
		{"clustered-4000", `housing:
  programme:
    clustered: {unit: units/year, choice: "test", schedule: {2023-01-01: 500, 2025-01-01: 4000}}
`, month(2022, time.December), ""}, // the rate differs after 2023-01-01; its stream looks a month ahead
		{"homeless-share-2030", `housing:
  homeless_share: {unit: share, choice: "test", schedule: {2023-01-01: 0.03, 2025-01-01: 0.06, 2030-01-01: 0.12}}
`, month(2024, time.December), ""},
		{"prevention-eviction", `inflow:
  eviction:
    prevented: {unit: share, choice: "test", schedule: {2023-01-01: 0.6, 2030-01-01: 0.99}}
`, month(2023, time.January), ""}, // no bound: no look-ahead
		{"migration-rate-2025", `inflow:
  migration:
    rate: {unit: people/year, choice: "test", schedule: {2009-01-01: 2911.49, 2025-01-01: 2911.49, 2025-02-01: 6000}, interpolation: step}
`, month(2024, time.December), ""},
		{"wonen-eerst-2025", `allocation:
  schedule:
    2009-01-01: {eligible: [ethos3, ethos4, ethos2], order: listed}
    2025-01-01: {eligible: [ethos1, ethos2, ethos3, ethos4, ethos5, ethos6], order: longest-waiting}
`, month(2023, time.January), ""}, // the plan switches in 2023
		{"wonen-eerst-off", `allocation:
  schedule:
    2009-01-01: {eligible: [ethos3, ethos4, ethos2], order: listed}
`, month(2023, time.January), ""},
		{"afbouw-2033", `shelter:
  schedules:
    - name: large-rest-by-2030
      factor: {unit: factor, choice: "test", schedule: {2023-01-01: 1, 2033-01-01: 0}}
`, month(2023, time.January), ""},
		{"move-out", `shelter:
  closure: {schedule: {2009-01-01: when-empty, 2023-01-01: move-out}}
`, month(2023, time.January), ""},
		{"night-shelter", `shelter:
  emergency: {value: 5000, unit: places, assumption: "test", range: [5000, 5000]}
`, time.Time{}, ""}, // from the start
		{"dwellings", `housing:
  programme:
    dwelling: {unit: units/year, choice: "test", schedule: {2009-01-01: 0, 2023-01-01: 1000}, interpolation: step}
`, month(2022, time.December), ""}, // the plan's empty programme: it wakes in December 2022, whose majorant covers 1 January
		{"rooms-2025", `housing:
  programme:
    room: {unit: units/year, choice: "test", schedule: {2009-01-01: 0, 2025-01-01: 1500}, interpolation: step}
`, month(2024, time.December), ""},
		{"clustered-pause", `housing:
  programme:
    clustered: {unit: units/year, choice: "test", schedule: {2023-01-01: 500, 2025-01-01: 0, 2026-01-01: 0, 2026-02-01: 2000}}
`, month(2022, time.December), ""}, // idle through 2025; a month of look-ahead at the start
		{"end-2030", "end: 2030-01-01\n", time.Time{}, ""},
		// The plan's short stay is 134.393 days, in [30, 180]: the times
		// in shelter are kept up to 180 days, whatever the variant's range.
		{"short-stay-30", shortStay("30"), month(2027, time.July), ""},
		{"short-stay-180", shortStay("180"), month(2027, time.July), ""},
		{"short-stay-above", shortStay("134.39300000000003"), month(2027, time.July), ""},
		{"short-stay-4-months", `cbs:
  short_stay: {value: 4, unit: months, assumption: "test", range: [1, 6]}
`, month(2027, time.July), ""},
		{"short-stay-181", shortStay("181"), time.Time{}, "the CBS short stay of 181 days (the checkpoint's run: 134.393) is beyond the 180 days"},
		{"short-stay-30-clustered-4000", shortStay("30") + `housing:
  programme:
    clustered: {unit: units/year, choice: "test", schedule: {2023-01-01: 500, 2025-01-01: 4000}}
`, month(2022, time.December), ""},
	}
	// A short stay equal to a time in shelter the snapshots walked, and
	// the one just below it: the one counts that occupant, the other not.
	if i := slices.IndexFunc(cps[0].times.elapsed, func(d float64) bool { return d > 60 && d < 170 }); i >= 0 {
		d := cps[0].times.elapsed[i]
		variants = append(variants,
			variant{"short-stay-on-a-stay", shortStay(strconv.FormatFloat(d, 'g', -1, 64)), month(2027, time.July), ""},
			variant{"short-stay-below-a-stay", shortStay(strconv.FormatFloat(math.Nextafter(d, 0), 'g', -1, 64)), month(2027, time.July), ""})
	} else {
		t.Fatal("no time in shelter between 60 and 170 days kept")
	}
	for _, tc := range variants {
		t.Run(tc.name, func(t *testing.T) {
			v := planVariant(t, "test-"+tc.name, tc.body)
			want, err := Run(context.Background(), v, seed)
			if err != nil {
				t.Fatal(err)
			}
			var latest time.Time
			for _, c := range cps {
				got, err := continueChecked(t, c, v)
				var inexact *InexactError
				if errors.As(err, &inexact) {
					t.Logf("%s: %v", c.Date().Format(time.DateOnly), err)
					if !strings.Contains(inexact.Reason, tc.refused) {
						t.Errorf("%s: refused for %q, want %q", c.Date().Format(time.DateOnly), inexact.Reason, tc.refused)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				sameResult(t, "from "+c.Date().Format(time.DateOnly), got, want)
				latest = c.Date()
			}
			if latest.IsZero() {
				if !tc.latest.IsZero() {
					t.Errorf("no checkpoint continues it, want the one of %s", tc.latest.Format(time.DateOnly))
				}
				return
			}
			// The exported path gives the same, and leaves the checkpoint
			// as it was: twice the same.
			c := cps[slices.IndexFunc(cps, func(c *Checkpoint) bool { return c.Date().Equal(latest) })]
			for range 2 {
				again, err := c.Continue(context.Background(), v)
				if err != nil {
					t.Fatal(err)
				}
				sameResult(t, "Continue from "+c.Date().Format(time.DateOnly), again, want)
			}
			if !latest.Equal(tc.latest) {
				t.Errorf("the latest checkpoint that continues it is %s, want %s", latest.Format(time.DateOnly), tc.latest.Format(time.DateOnly))
			}
		})
	}
	// The base run's result is its own: continuing did not touch it.
	sameResult(t, "RunKeeping after the continuations", baseRes, whole)
}

// TestDivergence checks the first month two scenarios may differ in.
func TestDivergence(t *testing.T) {
	base := shipped(t, "eerst-een-thuis")
	for _, tc := range []struct {
		name, body string
		want       time.Time
		why        string
	}{
		{"same", "", month(2031, time.January), "the same"},
		{"clustered", `housing:
  programme:
    clustered: {unit: units/year, choice: "test", schedule: {2023-01-01: 500, 2025-01-01: 4000}}
`, month(2023, time.January), "the rate of clustered homes differs from 2023-01-01"},
		{"night-shelter", `shelter:
  emergency: {value: 5000, unit: places, assumption: "test", range: [5000, 5000]}
`, month(2006, time.January), "the shelter places at the start differ from the start"},
		{"short-stay", `cbs:
  short_stay: {value: 30, unit: days, assumption: "test", range: [30, 180]}
`, month(2006, time.January), "the CBS short stay differs from the start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, why, err := Divergence(base, planVariant(t, "test-"+tc.name, tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tc.want) || why != tc.why {
				t.Errorf("Divergence = %s, %q; want %s, %q", got.Format(time.DateOnly), why, tc.want.Format(time.DateOnly), tc.why)
			}
		})
	}
}

// TestRunKeepingDates refuses a checkpoint that is not a month boundary
// inside the run.
func TestRunKeepingDates(t *testing.T) {
	sc := shipped(t, "eerst-een-thuis")
	for _, d := range []time.Time{month(2006, time.January), month(2031, time.January), time.Date(2020, 3, 2, 0, 0, 0, 0, time.UTC)} {
		_, _, err := RunKeeping(context.Background(), sc, 1, d)
		want := "sim: a checkpoint of eerst-een-thuis must be on the first day of a month after 2006-01-01 and before 2031-01-01, not on " + d.Format(time.DateOnly)
		if err == nil || err.Error() != want {
			t.Errorf("RunKeeping at %s: %v, want %s", d.Format(time.DateOnly), err, want)
		}
	}
}

// TestCheckpointLookAhead shows why Continue checks the streams' look-ahead:
// continuing the plan's checkpoint of 1 January 2023 with more Wonen Eerst
// homes from then, its stream's candidate already drawn under the plan's
// bound, would give another run than the variant's from scratch.
func TestCheckpointLookAhead(t *testing.T) {
	if testing.Short() {
		t.Skip("national runs")
	}
	v := planVariant(t, "test-clustered", `housing:
  programme:
    clustered: {unit: units/year, choice: "test", schedule: {2023-01-01: 500, 2025-01-01: 4000}}
`)
	_, cps, err := RunKeeping(context.Background(), shipped(t, "eerst-een-thuis"), 1, month(2023, time.January))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Run(context.Background(), v, 1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := compile(v)
	if err != nil {
		t.Fatal(err)
	}
	const msg = "sim: cannot continue test-clustered from the checkpoint of 2023-01-01: the next candidate of the stream of clustered homes, drawn before the checkpoint, used its rate bound for the month from 2023-01-01, which the variant changes; an earlier checkpoint may do"
	if err := cps[0].exact(m); err == nil || err.Error() != msg {
		t.Fatalf("exact: %v, want %s", err, msg)
	}
	e := cps[0].resume(m) // past the check
	defer e.release()
	if err := e.runMonths(context.Background(), len(m.monthDays)-1); err != nil {
		t.Fatal(err)
	}
	e.end()
	if reflect.DeepEqual(e.res.Flows, want.Flows) {
		t.Errorf("continuing past the look-ahead gave the variant's flows; the check would not be needed")
	}
}
