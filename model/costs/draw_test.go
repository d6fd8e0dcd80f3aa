package costs

import (
	"context"
	"io"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sim"
)

// TestDraw: a draw is reproducible from (seed, run), differs between
// runs, stays in every range, leaves the costs without a range alone, and
// has the triangle's mean (low + value + high)/3: over 4000 runs within 4
// standard errors (the triangle's variance over 4000).
func TestDraw(t *testing.T) {
	uc, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	varied := uc.Varied()
	if len(varied) == 0 {
		t.Fatal("the shipped unit costs vary nothing")
	}
	if a, b := uc.Draw(3, 5).Values(), uc.Draw(3, 5).Values(); !slices.Equal(a, b) {
		t.Error("the same seed and run drew different unit costs")
	}
	if a, b := uc.Draw(3, 5).Values(), uc.Draw(3, 6).Values(); slices.Equal(a, b) {
		t.Error("runs 5 and 6 drew the same unit costs")
	}
	const n = 4000
	sums := make([]float64, len(varied))
	for i := range n {
		d := uc.Draw(1, i)
		for k, v := range d.Values() {
			u := varied[k]
			if v < u.Range[0] || v > u.Range[1] {
				t.Fatalf("run %d: %s = %g outside [%g, %g]", i, u.Path(), v, u.Range[0], u.Range[1])
			}
			sums[k] += v
		}
		for j, u := range d.Items {
			if u.Assumption == "" && u.Value != uc.Items[j].Value {
				t.Fatalf("%s has no range but was drawn", u.Path())
			}
		}
	}
	for k, u := range varied {
		a, b, c := u.Range[0], u.Range[1], u.Value
		mean := (a + b + c) / 3
		sd := math.Sqrt((a*a + b*b + c*c - a*b - a*c - b*c) / 18)
		if got := sums[k] / n; math.Abs(got-mean) > 4*sd/math.Sqrt(n) {
			t.Errorf("%s: mean draw %g; the triangle's mean is %g (sd %g)", u.Path(), got, mean, sd)
		}
	}
}

// TestConservationDrawn: priced with drawn unit costs, a run's spend is
// still conserved (cells over regions, payers and years equal the
// category totals) and every category is its quantity times the cost the
// run drew: shelter nights, support years and homeless years.
func TestConservationDrawn(t *testing.T) {
	uc, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), small(t), 7)
	if err != nil {
		t.Fatal(err)
	}
	d := uc.Draw(11, 2)
	s, err := Compute(res, d)
	if err != nil {
		t.Fatal(err)
	}
	var cells, totals float64
	for y := range s.Years {
		for r := range s.Regions {
			for p := range Payers {
				for c := Category(0); c < NumCategories; c++ {
					cells += s.At(y, r, p, c)
				}
			}
		}
	}
	for c := Category(0); c < NumCategories; c++ {
		totals += s.Total(c)
	}
	if !near(cells, totals) {
		t.Errorf("cells %.2f, categories %.2f", cells, totals)
	}
	sum := func(xs []float64) (v float64) {
		for _, x := range xs {
			v += x
		}
		return v
	}
	soc := d.Get(SectionSocietal, "homeless").Value
	if soc == uc.Get(SectionSocietal, "homeless").Value {
		t.Fatal("the societal cost was not drawn")
	}
	if got, want := s.Total(Societal), sum(s.HomelessYears)*soc; !near(got, want) || s.SocietalCost != soc {
		t.Errorf("societal %.2f; homeless years × drawn cost %.2f (cost recorded %g, drawn %g)", got, want, s.SocietalCost, soc)
	}
	var nights float64
	for i := 0; i < res.Months(); i++ {
		for r := range s.Regions {
			nights += res.OccupiedDays(i, r, 0)
		}
	}
	if got, want := s.Total(ShelterEmergency), nights*d.Get(SectionShelter, res.Kinds[0]).Value; !near(got, want) {
		t.Errorf("emergency shelter %.2f; nights × drawn cost %.2f", got, want)
	}
}

// TestRatioDrivers: the societal cost, which only the numerator of the
// ratio carries and whose range is the widest (15,000 to 100,000 euros),
// drives it up, clearly (its interval above 0) even over 12 runs.
func TestRatioDrivers(t *testing.T) {
	uc, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	base, alt := small(t), variant(t, "more-homes", "housing:\n  programme:\n    clustered: {value: 300, unit: units/year, choice: \"test\"}\n")
	const runs = 12
	var bs, as []*Spend
	var drawn []*UnitCosts
	for i := range runs {
		d := uc.Draw(5, i)
		drawn = append(drawn, d)
		rb, err := sim.Run(context.Background(), base, uint64(100+i))
		if err != nil {
			t.Fatal(err)
		}
		ra, err := sim.Run(context.Background(), alt, uint64(100+i))
		if err != nil {
			t.Fatal(err)
		}
		sb, err := Compute(rb, d)
		if err != nil {
			t.Fatal(err)
		}
		sa, err := Compute(ra, d)
		if err != nil {
			t.Fatal(err)
		}
		bs, as = append(bs, sb), append(as, sa)
	}
	c, err := Paired(bs, as, uc, 2023)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := RatioDrivers(c, drawn)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		t.Fatal("no drivers")
	}
	for _, d := range ds {
		t.Logf("%-28s ρ = %+.2f [%+.2f, %+.2f] over %d runs", d.Path, d.Rho, d.Low, d.High, d.Runs)
	}
	if ds[0].Path != "societal.homeless" || ds[0].Low <= 0 {
		t.Errorf("the first driver is %s (ρ %.2f, low %.2f); want societal.homeless, positive", ds[0].Path, ds[0].Rho, ds[0].Low)
	}
	// ratio-drivers.csv loads against its data dictionary.
	dir := t.TempDir()
	if err := output.WriteFile(filepath.Join(dir, "ratio-drivers.csv"), func(w io.Writer) error { return WriteRatioDrivers(w, ds) }); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{{"costs.csv", func(w io.Writer) error { return WriteCSV(w, Runs{base.Name, bs}, Runs{alt.Name, as}) }}, {"incremental.csv", c.WriteIncremental}} {
		if err := output.WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			t.Fatal(err)
		}
	}
	if err := PackageDrawn(alt.Name).Write(dir); err != nil {
		t.Fatal(err)
	}
	if err := output.CheckDataPackage(dir); err != nil {
		t.Error(err)
	}
	// Mismatched draws are refused.
	if _, err := RatioDrivers(c, drawn[:3]); err == nil || err.Error() != "costs: 3 drawn unit costs for 12 runs" {
		t.Errorf("error %v", err)
	}
	// Paired runs priced differently are refused.
	as[0].SocietalCost++
	if _, err := Paired(bs, as, uc, 2023); err == nil {
		t.Error("paired runs with different unit costs were accepted")
	}
}
