// This file implements the data dictionaries (datapackage.json, see
// output.Package) of the directories thuis sensitivity and thuis discover
// write.

package analysis

import "github.com/thuis-nl/thuis/model/output"

// Package describes sensitivity.csv, as WriteCSV writes it.
func (r *Result) Package() *output.Package {
	p := output.NewPackage("thuis-sensitivity", "thuis sensitivity ("+r.Method+")",
		"Sensitivity indices per output and uncertain parameter, with bootstrap intervals.")
	p.Add("sensitivity.csv", "one row per output, parameter and index", []output.Field{
		{Name: "method", Type: "string", Description: "morris or sobol"},
		{Name: "output", Type: "string", Description: "what is measured: a target's value, or the CBS count or rough sleeping on 1 January of a year"},
		{Name: "parameter", Type: "string", Description: "the uncertain parameter (a split counts as one; posterior: a calibrated posterior), or (noise) for the stochastic noise"},
		{Name: "index", Type: "string", Description: "the index: mu_star, mu and sigma (Morris: in the output's unit); S1 and ST (Sobol': shares of the variance); noise_share and noise_share_of_means"},
		{Name: "value", Type: "number", Unit: "the output's unit (Morris mu_star, mu, sigma) or share (the others)", Description: "the index's value, to 6 decimals"},
		{Name: "low", Type: "number", Unit: "as value", Description: "95% bootstrap interval, low end; empty where there is none"},
		{Name: "high", Type: "number", Unit: "as value", Description: "95% bootstrap interval, high end; empty where there is none"},
	})
	if r.HasPosteriorRanks() {
		p.Add("posterior-ranks.csv", "which calibrated parameters go with each output: one row per output and column of the calibrated posterior (drawn whole as the one factor posterior), strongest first", []output.Field{
			{Name: "output", Type: "string", Description: "as in sensitivity.csv"},
			{Name: "column", Type: "string", Description: "the posterior's column: a parameter path (a knot PATH@DATE, a share PATH.KEY)"},
			{Name: "rho", Type: "number", Unit: "correlation", Description: "Spearman rank correlation of the column's value with the output (its mean over replications) over the design points; the columns are correlated, so this is association, not a share of the variance"},
			{Name: "low", Type: "number", Unit: "correlation", Description: "95% interval (Fisher's z, as sensitivity.SpearmanInterval), low end"},
			{Name: "high", Type: "number", Unit: "correlation", Description: "95% interval (Fisher's z), high end"},
			{Name: "points", Type: "integer", Unit: "design points", Description: "the design points the correlation is over"},
		})
	}
	return p
}

// Package describes trajectory.csv and box.csv, as WriteTrajectory and
// WriteBox write them.
func (d *Discovery) Package() *output.Package {
	p := output.NewPackage("thuis-discover-"+d.Target, "thuis discover "+d.Target,
		"PRIM over the runs of a sweep: the box of levers and assumptions in which target "+d.Target+" is missed.")
	p.Add("trajectory.csv", "the peeling trajectory: one row per step", []output.Field{
		{Name: "step", Type: "integer", Unit: "index", Description: "the step, from 0 (all runs)"},
		{Name: "coverage", Type: "number", Unit: "share", Description: "share of the misses inside the box"},
		{Name: "density", Type: "number", Unit: "share", Description: "share of the runs inside the box that miss the target"},
		{Name: "mass", Type: "number", Unit: "share", Description: "share of all runs inside the box"},
		{Name: "cases", Type: "integer", Unit: "runs", Description: "runs inside the box"},
		{Name: "hits", Type: "integer", Unit: "runs", Description: "runs inside the box that miss the target"},
		{Name: "pasted", Type: "boolean", Description: "the step widened the box again (pasting)"},
		{Name: "restricted", Type: "string", Description: "the parameters the box restricts, separated by semicolons"},
	}, "step")
	p.Add("box.csv", "the chosen box: one row per restricted parameter", []output.Field{
		{Name: "parameter", Type: "string", Description: "the lever or assumption, by its path (see runs.csv's data dictionary for its column)"},
		{Name: "kind", Type: "string", Description: "lever or assumption", Constraints: &output.Constraints{Enum: []string{"lever", "assumption"}}},
		{Name: "low", Type: "number", Unit: "the parameter's unit", Description: "the box's lower limit; empty if not restricted from below"},
		{Name: "high", Type: "number", Unit: "the parameter's unit", Description: "the box's upper limit; empty if not restricted from above"},
		{Name: "quasi_p", Type: "number", Unit: "probability", Description: "quasi-p-value of the limit (Bryant and Lempert 2010)"},
	}, "parameter")
	return p
}
