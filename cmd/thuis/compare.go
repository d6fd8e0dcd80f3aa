package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/compare"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
)

type compareOptions struct {
	sweepFlags // --runs 1: single runs; more: a sweep
}

func newCompareCmd(stdout, stderr io.Writer, command []string) *cobra.Command {
	opts := compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare SCENARIO_OR_DIR...",
		Short: "Compare scenarios side by side: targets reached (or how likely) and key numbers",
		Long: `Compare scenarios, given as scenario files (or shipped names), which are run
now, or as result directories of earlier runs, sweeps or comparisons.

With --runs 1 (the default) each scenario is run once with the same seed;
with --runs N they are swept together with common random numbers, so the
differences are not noise. The results go to --out, with compare.json,
ready for 'thuis report'. The first scenario is the reference for the
differences.`,
		Example: `  thuis compare eerst-een-thuis afbouw-zonder-woningen --out results/plan-vs-afbouw
  thuis compare eerst-een-thuis my-variant.yaml --runs 200 --lang nl
  thuis compare results/sweep-plan results/sweep-variant    # earlier results, not run again`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd, stdout, stderr, opts, args, command)
		},
	}
	f := cmd.Flags()
	opts.register(f, 1, "results/compare-<scenarios>")
	return cmd
}

// isResultDir reports whether path is a directory thuis wrote.
func isResultDir(path string) bool {
	for _, f := range []string{"run.json", "sweep.json", results.ComparisonFile} {
		if _, err := os.Stat(filepath.Join(path, f)); err == nil {
			return true
		}
	}
	return false
}

func runCompare(cmd *cobra.Command, stdout, stderr io.Writer, opts compareOptions, args, command []string) error {
	if err := opts.check(); err != nil {
		return err
	}
	dirs := 0
	for _, a := range args {
		if isResultDir(a) {
			dirs++
		}
	}
	var scs []*results.Scenario
	switch {
	case dirs == len(args):
		from := map[string]string{}
		for _, a := range args {
			claim, err := output.Acquire(a, "", output.Shared)
			if err != nil {
				return err
			}
			defer claim.Release()
			if err := claim.Share(); err != nil {
				return err
			}
			ss, err := results.Load(a)
			if err != nil {
				return err
			}
			for _, s := range ss {
				if d, dup := from[s.Name]; dup {
					return fmt.Errorf("compare: scenario %s is in both %s and %s; a comparison shows each scenario once", s.Name, d, a)
				}
				from[s.Name] = a
			}
			scs = append(scs, ss...)
		}
	case dirs > 0:
		return errors.New("compare: give either scenarios (to run) or result directories, not both")
	default:
		out, err := runScenarios(cmd, stderr, opts, args, command)
		if err != nil {
			return err
		}
		if scs, err = results.Load(out); err != nil {
			return err
		}
		defer fmt.Fprintf(stdout, "\n"+i18n.T(opts.Lang, "progress.compare_done")+"\n", out, out, opts.Lang)
	}
	return compare.Scorecard(stdout, scs, opts.Lang)
}

// runScenarios runs (or sweeps) the scenarios into one comparison
// directory and returns it.
func runScenarios(cmd *cobra.Command, stderr io.Writer, opts compareOptions, args, command []string) (string, error) {
	var scs []*scenario.Scenario
	var names []string
	for _, a := range args {
		sc, err := loader().Load(a)
		if err != nil {
			return "", err
		}
		if slices.Contains(names, sc.Name) {
			return "", fmt.Errorf("compare: scenario %s given twice", sc.Name)
		}
		scs = append(scs, sc)
		names = append(names, sc.Name)
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return "", err
	}
	for _, sc := range scs {
		first, last := target.WholeYears(sc.Start, sc.End)
		if err := target.CheckYears(targets, first, last); err != nil {
			return "", fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "compare-"+strings.Join(names, "+"))
	}
	claim, err := output.Acquire(out, output.ComparisonKind, output.Exclusive)
	if err != nil {
		return "", err
	}
	defer claim.Release()
	idx := results.Comparison{Scenarios: names, Seed: opts.Seed, Runs: opts.Runs, Command: command, Version: output.Version}
	if opts.Runs > 1 {
		// A sweep keeps its finished runs for --resume, so it is written in
		// place, not replaced.
		if err := claim.Mark(output.Marker{Kind: output.ComparisonKind}); err != nil {
			return "", err
		}
		prog := newProgress(stderr, nil, opts.Lang, "compare")
		_, err := sweep.Run(cmd.Context(), opts.config(sweep.Config{Scenarios: scs, Targets: targets, Runs: opts.Runs, Replications: 1,
			Seed: opts.Seed, Sampler: opts.Sampler, Workers: opts.Workers, Out: filepath.Join(out, "sweep"), Resume: opts.Resume,
			Command: command, Progress: prog.update}, stderr))
		prog.finish()
		if err != nil {
			return "", err
		}
		idx.Kind, idx.Dirs = results.Sweep, []string{"sweep"}
		return out, results.WriteComparison(out, idx)
	}
	// Single runs: each is written into the new directory as soon as it is
	// done (one result in memory at a time), which then replaces the old.
	idx.Kind = results.Run
	return out, claim.Replace(output.Marker{Kind: output.ComparisonKind}, func(dir string) error {
		for _, sc := range scs {
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
			sub := filepath.Join(dir, sc.Name)
			if err := output.WriteDir(sub, res, outcomes, command); err != nil {
				return err
			}
			if err := output.WriteFile(filepath.Join(sub, output.MarkerFile), func(w io.Writer) error {
				return output.JSON(w, output.Marker{Kind: output.RunKind, Version: output.Version})
			}); err != nil {
				return err
			}
			idx.Dirs = append(idx.Dirs, sc.Name)
		}
		return results.WriteComparison(dir, idx)
	})
}
