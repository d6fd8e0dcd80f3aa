// Package analysis answers questions about a scenario that take many
// runs: which uncertain parameters drive each target ([Sensitivity]),
// under which conditions a target is missed ([Discover]), and what value
// of a lever reaches it ([Require]). It joins the model (package sim), the
// uncertain parameters (package uncertainty), the targets (package
// target) and the statistics (packages sensitivity and prim); it names no
// flags.
//
// # Factors
//
// A sensitivity design is a set of points in the unit hypercube, one
// coordinate per factor ([Factors]); [Values] maps a point to parameter
// values by inverse CDFs, so every factor is measured per unit of its
// quantile and effects compare across units. A value or factor parameter
// is one factor. A calibrated scenario's posterior is one factor,
// "posterior", mapping u to a whole row by the rows' weights as
// uncertainty.Sampler does; its index is that of the posterior as a whole,
// and since the rows have no order a Morris effect of it is the effect of
// a jump to another row. A split, drawn from Dirichlet(α) in a sweep, is
// one factor per key with a positive α: the key's coordinate is the
// quantile of a Gamma(α_i, 1) variable, and the shares are those
// variables over their sum, which for independent uniform coordinates is
// exactly Dirichlet(α). A key's index is the effect of that key's weight,
// the other shares giving way in proportion; keys of one split interact
// through the normalisation.
//
// # Sensitivity
//
// [Sensitivity] runs a [Morris] or [Sobol] design of the scenario and
// computes, for every target's metric value and for the CBS-comparable
// count and rough sleeping on 1 January of every whole year, the indices
// of every factor: μ*, μ and σ (Morris), or S1 and ST (Sobol'), with 95%
// bootstrap intervals where the method has them. Every design point runs
// with the same simulation seeds (common random numbers), so a difference
// between points is the parameters' doing, not the seeds'. With
// replications, sensitivity.SplitNoise splits each output's variance into
// parameter effects and stochastic noise, and the indices are computed on
// the means over replications.
//
// # Was N enough
//
// [Result.Verdict] says, for each output: for Sobol' indices, the width of
// the widest interval (above 0.1, N was too small; 4 × N halves it) and
// whether negative indices are noise (their interval covers 0) or not;
// for Morris, whether the first parameter's interval of μ* lies above the
// second's; and the noise share left in the means.
//
// # Discovery
//
// [Discover] reads a finished sweep's sweep-config.json and runs.csv and
// runs PRIM (package prim): the inputs are the levers (the
// lever.PATH.value columns of a sweep with levers) and the sampled assumptions, in their
// own units; the cases of interest are the runs in which the target was
// missed. The box is the knee of the peeling trajectory, or the box of
// highest coverage with a given density; each of its limits says whether
// it restricts a lever or an assumption, with its quasi-p-value.
//
// # Requirement
//
// [Require] finds the smallest (or largest) value of one lever at which a
// target is reached in at least a given share of the runs, with common
// random numbers across lever values and a monotone (isotonic) fit of the
// share reaching the target over a grid that is refined around where the
// fit crosses the share; a bootstrap over the runs gives its interval.
// The share is of runs: for a target on a long-run mean, such as the mean
// wait of an M/M/c queue, one run's value scatters around the mean, and
// the lever value that half the runs need is the one the mean needs.
//
// # Outputs
//
// [Result.WriteCSV] writes the tidy sensitivity.csv (method, output,
// parameter, index, value, low, high); [Result.WriteTable] the table, in
// Dutch or English; [Result.Tornado] a figure per output.
package analysis
