// This file implements the sensitivity of the Wonen Eerst ratio to the
// unit costs drawn per run (doc.go, "Unit costs varied per run").

package costs

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sensitivity"
)

// RatioDriver is one unit cost's Spearman rank correlation with the
// Wonen Eerst ratio over the runs, with its 95% interval.
type RatioDriver struct {
	Path           string
	Rho, Low, High float64
	Runs           int // runs in which the ratio is defined
}

// RatioDrivers returns, for each varied unit cost, its rank correlation
// with the runs' Wonen Eerst ratio (c.Ratios), largest in size first:
// which unit costs drive the "every euro saves 2.5" ratio. drawn are the
// unit costs each run was priced with (UnitCosts.Draw), in run order.
// Runs in which the ratio is not defined are left out; with fewer than 4
// left there is no interval (NaN). Unit costs held at their values (a
// file without ranges, or no draw) give no drivers.
func RatioDrivers(c *Comparison, drawn []*UnitCosts) ([]RatioDriver, error) {
	if len(drawn) != len(c.Ratios) {
		return nil, fmt.Errorf("costs: %d drawn unit costs for %d runs", len(drawn), len(c.Ratios))
	}
	var keep []int
	for i, r := range c.Ratios {
		if !math.IsNaN(r) {
			keep = append(keep, i)
		}
	}
	if len(keep) < 2 || len(drawn) == 0 {
		return nil, nil
	}
	paths := drawn[0].Paths()
	y := make([]float64, len(keep))
	for k, i := range keep {
		y[k] = c.Ratios[i]
	}
	var out []RatioDriver
	for p, path := range paths {
		x := make([]float64, len(keep))
		for k, i := range keep {
			x[k] = drawn[i].Values()[p]
		}
		rho := sensitivity.Spearman(x, y)
		if math.IsNaN(rho) {
			continue // held at its value
		}
		lo, hi := sensitivity.SpearmanInterval(rho, len(keep))
		out = append(out, RatioDriver{Path: path, Rho: rho, Low: lo, High: hi, Runs: len(keep)})
	}
	sort.SliceStable(out, func(a, b int) bool { return math.Abs(out[a].Rho) > math.Abs(out[b].Rho) })
	return out, nil
}

// WriteRatioDrivers writes ratio-drivers.csv: one row per unit cost.
func WriteRatioDrivers(w io.Writer, ds []RatioDriver) error {
	if _, err := io.WriteString(w, "unit_cost,rho,low,high,runs\n"); err != nil {
		return err
	}
	for _, d := range ds {
		_, err := fmt.Fprintf(w, "%s,%s,%s,%s,%d\n", output.CSVField(d.Path), output.NumOrEmpty(output.Round(d.Rho, 4)),
			output.NumOrEmpty(output.Round(d.Low, 4)), output.NumOrEmpty(output.Round(d.High, 4)), d.Runs)
		if err != nil {
			return err
		}
	}
	return nil
}

// ratioDriversField describes ratio-drivers.csv for Package.
var ratioDriversFields = []output.Field{
	{Name: "unit_cost", Type: "string", Description: "the unit cost, as section.key of the unit-costs file"},
	{Name: "rho", Type: "number", Unit: "correlation", Description: "Spearman rank correlation of the unit cost drawn per run with the run's Wonen Eerst ratio over all years"},
	{Name: "low", Type: "number", Unit: "correlation", Description: "95% interval, low end (Fisher z, Fieller-Hartley-Pearson variance); empty below 4 runs"},
	{Name: "high", Type: "number", Unit: "correlation", Description: "95% interval, high end"},
	{Name: "runs", Type: "integer", Unit: "runs", Description: "runs in which the ratio is defined"},
}
