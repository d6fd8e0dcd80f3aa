// Package prim implements the Patient Rule Induction Method (Friedman and
// Fisher 1999) as used for scenario discovery (Bryant and Lempert 2010):
// given many model runs, each with its sampled parameters and a yes or no
// for a case of interest ("the target was missed"), it finds a box of
// parameter values, described by limits on few parameters, where such
// cases are concentrated.
//
// # Measures
//
// For a box holding n of the N cases, h of them of interest out of H in
// all:
//
//	coverage = h/H   the share of the cases of interest the box explains
//	density  = h/n   the share of the box's cases that are of interest
//	mass     = n/N   the share of all cases in the box (its support)
//
// A useful box has high coverage, high density and few restricted
// dimensions; the three pull against each other, so PRIM returns a
// trajectory of boxes and the analyst picks one.
//
// # Peeling
//
// [Find] starts from the box holding every case (step 0) and peels: each
// candidate peel drops the fraction Alpha (default 0.05) of the box's cases
// with the lowest or the highest values of one numeric column, or all
// cases with one level of a categorical column. It takes the peel with the
// largest gain in density per case removed,
//
//	(density_new − density_old) / (n_old − n_new),
//
// the EMA Workbench's default ("lenient1"), which for peels of equal size
// is Friedman and Fisher's largest density and which does not favour a
// peel for being large when a categorical level holds many cases. Peeling
// stops when no peel raises the density or every peel would leave less
// than MinMass (default 0.05) of the cases.
//
// A peel drops whole ties: the cut falls between two distinct values. So
// a discrete numeric column (a lever with levels 0, 1, 2, 3) loses whole
// levels from its ends, and a categorical one whole levels, any of them.
// Box limits are inclusive and lie on values of the data; an unrestricted
// side is −Inf or +Inf.
//
// # Pasting
//
// With Options.Paste, the last peeled box is then enlarged (Friedman and
// Fisher 1999, section 6): each candidate paste adds the cases just beyond
// one limit, a fraction Alpha of the box at a time, or one categorical
// level back, among cases inside the box on every other column. The paste
// with the highest density is taken while it does not lower the density.
// Pasted steps follow the peeled ones in the trajectory.
//
// # Choosing a box
//
// [Trajectory.Choose] takes the step of highest coverage that reaches a
// given density; [Trajectory.Knee] the step where the trade-off between
// coverage and density turns. [Trajectory.Restrictions] states a box as
// limits on the dimensions it restricts only, in the parameters' units,
// each with its quasi-p-value: the binomial probability of the box's
// density if the restriction were dropped (Bryant and Lempert 2010, as the
// EMA Workbench computes it). A restriction with a high quasi-p-value can
// be dropped.
//
// Not implemented: covering (a second box on the cases the first leaves
// out) and the resampling reproducibility statistic of Bryant and Lempert
// (2010).
//
// # References
//
//   - Bryant, B. P., and Lempert, R. J. (2010). Thinking inside the box: A participatory, computer-assisted approach to scenario discovery. Technological Forecasting and Social Change 77(1), 34–49.
//   - Friedman, J. H., and Fisher, N. I. (1999). Bump hunting in high-dimensional data. Statistics and Computing 9(2), 123–143.
//   - Kwakkel, J. H. (2017). The Exploratory Modeling Workbench: An open source toolkit for exploratory modeling, scenario discovery, and (multi-objective) robust decision making. Environmental Modelling & Software 96, 239–250.
package prim
