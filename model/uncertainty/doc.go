// Package uncertainty says which parameters of a scenario a Monte Carlo
// sweep varies, draws their values, and applies them to a copy of the
// scenario.
//
// What varies follows from the scenario file: an assumption or calibrated
// parameter with a range varies as Triangular(low, value, high); one with
// a scale varies by a factor Triangular(low, 1, high) on the whole schedule
// or duration; one with a sample distribution follows it; an assumed split
// with a concentration c is drawn from Dirichlet(c × shares). Observed
// parameters vary only if they carry a sample (a measurement margin, say);
// choices never vary at random.
//
// Levers are listed apart: a choice that declares levels or a lever range
// is a policy lever ([Levers]), what we do rather than how the world
// works. A sweep with levers crosses every policy of [Grid] with the same
// uncertainty samples (policies × states of the world).
//
// Draws are reproducible and independent of how runs are spread over
// workers or machines: the value of parameter p in sample s depends only on
// the master seed, s and the parameter's path. Scenarios that share a
// parameter path draw the same values for it (common random numbers).
package uncertainty
