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
//	targets.csv     one row per target: scenario, value, threshold, unit, reached, first year
//	run.json        scenario, SHA-256, seed, version, dates, events, timing
//	datapackage.json  the data dictionary: every CSV, every column, its type and unit
//	result.json     what the directory holds: a run, a sweep (and which), a comparison
//
// # Data dictionary
//
// Every output directory, a run's ([RunPackage]) and a sweep's, holds a
// Frictionless tabular data package, datapackage.json ([Package]), that
// describes each of its CSV files and each column: name, type (string,
// integer, number, boolean, date), unit and meaning, and for the shares of
// a split the group whose columns sum to 1. Column names follow one rule,
// [column.Safe]: a letter, then ASCII letters, digits, '.' and '_', so R's
// read.csv leaves them as they are, as readr and pandas do; names made
// from parameter paths, target ids and regions go through [column.Slug], and the
// dictionary gives the original. Seeds are text ([Seed]) so no reader
// rounds them. [CheckDataPackage] checks a directory against its
// dictionary as a strict reader would.
//
// # Writing while the run goes on
//
// thuis run writes timeseries.csv and flows.csv as the simulation records
// each month: [Stream] is the observer of [sim.RunObserving], and formats
// the months on goroutines of their own while the run goes on, so that
// only stays.csv, the small files and the last syncs are left when it
// ends. The bytes are those [TimeSeries] and [Flows] write from the
// finished run, by the same code.
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
