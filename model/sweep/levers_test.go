package sweep

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
)

// TestLevers: a sweep with levers runs every policy with the same seeds
// and samples (common random numbers) and marks the lever columns.
func TestLevers(t *testing.T) {
	sc, err := loader.Parse("testdata/levers.yaml", []byte(`name: levers
extends: small.yaml
shelter:
  emergency: {value: 150, unit: places, choice: "1/20", lever: [50, 250]}
housing:
  social_relets: {value: 8000, unit: units/year, choice: "1/20", levels: [6000, 10000]}
`))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cfg := Config{Scenarios: []*scenario.Scenario{sc}, Targets: targets(t)[:2], Runs: 3, Replications: 1, Seed: 7, Sampler: "lhs",
		Workers: 2, Out: out, Levers: true, LeverPoints: 2}
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total != 12 || !sum.Finalized {
		t.Fatalf("%d runs, finalized %v; want 2 × 2 policies × 3 runs", sum.Total, sum.Finalized)
	}
	rows := readRows(t, filepath.Join(out, "runs.csv"))
	rows = dropScenario(t, rows)
	head := strings.Join(rows[0][:8], ",")
	if want := "run,policy,sample,replication,seed,events,lever.shelter.emergency.value,lever.housing.social_relets.value"; head != want {
		t.Errorf("runs.csv starts %s, want %s", head, want)
	}
	for _, c := range rows[0][8:] {
		if strings.HasPrefix(c, "shelter.emergency.") {
			t.Errorf("the lever is also a sampled column")
		}
	}
	if len(rows) != 13 {
		t.Fatalf("%d rows, want 12", len(rows)-1)
	}
	sampled := 8 // the sampled columns run to the first target's value, before its reached
	for !strings.HasSuffix(rows[0][sampled], ".reached") {
		sampled++
	}
	sampled--
	policies := map[string]bool{}
	for i, r := range rows[1:] {
		policies[r[6]+"/"+r[7]] = true
		// Run i of every policy has the seed and the sampled values of run i mod 3.
		base := rows[1+i%3]
		if r[4] != base[4] || strings.Join(r[8:sampled], ",") != strings.Join(base[8:sampled], ",") {
			t.Errorf("run %d: seed or samples differ from run %d's", i, i%3)
		}
	}
	if len(policies) != 4 || !policies["50/6000"] || !policies["250/10000"] {
		t.Errorf("policies %v", policies)
	}
	pol := dropScenario(t, readRows(t, filepath.Join(out, "policies.csv")))
	if got := strings.Join(pol[0], ","); got != "policy,lever.shelter.emergency.value,lever.housing.social_relets.value,target,runs,reached,probability,ci95_low,ci95_high" {
		t.Errorf("policies.csv header %s", got)
	}
	if len(pol) != 1+4*2 {
		t.Errorf("policies.csv has %d rows, want 4 policies × 2 targets", len(pol)-1)
	}
	// A scenario with no lever is refused.
	cfg.Scenarios, cfg.Out = []*scenario.Scenario{small(t)}, t.TempDir()
	if _, err := Run(context.Background(), cfg); err == nil || err.Error() != "sweep: scenario small declares no lever; give a choice levels: [...] or lever: [low, high]" {
		t.Errorf("no levers: %v", err)
	}
}

func readRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// dropScenario checks that the first column is the scenario, levers, and
// returns the rows without it.
func dropScenario(t *testing.T, rows [][]string) [][]string {
	t.Helper()
	out := make([][]string, len(rows))
	for i, r := range rows {
		if want := map[bool]string{true: "scenario", false: "levers"}[i == 0]; r[0] != want {
			t.Fatalf("row %d: first column %q, want %q", i, r[0], want)
		}
		out[i] = r[1:]
	}
	return out
}
