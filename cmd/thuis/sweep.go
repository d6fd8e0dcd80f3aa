package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// sweepFlags are the flags that sweep and compare share.
type sweepFlags struct {
	Runs    int
	Seed    uint64
	Workers int
	Sampler string
	Out     string
	Targets string
	Resume  bool
	Lang    string
}

// register adds the shared flags; runs is the default of --runs, outDefault
// the default output directory as help text.
func (s *sweepFlags) register(f *pflag.FlagSet, runs int, outDefault string) {
	f.IntVar(&s.Runs, "runs", runs, "runs per scenario")
	f.Uint64Var(&s.Seed, "seed", 1, "master seed")
	f.IntVar(&s.Workers, "workers", 0, "parallel runs (default: all cores)")
	f.StringVar(&s.Sampler, "sampler", uncertainty.LHS, "parameter sampling: random or lhs (Latin hypercube)")
	f.StringVar(&s.Out, "out", "", "output directory (default "+outDefault+")")
	f.StringVar(&s.Targets, "targets", "", "targets file (default: the shipped one)")
	f.BoolVar(&s.Resume, "resume", false, "continue the sweep already in --out")
	f.StringVar(&s.Lang, "lang", langDefault(os.Getenv), "language of the output and progress lines: en or nl (default: $THUIS_LANG, else en)")
}

// check refuses flag values that mean nothing.
func (s *sweepFlags) check() error {
	if err := checkLang(s.Lang); err != nil {
		return err
	}
	switch {
	case s.Runs < 1:
		return fmt.Errorf("--runs %d: give at least 1", s.Runs)
	case s.Runs > sweep.MaxRuns:
		return fmt.Errorf("--runs %d: give at most %d per scenario", s.Runs, sweep.MaxRuns)
	case s.Workers < 0:
		return fmt.Errorf("--workers %d: give at least 1, or 0 for as many as cores", s.Workers)
	}
	return nil
}

// config fills what sweep and compare set alike: the memory the runs may
// use, and notices on stderr.
func (s *sweepFlags) config(cfg sweep.Config, stderr io.Writer) sweep.Config {
	cfg.Memory = availableMemory(os.ReadFile)
	cfg.Notice = func(msg string) { fmt.Fprintf(stderr, "thuis: %s\n", msg) }
	return cfg
}

type sweepOptions struct {
	sweepFlags
	Replications int
	Shard        string
	ShardCount   int
	Levers       bool
	LeverPoints  int
	KeepSeries   bool
}

func newSweepCmd(stdout, stderr io.Writer, command []string) *cobra.Command {
	opts := sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO...",
		Short: "Run a Monte Carlo sweep: many runs with sampled assumptions, probabilities per target",
		Long: `Run each scenario --runs times, every run with its own seed and its own draw
of the scenario's uncertain parameters (assumptions with a range, scale,
concentration or sample distribution). Several scenarios share seeds and
draws (common random numbers), so their differences are not noise.

Writes to --out: targets.csv (probability each target is reached, 95%
Wilson interval, quantiles), fan.csv (monthly quantiles per metric and
region), runs.csv (one row per run), sweep.json and datapackage.json, the
data dictionary (every file and column, its type and unit, and which
shares sum to 1). Finished runs are kept in --out/parts: an interrupted
sweep continues with --resume.

With --levers, every combination of the levels of the scenario's levers (a
choice with levels: [...], or lever: [low, high] tried at --lever-points
values) runs --runs times with the same seeds and draws: policies × states
of the world. runs.csv then has a policy column and a lever.PATH.value
column per lever, and policies.csv the probability of each target per policy.

With --keep-series, series.csv.gz keeps every run's monthly series (those
of fan.csv: five per region and national, the others national), one row
per run, metric, region and month (columns scenario, run, metric, region,
date, value; region NL is national), gzip-compressed CSV that pandas
(read_csv) and R (readr::read_csv) read directly. It is written from the
finished runs' checkpoints one run at a time, so memory does not grow with
the runs, and is the same bytes for any --workers, shards and --resume.
A sweep keeps or does not keep series from its start: --resume must repeat
the flag.

Any run of a sweep, finished or not, can be replayed whole:
'thuis run --from DIR --run I' (see 'thuis run --help').

On a cluster, --shard I/N runs every N-th run; --shard auto takes the shard
from a Slurm job array or a Kubernetes Indexed Job. Combine the shards'
directories with 'thuis merge'.`,
		Example: `  thuis sweep eerst-een-thuis --runs 1000 --out results/sweep-plan
  thuis sweep eerst-een-thuis --runs 200 --keep-series --out results/sweep-plan
  thuis run --from results/sweep-plan --run 17    # run 17 again, with its full output`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSweep(cmd, stdout, stderr, opts, args, command)
		},
	}
	f := cmd.Flags()
	opts.register(f, 100, "results/sweep-<scenario>")
	f.IntVar(&opts.Replications, "replications", 1, "runs per parameter sample (stochastic noise within a sample)")
	f.StringVar(&opts.Shard, "shard", "", "run only shard I/N of the runs, or auto (Slurm array, Kubernetes Indexed Job)")
	f.IntVar(&opts.ShardCount, "shard-count", 0, "number of shards for --shard auto on Kubernetes (else THUIS_SHARD_COUNT)")
	f.BoolVar(&opts.Levers, "levers", false, "cross the scenario's policy levers (choices with levels or a lever range) with the runs: policies × states of the world")
	f.IntVar(&opts.LeverPoints, "lever-points", 3, "values a lever range [low, high] is tried at, with --levers")
	f.BoolVar(&opts.KeepSeries, "keep-series", false, "also write series.csv.gz: every run's monthly series (national and regional)")
	return cmd
}

func runSweep(cmd *cobra.Command, stdout, stderr io.Writer, opts sweepOptions, args, command []string) error {
	if err := opts.check(); err != nil {
		return err
	}
	switch {
	case opts.Replications < 1:
		return fmt.Errorf("--replications %d: give 1 or more", opts.Replications)
	case opts.Replications > opts.Runs:
		return fmt.Errorf("--replications %d: more than the %d runs; every parameter sample runs --replications times, so give at most --runs", opts.Replications, opts.Runs)
	}
	if opts.LeverPoints < 2 {
		return fmt.Errorf("--lever-points %d: give 2 or more (low and high at least)", opts.LeverPoints)
	}
	var scs []*scenario.Scenario
	var names []string
	for _, a := range args {
		sc, err := loader().Load(a)
		if err != nil {
			return err
		}
		scs = append(scs, sc)
		names = append(names, sc.Name)
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	if opts.Targets == "" {
		// The plan's targets, for 2025-2030: those outside a scenario's
		// years are not tested, as thuis run does.
		total := len(targets)
		for _, sc := range scs {
			first, last := target.WholeYears(sc.Start, sc.End)
			before := len(targets)
			targets, _ = target.WithinYears(targets, first, last)
			if len(targets) < before {
				fmt.Fprintf(stderr, i18n.T(opts.Lang, "progress.targets_outside")+"\n", total-len(targets), total, first, last)
			}
		}
	}
	shard, err := sweep.ParseShard(opts.Shard, os.Getenv, opts.ShardCount)
	if err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "sweep-"+strings.Join(names, "+"))
	}
	prog := newProgress(stderr, time.Now, opts.Lang, "sweep")
	cfg := sweep.Config{Scenarios: scs, Targets: targets, Runs: opts.Runs, Replications: opts.Replications, Seed: opts.Seed,
		Sampler: opts.Sampler, Workers: opts.Workers, Shard: shard, Out: out, Resume: opts.Resume, Command: command,
		Progress: prog.update, Levers: opts.Levers, LeverPoints: opts.LeverPoints, KeepSeries: opts.KeepSeries}
	sum, err := sweep.Run(cmd.Context(), opts.config(cfg, stderr))
	prog.finish()
	if sum != nil {
		for _, d := range sum.Damaged {
			fmt.Fprintf(stderr, "thuis: ran again, the checkpoint was damaged: %v\n", d)
		}
	}
	if err != nil {
		return err // sweep names itself where it helps; no second prefix
	}
	if !sum.Finalized {
		fmt.Fprintf(stdout, i18n.T(opts.Lang, "progress.shard_done")+"\n", shard, sum.Done, out, i18n.Number(opts.Lang, sum.Wall.Seconds(), 1))
		return nil
	}
	if err := sweep.WriteSummary(stdout, out, opts.Lang); err != nil {
		return err
	}
	fmt.Fprintf(stdout, i18n.T(opts.Lang, "progress.sweep_done")+"\n", sum.Total, sum.Events, i18n.Number(opts.Lang, sum.Wall.Seconds(), 1), out)
	return nil
}

func newMergeCmd(stdout io.Writer, command []string) *cobra.Command {
	var out, targetsFile, lang string
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Combine the directories of a sharded sweep into the outputs of the whole sweep",
		Example: `  thuis sweep eerst-een-thuis --runs 1000 --shard 0/2 --out s0   # on one machine
  thuis sweep eerst-een-thuis --runs 1000 --shard 1/2 --out s1   # on another
  thuis merge s0 s1 --out results/sweep-plan`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("merge: give --out DIR")
			}
			if err := checkLang(lang); err != nil {
				return err
			}
			targets, err := loadTargets(targetsFile)
			if err != nil {
				return err
			}
			if _, err := sweep.Merge(args, out, targets, command); err != nil {
				return err
			}
			return sweep.WriteSummary(stdout, out, lang)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "directory for the merged sweep")
	cmd.Flags().StringVar(&targetsFile, "targets", "", "targets file the sweep ran with (default: the shipped one)")
	cmd.Flags().StringVar(&lang, "lang", langDefault(os.Getenv), "language of the summary: en or nl (default: $THUIS_LANG, else en)")
	return cmd
}
