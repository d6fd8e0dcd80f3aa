// This file implements what drives each target: rank correlations over
// the review's own runs, or the indices of a sensitivity result (doc.go,
// "What drives a target").

package review

import (
	"fmt"
	"math"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sensitivity"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Top is the number of drivers shown per target.
const Top = 3

// driversFromRuns sets each target's drivers to the sampled parameters
// whose Spearman rank correlation with the target's value over the runs
// is largest in size, with a 95% interval by Fisher's z and the standard
// error √(1.06/(n−3)) of Fieller, Hartley and Pearson (1957). The
// parameter values are the sweep's own: the same sampler, seed and runs
// (uncertainty.NewSampler, as sweep.Run makes them).
func driversFromRuns(rv *Review, sc *scenario.Scenario, runs []*perRun, seed uint64) error {
	n := len(runs)
	rv.Drivers = DriverSource{Method: "spearman", Runs: n}
	if n < 4 {
		return nil // no interval below 4 runs; the page says there are none
	}
	s, err := uncertainty.NewSampler(uncertainty.LHS, uncertainty.Varied(sc), n, seed)
	if err != nil {
		return err
	}
	cols := s.Columns()
	xs := make([][]float64, len(cols)) // [column][run]
	for c := range xs {
		xs[c] = make([]float64, n)
	}
	for i := range n {
		for c, v := range s.Values(i) {
			xs[c][i] = v
		}
	}
	for c := range cols {
		if !constant(xs[c]) {
			rv.Drivers.Params++
		}
	}
	for k := range rv.Targets {
		y := make([]float64, n)
		for i, r := range runs {
			y[i] = r.value[k]
		}
		var ds []Driver
		for _, r := range sensitivity.RankInputs(cols, xs, y) {
			ds = append(ds, Driver{Parameter: r.Input, Index: "rho", Value: r.Rho, Low: r.Low, High: r.High})
		}
		rv.Targets[k].Drivers = ds[:min(Top, len(ds))]
	}
	return nil
}

func constant(xs []float64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return true
}

// driversFromSensitivity sets each target's drivers to the factors with
// the largest main index of the sensitivity result (μ* for Morris, ST
// for Sobol'), with their intervals. sensitivity.csv has no rows for an
// output that does not vary, so a target missing from it has no drivers;
// a result with none of the review's targets is refused.
func driversFromSensitivity(rv *Review, res *analysis.Result, dir string) error {
	rv.Drivers = DriverSource{Method: res.Method, Runs: res.Points * res.Replications, Dir: dir}
	found := 0
	for k := range rv.Targets {
		tr := &rv.Targets[k]
		for i := range res.Outputs {
			if o := &res.Outputs[i]; o.Name == tr.Target.ID {
				tr.Drivers = Drivers(res, o, Top)
				found++
			}
		}
	}
	if found == 0 && len(rv.Targets) > 0 {
		return fmt.Errorf("review: the sensitivity result%s has none of the targets (%s, ...); run thuis sensitivity with the same targets", in(dir), rv.Targets[0].Target.ID)
	}
	return nil
}

// Drivers are the n factors of a sensitivity output with the largest
// main index, with their intervals (the value itself where there is
// none).
func Drivers(res *analysis.Result, o *analysis.Output, n int) []Driver {
	if o.Constant {
		return nil
	}
	var ds []Driver
	for k, f := range o.Ranked() {
		if k >= n {
			break
		}
		x := o.Indices[f][o.Main()]
		d := Driver{Parameter: res.Factors[f], Index: x.Name, Value: x.Value, Low: x.Low, High: x.High}
		if math.IsNaN(d.Low) || math.IsNaN(d.High) {
			d.Low, d.High = d.Value, d.Value
		}
		ds = append(ds, d)
	}
	return ds
}

func in(dir string) string {
	if dir == "" {
		return ""
	}
	return " in " + dir
}
