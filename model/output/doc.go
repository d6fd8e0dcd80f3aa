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
package output
