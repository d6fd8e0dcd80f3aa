package scenario_test

import (
	"math"
	"os"
	"regexp"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
)

// readmeVariants are the variant files the top-level README shows, by
// their file name (the "# NAME.yaml:" comment on their first line).
func readmeVariants(t *testing.T) map[string][]byte {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, m := range regexp.MustCompile("(?s)```yaml\n(# ([a-z-]+\\.yaml):.*?)```").FindAllSubmatch(readme, -1) {
		out[string(m[2])] = m[1]
	}
	return out
}

// The README's variants do what their comments say.
func TestREADMEVariants(t *testing.T) {
	vs := readmeVariants(t)
	if len(vs) != 2 {
		t.Fatalf("found %d variants in README.md (%v), want my-variant.yaml and later-afbouw.yaml", len(vs), vs)
	}
	plan := mustLoad(t, "eerst-een-thuis")

	// "the plan, but 4,000 Wonen Eerst homes a year from 2025": 500 a year
	// in 2023 and 2024, 4,000 from 2025.
	my := mustParse(t, "my-variant.yaml", vs["my-variant.yaml"])
	years := map[int]scenario.YearValue{}
	for _, c := range scenario.Diff(plan, my) {
		if c.Path != "housing.programme.clustered" || !c.PerYear {
			t.Errorf("my-variant changes %s (per year %v); want only housing.programme.clustered", c.Path, c.PerYear)
		}
		for _, y := range c.Years {
			years[y.Year] = y
		}
	}
	for year, want := range map[int]float64{2023: 500, 2024: 500, 2025: 4000, 2030: 4000} {
		if got := years[year].Now; math.Abs(got-want) > 0.5 {
			t.Errorf("my-variant: %g Wonen Eerst homes in %d, want %g", got, year, want)
		}
	}

	// "the first 22 regions close by 2027; the other 21 still close by 2030
	// and the small-scale rebuild stays."
	later := mustParse(t, "later-afbouw.yaml", vs["later-afbouw.yaml"])
	got, want := schedulesByName(t, later), schedulesByName(t, plan)
	if len(got) != 3 {
		t.Fatalf("later-afbouw has %d schedules, want the plan's 3", len(got))
	}
	first := got["large-first-22-by-2025"]
	if len(first.Regions) != 22 || first.Factor.At(date("2026-01-01")) <= 0 || first.Factor.At(date("2027-01-01")) != 0 {
		t.Errorf("later-afbouw: first 22 regions: %d regions, factor %s", len(first.Regions), first.Factor.Describe())
	}
	for _, name := range []string{"large-rest-by-2030", "small-rebuild"} {
		if got[name].Factor.Describe() != want[name].Factor.Describe() || len(got[name].Regions) != len(want[name].Regions) {
			t.Errorf("later-afbouw: %s is %s in %d regions, want the plan's %s in %d", name, got[name].Factor.Describe(), len(got[name].Regions), want[name].Factor.Describe(), len(want[name].Regions))
		}
	}
}
