package results

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
	"github.com/thuis-nl/thuis/scenarios"
)

var loader = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

func targets(t *testing.T) []target.Target {
	data, _ := scenarios.FS.ReadFile("targets.yaml")
	ts, err := target.Parse("targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestLoadRun reads a run directory back and checks it against the run.
func TestLoadRun(t *testing.T) {
	sc, err := loader.Load("../sweep/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sc, 3)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := target.Evaluate(res, targets(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := output.WriteDir(dir, res, outs, []string{"thuis", "run"}); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Kind != Run || got[0].Name != "small" || got[0].Seed != 3 {
		t.Fatalf("loaded %+v", got)
	}
	s := got[0]
	for i, o := range outs {
		tg := s.Targets[i]
		if tg.ID != o.ID || tg.Reached != o.Reached || tg.FirstReached != o.FirstReached || math.Abs(tg.Value-o.Value) > 1e-4*math.Max(1, math.Abs(o.Value)) {
			t.Errorf("target %s: loaded %+v, run %+v", o.ID, tg, o)
		}
	}
	last := res.Snapshots[len(res.Snapshots)-1]
	var cbs int32
	for _, v := range last.CBS {
		cbs += v
	}
	if b, ok := s.National["cbs_count"].At(last.Date); !ok || b.P50 != float64(cbs) || b.P5 != b.P95 {
		t.Errorf("cbs_count on %s: %+v, want %d", last.Date.Format(time.DateOnly), b, cbs)
	}
	if b, _ := s.National["housed"].At(last.Date); b.Mean != target.StateTotal(res, &last, 8)+target.StateTotal(res, &last, 9) {
		t.Errorf("housed: %+v", b)
	}
	if n := len(s.Regions("capacity_large")); n != 3 {
		t.Errorf("regional capacity_large for %d regions, want 3", n)
	}
	// Rough sleeping for lack of shelter under the target's name, and the
	// name of older outputs, read from either.
	want, _ := target.Metrics[output.LackOfShelter].Value(res, target.End, last.Date.Year()-1, "", 0)
	if b, _ := s.National[output.LackOfShelter].At(last.Date); b.P50 != want || s.National["rough_lack_of_shelter"] != s.National[output.LackOfShelter] {
		t.Errorf("%s on %s: %+v, want %v, also as rough_lack_of_shelter", output.LackOfShelter, last.Date.Format(time.DateOnly), b, want)
	}
	path := filepath.Join(dir, "timeseries.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(data), ","+output.LackOfShelter+",", ",rough_lack_of_shelter,")), 0o644); err != nil {
		t.Fatal(err)
	}
	old, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := old[0].National[output.LackOfShelter].At(last.Date); b.P50 != want {
		t.Errorf("%s read from rough_lack_of_shelter: %+v, want %v", output.LackOfShelter, b, want)
	}
	// The yearly p90 of stays agrees with the target metric, to the day.
	for _, y := range []int{2022, 2027} {
		want, _ := target.Metrics["shelter_stay_p90_days"].Value(res, target.Year, y, "", 0)
		if got := s.StayP90[y].P50; math.Abs(got-want) > 1 {
			t.Errorf("p90 of stays in %d: %v, metric %v", y, got, want)
		}
	}
}

// TestLoadSweepAndComparison reads a two-scenario sweep, directly and
// through a comparison index.
func TestLoadSweepAndComparison(t *testing.T) {
	a, err := loader.Load("../sweep/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := loader.Parse("../sweep/testdata/b.yaml", []byte("name: small-b\ndescription: b\nextends: small\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sw := filepath.Join(dir, "sweep")
	_, err = sweep.Run(context.Background(), sweep.Config{Scenarios: []*scenario.Scenario{a, b}, Targets: targets(t), Runs: 6,
		Replications: 1, Seed: 2, Sampler: uncertainty.LHS, Out: sw})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(sw)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "small" || got[1].Name != "small-b" || got[0].Kind != Sweep || got[0].Runs != 6 {
		t.Fatalf("loaded %d scenarios: %+v", len(got), got)
	}
	s := got[0]
	if len(s.Targets) != 10 || s.Targets[0].Runs != 6 {
		t.Errorf("targets: %+v", s.Targets)
	}
	for _, tg := range s.Targets {
		if tg.Probability < tg.Low || tg.Probability > tg.High {
			t.Errorf("%s: probability %v outside [%v, %v]", tg.ID, tg.Probability, tg.Low, tg.High)
		}
	}
	b0, ok := s.National["cbs_count"].At(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if !ok || !(b0.P5 <= b0.P50 && b0.P50 <= b0.P95) {
		t.Errorf("cbs_count band on 2026-01-01: %+v, %v", b0, ok)
	}
	if len(s.StayP90) != 10 {
		t.Errorf("p90 of stays for %d years, want 10", len(s.StayP90))
	}
	// A comparison index pointing at the sweep.
	os.WriteFile(filepath.Join(dir, ComparisonFile), []byte(`{"kind": "sweep", "scenarios": ["small", "small-b"], "dirs": ["sweep"]}`), 0o644)
	cmp, err := Load(dir)
	if err != nil || len(cmp) != 2 {
		t.Fatalf("comparison: %v, %d scenarios", err, len(cmp))
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("an empty directory loads")
	}
}
