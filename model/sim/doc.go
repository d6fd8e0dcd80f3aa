// Package sim is the discrete-event engine of thuis.
//
// It simulates individuals in continuous time (days since the scenario's
// start). Each person is in exactly one state: an ETHOS Light category,
// housed with or without support, or exit. Three kinds of things happen:
//
//   - Arrivals: people at risk (facing eviction, leaving an institution) or
//     newly homeless arrive as non-homogeneous Poisson streams per inflow
//     source; prevention removes a time-varying share of them.
//   - Moves: after a stay drawn from its state's distribution, a person
//     moves to a destination drawn from the state's split (the street,
//     a couch, asking for shelter, waiting for a home, exit, ...).
//   - Capacity: shelter places admit people when free and are refilled when
//     emptied; homes arrive as Poisson streams and go to the first eligible
//     person whose need profile fits; capacity schedules open and close
//     places (afbouw).
//
// Run returns a Result with monthly snapshots, monthly flows per region,
// and every shelter stay. Runs are deterministic: the same scenario and seed
// give the same Result, whatever else runs in the process. The model is
// described for non-programmers in model/README.md.
package sim
