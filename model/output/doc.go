// Package output writes a run's results as tidy CSV files and a run.json
// manifest, atomically: each file is written to a temporary name in the
// same directory and renamed into place, so a reader never sees half a
// file and an interrupted run leaves the previous results intact.
//
// The files, all long ("tidy") format that R and pandas read directly:
//
//	timeseries.csv  date, region, metric, profile, value: monthly snapshots
//	flows.csv       month, region, flow, value: events per month
//	stays.csv       one row per shelter stay
//	targets.csv     one row per target: value, threshold, reached, first year
//	run.json        scenario, SHA-256, seed, version, dates, events, timing
//	result.json     what the directory holds: a run, a sweep (and which), a comparison
//
// # Result directories
//
// A command claims its output directory with [Acquire]: one command at a
// time (the shards of one sweep together), and never into a directory
// that holds another kind of result, another sweep, or files thuis did
// not write. A run's files are written into a new directory that then
// replaces the old one ([Claim.Replace]), so a failure part way, such as a
// full disk, leaves the previous result whole. The next command on a
// directory removes what a killed one left.
package output
