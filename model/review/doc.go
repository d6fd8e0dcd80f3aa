// Package review makes the mid-term review of a scenario on one page: per
// target whether it is on track, what drives it and, if it is not, what
// it would take and what that costs; per key assumption of the plan
// whether the calibrated model supports it, how that is judged and what
// the model cannot judge. It joins the sweep (package sweep), the
// analyses (package analysis: rank correlations or a sensitivity result,
// and lever grids) and the costs (package costs); it names no flags.
//
// # How a review is made
//
// [Build] runs, with common random numbers throughout:
//
//   - a sweep of the scenario and its baseline, Runs runs each (run i of
//     both with the same seed and draw of every uncertain parameter),
//     every run priced with the unit costs ([costs.Compute]) and its
//     targets evaluated;
//   - what drives each target: the Spearman rank correlation of each
//     sampled parameter with the target's value over the scenario's runs,
//     with a Fisher-z interval; or, given a sensitivity result
//     ([analysis.ReadDir]), its Morris μ* or Sobol' ST;
//   - for the targets not on track, each lever of [DefaultLevers] that
//     applies to one, at a grid of values ([analysis.LeverGrid]): a factor
//     on the plan's own schedule, the same seeds and draws at every value;
//     the value found and the extra public spend at it, paired run by run
//     against the scenario as written;
//   - the cost of the scenario against the baseline ([costs.Paired]);
//   - the judgement of each key assumption ([Assumptions]).
//
// # The key assumptions, and how each is judged
//
// Each verdict is [Supported], [NotSupported], [Uncertain] or
// [CannotJudge], from stated numbers and thresholds (Prob, 0.8 by
// default, and 1 − Prob), in the judging year (2030, or the run's last
// whole year):
//
//   - afbouw keeps pace with housing: the afbouw targets (metric
//     regions_without_large_scale_share) reached with Prob, and rough
//     sleeping for lack of shelter not higher than in the baseline
//     (median paired difference); not supported if no afbouw target
//     reaches 1 − Prob or the difference is above 0 at the band's low end;
//   - prevention reduces the inflow as planned: conditional, as the model
//     takes the shares prevented as given; judged by the targets on
//     homelessness after an institution or eviction;
//   - 250,000 social homes suffice: conditional, the homes being an
//     input; judged by functional zero;
//   - urgency in every municipality: the model has no municipalities, so
//     [CannotJudge]; it shows the share of lettings the scenario assumes.
//
// # What the page says
//
// [Review] holds the numbers, as plain data (JSON), and renders them in
// English or Dutch as Markdown ([Review.Markdown]) or as one
// self-contained HTML file ([Review.HTML]): one layout, two formats. The
// page says how each number was found, and its method section lists the
// runs, seeds, levers tried and unit costs.
package review
