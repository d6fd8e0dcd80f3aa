package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
)

// checkReplayFlags refuses flags that contradict a replay: the seed
// comes from the sweep.
func checkReplayFlags(cmd *cobra.Command, opts runOptions) error {
	f := cmd.Flags()
	switch {
	case !f.Changed("from"):
		return errors.New("--run needs --from SWEEP_DIR: the sweep whose run to replay")
	case opts.From == "":
		return errors.New("--from: give the directory of a sweep")
	case !f.Changed("run"):
		return fmt.Errorf("--from %s needs --run I: a run number from its runs.csv", opts.From)
	case f.Changed("seed"):
		return errors.New("--seed: not with --from; the run's seed comes from the sweep")
	}
	return nil
}

// runReplay runs run opts.Run of the sweep in opts.From again, as the
// sweep ran it, and writes its output like thuis run.
func runReplay(cmd *cobra.Command, stdout io.Writer, opts runOptions, command []string) error {
	if err := checkLang(opts.Lang); err != nil {
		return err
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	r, err := sweep.NewReplay(sweep.ReplayConfig{Dir: opts.From, Scenario: opts.Scenario, Run: opts.Run, Targets: targets,
		Load: func(file string) (*scenario.Scenario, error) { return loader().Load(file) }})
	if err != nil {
		return err
	}
	first, last := target.WholeYears(r.Scenario.Start, r.Scenario.End)
	if err := target.CheckYears(targets, first, last); err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", r.Name+"-run-"+strconv.Itoa(r.Run))
	}
	if !opts.JSON {
		printReplay(stdout, r)
	}
	return simulate(cmd, stdout, r.Scenario, r.Seed, targets, out, opts, command, r.Check)
}

// printReplay says which run is replayed, with what.
func printReplay(w io.Writer, r *sweep.Replay) {
	fmt.Fprintf(w, "Run %d of the sweep in %s: scenario %s, policy %d, sample %d, replication %d, seed %d (%s)\n",
		r.Run, r.Dir, r.Name, r.Policy, r.Sample, r.Replication, r.Seed, output.Seed(r.Seed))
	if r.Events != 0 {
		fmt.Fprintf(w, "(the sweep recorded %d events for it; the replay must give the same)\n", r.Events)
	}
	if !r.Stored {
		fmt.Fprintf(w, "(the sweep stored no copy of its scenario; its files, unchanged since, were loaded again)\n")
	}
	for k, l := range r.Levers {
		fmt.Fprintf(w, "  %s = %s\n", sweep.LeverColumn(l), output.Num(r.LeverValues[k]))
	}
	for k, c := range r.Columns {
		fmt.Fprintf(w, "  %s = %s\n", c, output.NumOrEmpty(r.Values[k]))
	}
	fmt.Fprintln(w)
}
