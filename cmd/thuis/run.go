package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/output"
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
}

func newRunCmd(stdout io.Writer, command []string) *cobra.Command {
	opts := runOptions{}
	cmd := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Simulate one scenario and print its target scorecard",
		Long: `Simulate one scenario (a file, or the name of a shipped scenario; default:
` + DefaultScenario + `) for the whole country, print the scorecard and write
timeseries.csv, flows.csv, stays.csv, targets.csv and run.json to the output
directory (default: results/<scenario>).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenario = DefaultScenario
			if len(args) == 1 {
				opts.Scenario = args[0]
			}
			return runRun(cmd, stdout, opts, command)
		},
	}
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed")
	cmd.Flags().StringVar(&opts.Out, "out", "", "output directory (default results/<scenario>)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the scorecard as JSON")
	cmd.Flags().StringVar(&opts.Targets, "targets", "", "targets file (default: the shipped scenarios/targets.yaml)")
	cmd.Flags().StringVar(&opts.Lang, "lang", "en", "language of the scorecard: en or nl")
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
	first, last := target.WholeYears(sc.Start, sc.End)
	if err := target.CheckYears(targets, first, last); err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", sc.Name)
	}
	// Refuse a directory in use or holding something else before
	// simulating, not after.
	claim, err := output.Acquire(out, output.RunKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	res, err := sim.Run(cmd.Context(), sc, opts.Seed)
	if err != nil {
		if cmd.Context().Err() != nil {
			return fmt.Errorf("interrupted; nothing written to %s", out)
		}
		return err
	}
	outcomes, err := target.Evaluate(res, targets)
	if err != nil {
		return err
	}
	// The run's files replace the previous ones together, or not at all.
	if err := claim.Replace(output.Marker{Kind: output.RunKind}, func(dir string) error {
		return output.WriteDir(dir, res, outcomes, command)
	}); err != nil {
		return err
	}
	if opts.JSON {
		return target.WriteJSON(stdout, outcomes)
	}
	if err := target.WriteScorecard(stdout, sc.Name, opts.Seed, outcomes, opts.Lang); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d events in %.2f s; results in %s\n", res.Events, res.WallSeconds, out)
	return nil
}
