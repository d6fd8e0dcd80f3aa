// Package sweep runs Monte Carlo sweeps: many runs of one or more
// scenarios, each run with its own simulation seed and its own draw of the
// uncertain parameters, summarised as probabilities of reaching each
// target, fan charts and a table of runs.
//
// A sweep directory holds sweep-config.json (what the sweep is; see
// [Manifest]), each scenario as loaded under scenarios/<name>.json (see
// [ScenarioPath]), one checkpoint per finished run under parts/ (written
// atomically, so a killed sweep loses only the runs in flight; each file
// carries its scenario, run and a SHA-256, so a damaged one is run again
// on resume and refused by Finalize, Merge and [Verify]), and, once every
// run is there, the outputs:
//
//	targets.csv    per target: probability reached, 95% Wilson interval,
//	               quantiles of the value and of the first year reached
//	fan.csv        per metric, region and month: mean and 5/25/50/75/95% quantiles
//	runs.csv       one row per run: seed, sampled parameters, outcomes, key metrics
//	series.csv.gz  with Config.KeepSeries: every run's series of fan.csv,
//	               one row per run, metric, region and month ([SeriesFile])
//	datapackage.json  the data dictionary of the files above
//	sweep.json     scenarios and their SHA-256, seed, sampler, runs, version, timing
//
// Run i of a sweep uses the simulation seed RunSeed(seed, i) and parameter
// sample i / replications, whatever the number of workers and however the
// runs are split over shards; outputs are computed from the checkpoints in
// run order. So the outputs are byte-identical for any number of workers,
// for a sweep interrupted and resumed, and for shards merged afterwards.
// With several scenarios, run i of each uses the same seed and the same
// draws of shared parameters: common random numbers.
//
// # Columns
//
// Every CSV starts with a scenario column, so tables of several
// scenarios stack. Column names are safe for R's read.csv as for readr
// and pandas ([column.Safe]), and say what a column holds. In
// runs.csv:
//
//	scenario, run, policy (with levers), sample, replication, seed, events
//	lever.PATH.value       a lever's value in the run's policy ([LeverColumn])
//	PATH.value             a sampled value, in the parameter's unit
//	PATH.factor            a sampled factor on a whole schedule or duration
//	SPLIT.KEY.share        a sampled share of a split: the shares of one
//	                       split sum to 1 in every run (a Dirichlet group)
//	ID.value, ID.reached, ID.first_reached  per target ([TargetColumn])
//	METRIC.AGGREGATE.YEAR  key metrics, each once
//
// PATH is the parameter's path made safe by [column.Slug]: a knot
// PATH@2025-01-01 becomes PATH.at_2025_01_01 and a region
// 's-Hertogenbosch s_Hertogenbosch; [Column] keeps the path, and the
// manifest records every sampled column's name, kind, unit and split
// ([ScenarioInfo].Sampled), from which [Finalize] writes
// datapackage.json, a Frictionless tabular data package describing every
// CSV of the directory: each column's type, unit and meaning, and for
// the shares of a split the group whose columns sum to 1 (so a
// regression leaves one out). With several scenarios the sweep directory
// has one too, describing the files of them all. The seed is text,
// 0x........_........ ([output.Seed]): as a number above 2^53, R reads
// it as a double and rounds it; as this text, R, readr and pandas keep it
// exact, and Go, Python and thuis run --seed parse it. fan.csv and
// series.csv.gz name their metrics as the targets do
// (rough_sleeping_lack_of_shelter) and fan.csv gives each its unit.
//
// With Config.Levers, each scenario's lever grid (uncertainty.Levers and
// Grid) is crossed with the runs: policy p takes runs p×Runs to
// (p+1)×Runs−1, and run i uses the seed and sample of run i mod Runs, so
// that policies differ by the levers alone. runs.csv then has a policy
// column and a lever.PATH.value column per lever before the sampled
// assumptions, and policies.csv gives the probability of each target per
// policy; targets.csv and fan.csv pool the policies.
//
// # Replay
//
// [NewReplay] sets up any run of a sweep directory, finished or not, as
// the sweep ran it: the stored scenario with the run's sample, posterior
// row and policy applied by the function the sweep's runs use, and the
// run's seed. Simulating it gives the run's row of runs.csv and its rows
// of series.csv.gz, and the whole output of a single run.
package sweep
