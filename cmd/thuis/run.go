package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// DefaultScenario is what "thuis run" simulates without arguments: the plan.
const DefaultScenario = "eerst-een-thuis"

type runOptions struct {
	Scenario string
	Seed     uint64
	Out      string
	JSON     bool
	Targets  string
	Lang     string
	// From and Run replay run Run of the sweep in directory From.
	From string
	Run  int
}

func newRunCmd(stdout io.Writer, command []string) *cobra.Command {
	opts := runOptions{}
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Simulate one scenario and print its target scorecard",
		Long: `Simulate one scenario (a file, or the name of a shipped scenario; default:
` + DefaultScenario + `) for the whole country, print the scorecard and write
timeseries.csv, flows.csv, stays.csv, targets.csv and run.json to the output
directory (default: results/<scenario>).

With --from SWEEP_DIR --run I, replay run I of a sweep (finished or not): the
scenario as the sweep stored it, with run I's sampled parameters (posterior
row and levers included) and seed, so its events and outcomes are the
sweep's row I of runs.csv, and its full output is written like any run's
(default: results/<scenario>-run-I). With several scenarios in the sweep,
SCENARIO names which one (its name, or the file the sweep was given). It
prints the run's sampled values first. The targets must be the sweep's.`,
		Example: `  thuis run eerst-een-thuis --seed 3
  thuis run --from results/sweep-plan --run 17
  thuis run afbouw-zonder-woningen --from results/sweep-plan+afbouw --run 17 --out results/run-17`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("from") || cmd.Flags().Changed("run") {
				if err := checkReplayFlags(cmd, opts); err != nil {
					return err
				}
				if len(args) == 1 {
					opts.Scenario = args[0]
				}
				return runReplay(cmd, stdout, opts, command)
			}
			opts.Scenario = DefaultScenario
			if len(args) == 1 {
				opts.Scenario = args[0]
			}
			return runRun(cmd, stdout, opts, command)
		},
	}
	opts.Seed = 1
	cmd.Flags().Var((*seedFlag)(&opts.Seed), "seed", "random seed: a number, or the 0x…_… form of runs.csv's seed column")
	cmd.Flags().StringVar(&opts.Out, "out", "", "output directory (default results/<scenario>)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the scorecard as JSON")
	cmd.Flags().StringVar(&opts.Targets, "targets", "", "targets file (default: the shipped scenarios/targets.yaml)")
	cmd.Flags().StringVar(&opts.Lang, "lang", langDefault(os.Getenv), "language of the scorecard: en or nl (default: $THUIS_LANG, else en)")
	cmd.Flags().StringVar(&opts.From, "from", "", "replay a run of the sweep in this directory (with --run)")
	cmd.Flags().IntVar(&opts.Run, "run", 0, "with --from: the run to replay, as numbered in the sweep's runs.csv")
	return cmd
}

func runRun(cmd *cobra.Command, stdout io.Writer, opts runOptions, command []string) error {
	if err := checkLang(opts.Lang); err != nil {
		return err
	}
	sc, err := loader().Load(opts.Scenario)
	if err != nil {
		return err
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	// A target year outside the run is found now, not after simulating.
	// The shipped targets are the plan's, for 2025-2030: a run that ends
	// before (the history) tests those it covers and says so.
	first, last := target.WholeYears(sc.Start, sc.End)
	if opts.Targets == "" {
		var outside []target.Target
		targets, outside = target.WithinYears(targets, first, last)
		if len(outside) > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), i18n.T(opts.Lang, "progress.targets_outside")+"\n", len(outside), len(outside)+len(targets), first, last)
		}
	}
	if err := target.CheckYears(targets, first, last); err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", sc.Name)
	}
	return simulate(cmd, stdout, sc, opts.Seed, targets, out, opts, command, nil)
}

// simulate runs sc with seed, writes its output to out and prints its
// scorecard: thuis run, and the replay of a sweep's run. check, if not
// nil, is given the run's events once its output is written.
func simulate(cmd *cobra.Command, stdout io.Writer, sc *scenario.Scenario, seed uint64, targets []target.Target, out string, opts runOptions, command []string, check func(events uint64) error) error {
	// Refuse a directory in use or holding something else before
	// simulating, not after.
	claim, err := output.Acquire(out, output.RunKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	// The run's files replace the previous ones together, or not at all.
	// The simulation runs while their new directory exists, so that
	// timeseries.csv and flows.csv are written month by month as it goes
	// (output.Stream); the other files follow it, in parallel, while the
	// targets are evaluated.
	var res *sim.Result
	var outcomes []target.Outcome
	if err := claim.Replace(output.Marker{Kind: output.RunKind}, func(dir string) error {
		stream, err := output.NewStream(dir)
		if err != nil {
			return err
		}
		defer stream.Abort()
		res, err = sim.RunObserving(cmd.Context(), sc, seed, stream.Observe)
		if err != nil {
			if cmd.Context().Err() != nil {
				return fmt.Errorf("interrupted; nothing written to %s", out)
			}
			return err
		}
		outcomes, err = stream.Finish(res, targets, command)
		return err
	}); err != nil {
		return err
	}
	if check != nil {
		if err := check(res.Events); err != nil {
			return fmt.Errorf("%w; the output in %s is this replay's", err, out)
		}
	}
	if opts.JSON {
		return target.WriteJSON(stdout, outcomes)
	}
	if err := target.WriteScorecard(stdout, sc.Name, seed, outcomes, opts.Lang); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n"+i18n.T(opts.Lang, "progress.run_done")+"\n", res.Events, i18n.Number(opts.Lang, res.WallSeconds, 2), out)
	return nil
}

// seedFlag is --seed: a decimal number, or a seed as runs.csv writes it
// (output.Seed: 0x, 8 hex digits, _, 8 hex digits), so a seed copied
// from a sweep's table runs as it is.
type seedFlag uint64

func (s *seedFlag) String() string { return strconv.FormatUint(uint64(*s), 10) }
func (s *seedFlag) Type() string   { return "uint64" }

func (s *seedFlag) Set(v string) error {
	base := 10
	if strings.HasPrefix(v, "0x") {
		base = 0 // hexadecimal, with the _ of runs.csv between digits
	}
	n, err := strconv.ParseUint(v, base, 64)
	if err != nil {
		return fmt.Errorf("%q is not a seed: give a whole number from 0 to 18446744073709551615, or a seed as runs.csv writes it, such as 0x7808063b_effaaa2b", v)
	}
	*s = seedFlag(n)
	return nil
}
