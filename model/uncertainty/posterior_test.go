package uncertainty

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
)

// A calibrated variant: a knot with its own range, a scalar, and a
// posterior sample over both, beside the file.
func calibratedVariant(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := loadCalibratedVariant(t, "inflow.migration.rate@2022-01-01,population.ethos1")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// loadCalibratedVariant loads the calibrated variant with a posterior file
// whose parameter columns are header.
func loadCalibratedVariant(t *testing.T, header string) (*scenario.Scenario, error) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("post.csv", "particle,weight,"+header+"\n0,1,1000,1500\n1,3,5000,3500\n")
	write("v.yaml", `name: v
description: "calibrated variant"
extends: history
posterior: {file: post.csv}
population:
  ethos1: {value: 2000, unit: people, calibrated: "fitted", range: [1000, 4000]}
inflow:
  migration:
    into: homeless
    rate: {unit: people/year, calibrated: "fitted", calibrate: true, schedule: {2021-01-01: 3000, 2022-01-01: {value: 3000, range: [500, 6000]}}}
    prevented: {value: 0, unit: share, assumption: "no specific prevention", range: [0, 0.1]}
`)
	return scenario.Loader{Shipped: loader.Shipped}.Load(filepath.Join(dir, "v.yaml"))
}

// TestPosteriorColumnNames: a posterior file may name its columns as
// runs.csv does (Param.Names), which R keeps as they are, or by the
// parameters' paths; both load the same, and naming one parameter twice is
// an error.
func TestPosteriorColumnNames(t *testing.T) {
	byPath := calibratedVariant(t)
	joint := Varied(byPath)[0]
	names := joint.Names()
	if want := []string{"inflow.migration.rate.at_2022_01_01.value", "population.ethos1.value"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("Names = %v, want %v", names, want)
	}
	byName, err := loadCalibratedVariant(t, strings.Join(names, ","))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(byName.Posterior.Columns, byPath.Posterior.Columns) || !reflect.DeepEqual(byName.Posterior.Rows, byPath.Posterior.Rows) {
		t.Errorf("by name: columns %v rows %v; by path: %v %v", byName.Posterior.Columns, byName.Posterior.Rows, byPath.Posterior.Columns, byPath.Posterior.Rows)
	}
	for header, want := range map[string]string{
		"inflow.migration.rate@2022-01-01,inflow.migration.rate.at_2022_01_01.value": `columns "inflow.migration.rate@2022-01-01" and "inflow.migration.rate.at_2022_01_01.value" both name parameter inflow.migration.rate@2022-01-01`,
		"inflow.migration.rate.at_2022_01_01.factor,population.ethos1.value":         `column "inflow.migration.rate.at_2022_01_01.factor" is not a parameter of scenario v`,
	} {
		_, err := loadCalibratedVariant(t, header)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("header %s: error %v, want %q", header, err, want)
		}
	}
}

// TestKnotAndPosterior: a knot with a range is a parameter of its own; a
// posterior replaces the parameters it holds by whole rows, drawn by
// weight, and Apply sets them.
func TestKnotAndPosterior(t *testing.T) {
	sc := calibratedVariant(t)
	priors := Priors(sc)
	var knot *Param
	for i := range priors {
		if priors[i].Path == "inflow.migration.rate@2022-01-01" {
			knot = &priors[i]
		}
	}
	if knot == nil || knot.Kind != Value || !knot.Calibrate || knot.Dist.P["min"] != 500 || knot.Dist.P["max"] != 6000 {
		t.Fatalf("knot parameter: %+v", knot)
	}
	ps := Varied(sc)
	if len(sc.Posterior.Dropped) != 0 {
		t.Errorf("columns dropped: %v", sc.Posterior.Dropped)
	}
	if ps[0].Kind != Joint || !reflect.DeepEqual(ps[0].Columns(), []string{"inflow.migration.rate@2022-01-01", "population.ethos1"}) {
		t.Fatalf("first varied parameter %+v, want the joint posterior", ps[0])
	}
	for _, p := range ps[1:] {
		if p.Path == "population.ethos1" || p.Path == knot.Path {
			t.Fatalf("%s varies on its own as well as in the posterior", p.Path)
		}
	}
	for _, method := range []string{Random, LHS} {
		s, err := NewSampler(method, ps, 400, 9)
		if err != nil {
			t.Fatal(err)
		}
		second := 0
		for i := 0; i < 400; i++ {
			v := s.Values(i)
			switch {
			case v[0] == 1000 && v[1] == 1500:
			case v[0] == 5000 && v[1] == 3500:
				second++
			default:
				t.Fatalf("%s sample %d: %v is not a posterior row", method, i, v[:2])
			}
		}
		// Weight 3/4; LHS strata make it exact, random within 4 SE.
		if se := 0.0217 * 400; float64(second) < 300-4*se || float64(second) > 300+4*se {
			t.Errorf("%s: second row drawn %d times in 400, want about 300", method, second)
		}
		c, err := Apply(sc, ps, s.Values(0))
		if err != nil {
			t.Fatal(err)
		}
		v := s.Values(0)
		rate := c.Inflow[len(c.Inflow)-1].Rate
		if got := rate.At(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)); got != v[0] {
			t.Errorf("knot after Apply = %g, want %g", got, v[0])
		}
		if got := rate.At(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)); got != 3000 {
			t.Errorf("the other knot changed to %g", got)
		}
		if got := c.Population.Stock[1].Value; got != v[1] {
			t.Errorf("population.ethos1 after Apply = %g, want %g", got, v[1])
		}
	}
}

// TestVariantTakesOverAPosteriorColumn: a variant of a calibrated scenario
// that sets a calibrated parameter itself takes it out of the posterior;
// the other columns are still drawn jointly.
func TestVariantTakesOverAPosteriorColumn(t *testing.T) {
	sc := calibratedVariant(t)
	dir := filepath.Dir(sc.File)
	text := `name: w
description: "a variant that fixes one calibrated parameter"
extends: v
population:
  ethos1: {value: 2500, unit: people, choice: "a policy of counting"}
`
	if err := os.WriteFile(filepath.Join(dir, "w.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := scenario.Loader{Shipped: loader.Shipped}.Load(filepath.Join(dir, "w.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w.Posterior.Dropped, []string{"population.ethos1"}) || !reflect.DeepEqual(w.Posterior.Columns, []string{"inflow.migration.rate@2022-01-01"}) {
		t.Fatalf("dropped %v, columns %v", w.Posterior.Dropped, w.Posterior.Columns)
	}
	if !reflect.DeepEqual(w.Posterior.Rows, [][]float64{{1000}, {5000}}) {
		t.Errorf("rows %v", w.Posterior.Rows)
	}
	for _, p := range Varied(w) {
		if p.Path == "population.ethos1" {
			t.Errorf("population.ethos1 varies, but the variant chose it")
		}
	}
}
