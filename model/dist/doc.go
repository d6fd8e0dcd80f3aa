// Package dist describes the probability distributions a scenario may use
// for durations and uncertain parameters, and draws from them.
//
// A Spec is what a scenario file says ("gamma with mean 6 and sd 4
// months"); Spec.Sampler binds it to a random source and converts it to the
// engine's time unit, days. Sampling uses gonum's stat/distuv and does not
// allocate.
//
// Spec.EquilibriumSampler draws instead the remaining part of a stay
// already under way, for the people present when a simulation starts: the
// forward-recurrence time of a stationary renewal process, whose mean is
// Spec.EquilibriumMean.
package dist
