package observed_test

import (
	"context"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

// short is the sweep tests' small scenario (the plan at 1/20 scale in
// three regions) over three years, 2021-2023.
const short = `name: short
description: "small, 2021-2023 (observed tests)"
extends: small
end: 2024-01-01
`

var (
	runOnce sync.Once
	run     *sim.Result
	runErr  error
)

func shortRun(t *testing.T) *sim.Result {
	t.Helper()
	runOnce.Do(func() {
		loader := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
		sc, err := loader.Parse("../sweep/testdata/short.yaml", []byte(short))
		if err != nil {
			runErr = err
			return
		}
		run, runErr = sim.Run(context.Background(), sc, 7)
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return run
}

// By hand, straight from the Result's layout (model/sim/result.go), not
// through package target or observed.

func snapAt(t *testing.T, r *sim.Result, d time.Time) int {
	for i, s := range r.Snapshots {
		if s.Date.Equal(d) {
			return i
		}
	}
	t.Fatalf("no snapshot on %s", d)
	return -1
}

func day(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func cbsAt(r *sim.Result, i int) float64 {
	var n float64
	for _, v := range r.Snapshots[i].CBS {
		n += float64(v)
	}
	return n
}

func stockAt(r *sim.Result, i int, st ethos.State, region int) float64 {
	var n float64
	P, S := len(r.Profiles), int(ethos.NumStates)
	for reg := range r.Regions {
		if region >= 0 && reg != region {
			continue
		}
		for p := 0; p < P; p++ {
			n += float64(r.Snapshots[i].Stock[(reg*S+int(st))*P+p])
		}
	}
	return n
}

func flowSum(t *testing.T, r *sim.Result, names []string, from, to int, region int) float64 {
	var n float64
	F, R := len(r.FlowNames), len(r.Regions)
	for _, name := range names {
		f := -1
		for i, fn := range r.FlowNames {
			if fn == name {
				f = i
			}
		}
		if f < 0 {
			t.Fatalf("no flow %s", name)
		}
		for m := from; m < to; m++ {
			for reg := 0; reg < R; reg++ {
				if region < 0 || reg == region {
					n += float64(r.Flows[(m*R+reg)*F+f])
				}
			}
		}
	}
	return n
}

func usersIn(r *sim.Result, y int, region int) float64 {
	from := day(y, 1).Sub(r.Scenario.Start).Hours() / 24
	to := day(y+1, 1).Sub(r.Scenario.Start).Hours() / 24
	people := map[int32]bool{}
	for _, s := range r.Stays {
		if s.Start < to && s.End >= from && (region < 0 || int(s.Region) == region) {
			people[s.Person] = true
		}
	}
	return float64(len(people))
}

func regionIndex(t *testing.T, r *sim.Result, name string) int {
	for i, n := range r.Regions {
		if n == name {
			return i
		}
	}
	t.Fatalf("no region %s", name)
	return -1
}

func series(model string, rows ...string) []byte {
	return []byte("name: s\ndescription: d\nunit: u\nsource: test\nmargin: m\nrole: fit\n" +
		"relative_error: {value: 0.1, assumption: test}\nmodel: " + model + "\nobservations:\n" + string(lines(rows...)))
}

func TestSimulate(t *testing.T) {
	r := shortRun(t)
	jan21, jan22, jan23, jun22 := snapAt(t, r, day(2021, 1)), snapAt(t, r, day(2022, 1)), snapAt(t, r, day(2023, 1)), snapAt(t, r, day(2022, 6))
	midden := regionIndex(t, r, "Midden")
	noord := regionIndex(t, r, "Noord")

	var mean2021 float64
	for i := jan21; i < jan22; i++ {
		mean2021 += cbsAt(r, i)
	}
	mean2021 /= 12
	var ethos4Mean2022 float64
	for i := jan22; i < jan23; i++ {
		ethos4Mean2022 += stockAt(r, i, ethos.Institution, -1)
	}
	ethos4Mean2022 /= 12
	evictions := []string{"prevented.eviction", "became_homeless.eviction"}

	cases := []struct {
		name, model string
		rows        []string
		want        []float64
	}{
		{"CBS: the mean of a year, the snapshot of a day", "{metric: cbs_count, aggregate: mean, note: n}",
			[]string{"  - {year: 2021, value: 1}", "  - {date: 2022-01-01, value: 1}", "  - {date: 2022-06-01, value: 1}"},
			[]float64{mean2021, cbsAt(r, jan22), cbsAt(r, jun22)}},
		{"evictions carried out, national and in a region", "{flows: [prevented.eviction, became_homeless.eviction], aggregate: total, note: n}",
			[]string{"  - {year: 2021, value: 1}", "  - {year: 2022, value: 1}", "  - {year: 2022, region: Midden, value: 1}"},
			[]float64{flowSum(t, r, evictions, jan21, jan22, -1), flowSum(t, r, evictions, jan22, jan23, -1), flowSum(t, r, evictions, jan22, jan23, midden)}},
		{"shelter users", "{metric: shelter_users, aggregate: year, note: n}",
			[]string{"  - {year: 2022, value: 1}", "  - {year: 2022, region: Noord, value: 1}", "  - {year: 2023, region: Noord, value: 1}"},
			[]float64{usersIn(r, 2022, -1), usersIn(r, 2022, noord), usersIn(r, 2023, noord)}},
		{"a stock: jan1, end, max and min in a region", "{metric: ethos1, aggregate: end, note: n}",
			[]string{"  - {year: 2021, region: Midden, value: 1}", "  - {date: 2022-06-01, region: Midden, value: 1}"},
			[]float64{stockAt(r, jan22, ethos.PublicSpace, midden), stockAt(r, jun22, ethos.PublicSpace, midden)}},
		{"an input: new build in 2022 (step schedule: 750 a year from 2021, 1,563 from 2023)", "{input: housing.social_new_build, aggregate: total, note: n}",
			[]string{"  - {year: 2022, value: 1}", "  - {year: 2023, value: 1}"},
			[]float64{750 * 365 / scenario.DaysPerYear, 1563 * 365 / scenario.DaysPerYear}},
		{"a sum: shelter users plus the mean ETHOS 4 stock", "{sum: [{metric: shelter_users, aggregate: year}, {metric: ethos4, aggregate: mean}], note: n}",
			[]string{"  - {year: 2022, value: 1}"},
			[]float64{usersIn(r, 2022, -1) + ethos4Mean2022}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := observed.Parse("s.yaml", series(c.model, c.rows...))
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Simulate(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("%d values, want %d", len(got), len(c.want))
			}
			for i := range got {
				if math.Abs(got[i]-c.want[i]) > 1e-9*math.Max(1, c.want[i]) {
					t.Errorf("observation %d: %v, want %v", i, got[i], c.want[i])
				}
			}
			// A test that only compares zeros proves nothing.
			if c.want[0] == 0 {
				t.Errorf("observation 0 is 0 in the run: choose a quantity that happens")
			}
		})
	}

	// An independent bound: everyone in shelter on 1 January 2022 or on
	// 1 January 2023 had a stay in 2022.
	inShelter := func(i int) float64 {
		return stockAt(r, i, ethos.EmergencyShelter, -1) + stockAt(r, i, ethos.ResidentialShelter, -1)
	}
	if u := usersIn(r, 2022, -1); u < math.Max(inShelter(jan22), inShelter(jan23)) {
		t.Errorf("shelter users in 2022: %v, fewer than in shelter on 1 January 2022 (%v) or 2023 (%v)", u, inShelter(jan22), inShelter(jan23))
	}

	// The stock case with other aggregates, against the snapshots.
	for agg, want := range map[string]float64{
		"jan1": stockAt(r, jan21, ethos.PublicSpace, midden),
		"max": func() float64 {
			m := math.Inf(-1)
			for i := jan21; i < jan22; i++ {
				m = math.Max(m, stockAt(r, i, ethos.PublicSpace, midden))
			}
			return m
		}(),
		"min": func() float64 {
			m := math.Inf(1)
			for i := jan21; i < jan22; i++ {
				m = math.Min(m, stockAt(r, i, ethos.PublicSpace, midden))
			}
			return m
		}(),
	} {
		s, err := observed.Parse("s.yaml", series("{metric: ethos1, aggregate: "+agg+", note: n}", "  - {year: 2021, region: Midden, value: 1}"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Simulate(r); err != nil || got[0] != want {
			t.Errorf("ethos1 %s 2021 in Midden: %v, %v; want %v", agg, got, err, want)
		}
	}
}

func TestSimulateErrors(t *testing.T) {
	r := shortRun(t)
	for _, c := range []struct {
		name, model, row, want string
	}{
		{"year before the run", "{metric: cbs_count, aggregate: mean, note: n}", "  - {year: 2018, value: 1}",
			"observed: s (s.yaml:10): year 2018 is not wholly inside the run, whose monthly snapshots run from 2021-01-01 to 2024-01-01"},
		{"last year needs the next 1 January", "{metric: cbs_count, aggregate: mean, note: n}", "  - {year: 2024, value: 1}",
			"observed: s (s.yaml:10): year 2024 is not wholly inside the run, whose monthly snapshots run from 2021-01-01 to 2024-01-01"},
		{"day after the run", "{metric: cbs_count, aggregate: mean, note: n}", "  - {date: 2024-02-01, value: 1}",
			"observed: s (s.yaml:10): 2024-02-01 is not a snapshot date of the run, whose monthly snapshots run from 2021-01-01 to 2024-01-01"},
		{"unknown flow", "{flows: [became_homeless.eviction, inflow.nowhere], aggregate: total, note: n}", "  - {year: 2022, value: 1}",
			`observed: s (s.yaml:8): the run of scenario short has no flow "inflow.nowhere"; it has: inflow.eviction, prevented.eviction, became_homeless.eviction,`},
		{"unknown region", "{metric: shelter_users, aggregate: year, note: n}", "  - {year: 2022, region: Amsterdam, value: 1}",
			`observed: s (s.yaml:10): the run of scenario short has no region "Amsterdam"; it has: `},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := observed.Parse("s.yaml", series(c.model, c.row))
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Simulate(r)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error\n%v\nwant it to start with\n%s", err, c.want)
			}
		})
	}
}

// TestSimulateShipped runs every shipped series whose observations the
// short run covers: the definitions in the files evaluate on a real run.
func TestSimulateShipped(t *testing.T) {
	r := shortRun(t)
	for _, name := range observed.Names(scenarios.FS) {
		s, err := observed.LoadFS(scenarios.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		var keep []observed.Observation
		for _, o := range s.Observations {
			if o.Year >= 2021 && o.Year <= 2023 && o.Region == "" {
				keep = append(keep, o)
			}
		}
		if len(keep) == 0 {
			continue
		}
		s.Observations = keep
		got, err := s.Simulate(r)
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		default:
			for i, v := range got {
				if !(v > 0) {
					t.Errorf("%s, %s: model value %v", name, keep[i].Reference, v)
				}
			}
		}
	}
}
