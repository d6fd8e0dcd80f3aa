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
// With Config.Levers, each scenario's lever grid (uncertainty.Levers and
// Grid) is crossed with the runs: policy p takes runs p×Runs to
// (p+1)×Runs−1, and run i uses the seed and sample of run i mod Runs, so
// that policies differ by the levers alone. runs.csv then has a policy
// column and a lever:PATH column per lever before the sampled
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
