// Package target evaluates the targets of the Nationaal Actieplan
// Dakloosheid against a simulation result and makes the scorecard.
//
// A Target is data (scenarios/targets.yaml): a metric from this package's
// catalogue, an aggregate over a calendar year, a comparator and a
// threshold, with its source and a description in Dutch and English.
// Evaluators who operationalise a target differently edit the file, not
// the code. A targets file is read as strictly as a scenario file
// ([Parse]): unknown or duplicate fields, a second YAML document,
// non-finite thresholds and since after year are errors with file, line
// and field path, all reported at once; [CheckYears] finds a target year
// outside a run before it is simulated. Metrics are national; each is computed from the run's monthly
// snapshots, monthly flows or recorded shelter stays (see Metrics).
package target
