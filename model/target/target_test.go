package target

import (
	"bytes"
	"context"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

var update = flag.Bool("update", false, "rewrite golden files")

func shippedTargets(t *testing.T) []Target {
	t.Helper()
	data, err := scenarios.FS.ReadFile("targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := Parse("targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestShippedTargets(t *testing.T) {
	ts := shippedTargets(t)
	years := map[int]int{}
	for _, tg := range ts {
		years[tg.Year]++
	}
	if len(ts) < 8 || years[2025] == 0 || years[2030] == 0 {
		t.Errorf("shipped targets: %d, by year %v; want the brief's 2025 and 2030 targets", len(ts), years)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown metric", `targets:
  - {id: X, year: 2025, description: {nl: a, en: b}, metric: happiness, aggregate: end, comparator: "<", threshold: 1, source: s}`,
			[]string{`t.yaml:2: targets[0].metric: unknown metric "happiness"; allowed: became_homeless, became_homeless_share, cbs_count,`}},
		{"missing Dutch, bad comparator, wrong aggregate", `targets:
  - {id: X, year: 2025, description: {en: b}, metric: cbs_count, aggregate: total, comparator: "=", threshold: 1, source: s}`,
			[]string{`t.yaml:2: targets[0].description.nl: missing: every target is described in Dutch (nl) and English (en)`,
				`t.yaml:2: targets[0].aggregate: "total" is not allowed for cbs_count; allowed: jan1, end, mean, max, min`,
				`t.yaml:2: targets[0].comparator: "=" is not allowed; allowed: <, <=, >, >=`}},
		{"duplicate id, missing from", `targets:
  - {id: X, year: 2025, description: {nl: a, en: b}, metric: cbs_count, aggregate: end, comparator: "<", threshold: 1, source: s}
  - {id: X, year: 2030, description: {nl: a, en: b}, metric: became_homeless_share, aggregate: year, comparator: "<", threshold: 1, source: s}`,
			[]string{`t.yaml:3: targets[1].id: "X" is used twice (first at line 2)`, `t.yaml:3: targets[1].from: metric became_homeless_share needs from: an inflow source (e.g. eviction)`}},
		{"unknown field", `targets:
  - {id: X, year: 2025, description: {nl: a, en: b}, metric: cbs_count, aggregate: end, comparator: "<", threshold: 1, source: s, colour: red}`,
			[]string{`t.yaml:2: targets[0].colour: unknown field; allowed: aggregate, comparator, description, from, id, metric, name, note, since, source, threshold, year`}},
	}
	for _, c := range cases {
		_, err := Parse("t.yaml", []byte(c.yaml))
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%v\ndoes not contain\n%s", c.name, err, w)
			}
		}
	}
}

func TestHolds(t *testing.T) {
	for _, c := range []struct {
		cmp  string
		v    float64
		want bool
	}{{"<", 1, true}, {"<", 2, false}, {"<=", 2, true}, {">", 2, false}, {">", 3, true}, {">=", 2, true}, {">=", 1.999, false}} {
		tg := Target{Comparator: c.cmp, Threshold: 2}
		if got := tg.Holds(c.v); got != c.want {
			t.Errorf("%g %s 2 = %v, want %v", c.v, c.cmp, got, c.want)
		}
	}
}

// TestStayLengths: stays that ended in the year count whole; stays ongoing
// at the year's end count up to it; stays outside the year do not count.
func TestStayLengths(t *testing.T) {
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) float64 {
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
	}
	r := &sim.Result{Scenario: &scenario.Scenario{Start: start}, Stays: []sim.Stay{
		{Start: d(2021, 3, 1), End: d(2021, 6, 1)},                  // ended 2021: 92 days
		{Start: d(2021, 12, 1), End: d(2022, 2, 1)},                 // ongoing at end of 2021: 31 days; ended 2022: 62
		{Start: d(2020, 1, 1), End: d(2023, 1, 1), Ongoing: true},   // initial, ongoing: 731 at end 2021
		{Start: d(2022, 1, 5), End: d(2022, 1, 10)},                 // 2022 only
		{Start: d(2019, 1, 1), End: d(2020, 12, 31), Initial: true}, // before the run's years
	}}
	got := StayLengths(r, 2021)
	want := []float64{31, 92, 731}
	if len(got) != len(want) {
		t.Fatalf("2021: %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("2021: %v, want %v", got, want)
		}
	}
	if got := StayLengths(r, 2022); len(got) != 3 || got[0] != 5 || got[1] != 62 || got[2] != 1096 {
		t.Errorf("2022: %v, want [5 62 1096]", got)
	}
}

// TestEvaluateRun checks the scorecard of a real run against the run's own
// numbers, computed here a second way.
func TestEvaluateRun(t *testing.T) {
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Load("eerst-een-thuis")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := Evaluate(res, shippedTargets(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Reached != o.Holds(o.Value) || o.Margin != o.Value-o.Threshold {
			t.Errorf("%s: inconsistent outcome %+v", o.ID, o)
		}
		if o.Reached && (o.FirstReached == 0 || o.FirstReached > o.Year) {
			t.Errorf("%s: reached in %d but first reached %d", o.ID, o.Year, o.FirstReached)
		}
		switch o.ID {
		case "T8-social-homes-built":
			if math.Abs(o.Value-250000) > 1e-6 {
				t.Errorf("social homes 2023-2030 in the plan: %v, want 250,000", o.Value)
			}
		case "T7b-no-rough-sleeping":
			end := res.Snapshots[len(res.Snapshots)-1]
			if want := StateTotal(res, &end, ethos.PublicSpace); o.Value != want {
				t.Errorf("rough sleeping at the end of 2030: %v, snapshot says %v", o.Value, want)
			}
		case "T1-count-below-2021":
			var max int64
			for _, s := range res.Snapshots {
				if s.Date.Year() == 2025 {
					if n := sum(s.CBS); n > max {
						max = n
					}
				}
			}
			if o.Value != float64(max) {
				t.Errorf("max CBS count in 2025: %v, recomputed %v", o.Value, max)
			}
		}
	}
	if _, err := Evaluate(res, []Target{{ID: "late", Year: 2035, Metric: "cbs_count", Aggregate: End, Comparator: "<"}}); err == nil ||
		!strings.Contains(err.Error(), "year 2035 is outside the run's whole years 2009-2030") {
		t.Errorf("target after the run: err = %v", err)
	}
}

// TestScorecardGolden pins the scorecard text in both languages.
func TestScorecardGolden(t *testing.T) {
	ts := shippedTargets(t)
	outs := make([]Outcome, len(ts))
	for i, tg := range ts {
		v := float64(3000 * (i + 1))
		switch Metrics[tg.Metric].Unit {
		case "share":
			v = 0.1 * float64(i)
		case "ratio":
			v = 0.5 * float64(i)
		case "days":
			v = 30 * float64(i)
		}
		outs[i] = Outcome{Target: tg, Value: v, Reached: tg.Holds(v), Margin: v - tg.Threshold}
		if outs[i].Reached {
			outs[i].FirstReached = 2024
		}
	}
	for _, lang := range Languages {
		var buf bytes.Buffer
		if err := WriteScorecard(&buf, "example", 7, outs, lang); err != nil {
			t.Fatal(err)
		}
		golden(t, "testdata/scorecard."+lang+".golden", buf.Bytes())
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, outs[:2]); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/scorecard.json.golden", buf.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output:\n%s\n(run go test ./model/target -update if the change is intended)", path, got)
	}
}

// TestFirstReached: the year from which a target holds for good, not the
// first year it held by accident (a run from 2009 has years long before
// the plan).
func TestFirstReached(t *testing.T) {
	h := func(years ...int) map[int]bool {
		m := map[int]bool{}
		for _, y := range years {
			m[y] = true
		}
		return m
	}
	for _, c := range []struct {
		name       string
		holds      map[int]bool
		year, last int
		want       int
	}{
		{"held early, lost, regained before the target year", h(2009, 2010, 2023, 2024, 2025, 2026), 2025, 2030, 2023},
		{"held early, lost by the target year", h(2009, 2010, 2011), 2025, 2030, 0},
		{"reached only in the target year", h(2025), 2025, 2030, 2025},
		{"reached later and kept", h(2009, 2027, 2028, 2029, 2030), 2025, 2030, 2027},
		{"reached later but lost again", h(2027, 2028), 2025, 2030, 0},
		{"never", h(), 2025, 2030, 0},
		{"held throughout", h(2021, 2022, 2023, 2024, 2025), 2025, 2025, 2021},
	} {
		if got := firstReached(c.holds, c.year, c.last); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// TestEmpiricalQuantile: selection gives gonum's empirical quantile of
// the sorted values, bit for bit, at every rank, with ties.
func TestEmpiricalQuantile(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 60; n++ {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(rng.IntN(8)) + rng.Float64()*float64(rng.IntN(2)) // with ties
		}
		sorted := append([]float64(nil), xs...)
		sort.Float64s(sorted)
		for _, p := range []float64{0, 0.1, 0.5, 0.9, 1, float64(rng.IntN(n+1)) / float64(n)} {
			want := stat.Quantile(p, stat.Empirical, sorted, nil)
			if got := EmpiricalQuantile(p, append([]float64(nil), xs...)); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("n=%d p=%v: %v, want %v", n, p, got, want)
			}
		}
	}
}

// TestStaysByYear: the stays gathered once give every year the same
// lengths, in the same order, as gathering that year alone; and the stay
// metrics evaluated from them (as Evaluate does, every year for
// first_reached) have the same bits as Metric.Value's.
func TestStaysByYear(t *testing.T) {
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) float64 {
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
	}
	made := &sim.Result{Scenario: &scenario.Scenario{Start: start, End: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}, Stays: []sim.Stay{
		{Start: d(2021, 3, 1), End: d(2021, 6, 1)},
		{Start: d(2021, 12, 1), End: d(2022, 2, 1)},
		{Start: d(2020, 1, 1), End: d(2023, 1, 1), Ongoing: true},
		{Start: d(2022, 1, 5), End: d(2022, 1, 10)},
		{Start: d(2019, 1, 1), End: d(2020, 12, 31), Initial: true},
		{Start: d(2021, 6, 1), End: d(2022, 1, 1)}, // ends at midnight on 1 January 2022: counted in both years, as alone
	}}
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Load("eerst-een-thuis")
	if err != nil {
		t.Fatal(err)
	}
	run, err := sim.Run(context.Background(), sc, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*sim.Result{made, run} {
		first, last := WholeYears(r.Scenario.Start, r.Scenario.End)
		st := StaysByYear(r)
		for y := first - 1; y <= last+1; y++ {
			got, want := st.Lengths(y), stayLengths(r, y)
			if y < first || y > last {
				if got != nil {
					t.Errorf("%s %d, not a whole year of the run: %v, want nil", r.Scenario.Name, y, got)
				}
				continue
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s %d: %d lengths %v..., want %d %v...", r.Scenario.Name, y, len(got), head(got), len(want), head(want))
			}
		}
	}
	var targets []Target
	for _, name := range []string{"shelter_stay_p90_days", "shelter_stay_median_days", "shelter_stay_max_days", "shelter_stay_share_over_90_days"} {
		targets = append(targets, Target{ID: name, Metric: name, Aggregate: Year, Year: 2025, Comparator: "<=", Threshold: 365})
	}
	outs, err := Evaluate(run, targets)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		want, err := Metrics[o.Target.Metric].Value(run, Year, 2025, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(o.Value) != math.Float64bits(want) {
			t.Errorf("%s: %v from the gathered stays, %v alone", o.Target.Metric, o.Value, want)
		}
	}
}

func head(xs []float64) []float64 { return xs[:min(len(xs), 5)] }
