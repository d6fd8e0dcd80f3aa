package costs

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

// pairedRuns sweeps base and alt together (common random numbers) and
// costs every run, as thuis costs does.
func pairedRuns(t *testing.T, uc *UnitCosts, runs int, base, alt *scenario.Scenario) (b, a []*Spend, seeds [2][]uint64) {
	t.Helper()
	data, _ := scenarios.FS.ReadFile("targets.yaml")
	targets, err := target.Parse("targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	b, a = make([]*Spend, runs), make([]*Spend, runs)
	seeds = [2][]uint64{make([]uint64, runs), make([]uint64, runs)}
	var mu sync.Mutex
	_, err = sweep.Run(context.Background(), sweep.Config{Scenarios: []*scenario.Scenario{base, alt}, Targets: targets, Runs: runs,
		Replications: 1, Seed: 3, Sampler: "lhs", Workers: 2, Out: t.TempDir(),
		Observe: func(name string, run int, res *sim.Result) error {
			s, err := Compute(res, uc)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if name == base.Name {
				b[run], seeds[0][run] = s, res.Seed
			} else {
				a[run], seeds[1][run] = s, res.Seed
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	return b, a, seeds
}

// TestPairedSame: a scenario against a copy of itself, with common random
// numbers, differs by nothing in any run, year or cell; no ratio is
// defined, since no Wonen Eerst spend is added.
func TestPairedSame(t *testing.T) {
	uc, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	base, alt := small(t), variant(t, "small-copy", "")
	b, a, seeds := pairedRuns(t, uc, 3, base, alt)
	if !slices.Equal(seeds[0], seeds[1]) || seeds[0][0] == seeds[0][1] {
		t.Fatalf("seeds %v and %v: want run i of both alike, runs apart", seeds[0], seeds[1])
	}
	for i := range b {
		if !slices.Equal(a[i].euro, b[i].euro) {
			t.Errorf("run %d: the copy costs differently", i)
		}
	}
	if b[0].Public(9) == b[1].Public(9) {
		t.Errorf("runs 0 and 1 cost the same: no noise to cancel, the test proves nothing")
	}
	c, err := Paired(b, a, uc, 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 9 || c.Rows[0].Year != 2023 || c.Rows[8].Year != 0 {
		t.Fatalf("rows for years %v", c.Rows)
	}
	for _, r := range c.Rows {
		if r.Diff != (Band{N: 3}) || r.Ratio.N != 0 || r.PerHoused.N != 0 || r.PerRoughNight.N != 0 {
			t.Errorf("year %d: difference %+v, ratio %+v, per housed %+v", r.Year, r.Diff, r.Ratio, r.PerHoused)
		}
	}
}

// TestPaired: more clustered homes with support cost more, house more,
// and each band holds the run-by-run values it summarises: the
// difference is alt − base run by run, the total row sums the years, and
// the ratio moves with the societal cost, lowest at the range's low end.
func TestPaired(t *testing.T) {
	uc, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	base := small(t)
	alt := variant(t, "small-more-homes", `housing:
  programme:
    clustered: {unit: units/year, choice: "what if: more clustered homes", schedule: {2023-01-01: 25, 2025-01-01: 300}}
`)
	b, a, _ := pairedRuns(t, uc, 5, base, alt)
	c, err := Paired(b, a, uc, 2023)
	if err != nil {
		t.Fatal(err)
	}
	total := c.Rows[len(c.Rows)-1]
	var diffs []float64
	for i := range b {
		var d float64
		for y := 2; y < 10; y++ { // 2023-2030
			d += a[i].Public(y) - b[i].Public(y)
		}
		diffs = append(diffs, d)
	}
	if got := band(diffs); got.N != total.Diff.N || !near(got.Median, total.Diff.Median) || !near(got.Low, total.Diff.Low) || !near(got.High, total.Diff.High) {
		t.Errorf("total difference %+v, run by run %+v", total.Diff, got)
	}
	if total.Diff.Low <= 0 || total.PerHoused.N != 5 || total.PerHoused.Low <= 0 {
		t.Errorf("more homes with support should cost more and house more in every run: %+v, per housed %+v", total.Diff, total.PerHoused)
	}
	if !(total.Diff.Low <= total.Diff.Median && total.Diff.Median <= total.Diff.High) {
		t.Errorf("band out of order: %+v", total.Diff)
	}
	if total.Ratio.N == 0 || !(total.RatioLow.Median < total.Ratio.Median && total.Ratio.Median < total.RatioHigh.Median) {
		t.Errorf("ratio %+v, at low %+v, at high %+v: want it to grow with the societal cost", total.Ratio, total.RatioLow, total.RatioHigh)
	}
	// The outputs load against their data dictionary.
	dir := t.TempDir()
	write := func(name string, f func(w io.Writer) error) {
		if err := output.WriteFile(filepath.Join(dir, name), f); err != nil {
			t.Fatal(err)
		}
	}
	write("costs.csv", func(w io.Writer) error { return WriteCSV(w, Runs{base.Name, b}, Runs{alt.Name, a}) })
	write("incremental.csv", c.WriteIncremental)
	if err := Package(alt.Name).Write(dir); err != nil {
		t.Fatal(err)
	}
	if err := output.CheckDataPackage(dir); err != nil {
		t.Error(err)
	}
	if _, err := Paired(b[:2], a, uc, 2023); err == nil {
		t.Errorf("unequal runs accepted")
	}
	if _, err := Paired(b, a, uc, 2031); err == nil {
		t.Errorf("no year accepted")
	}
}
