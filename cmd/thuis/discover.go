package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/prim"
)

type discoverOptions struct {
	Dir        string
	Target     string
	Scenario   string
	MinDensity float64
	Alpha      float64
	Paste      bool
	Out        string
}

// newDiscoverCmd builds the command; runF, if not nil, replaces the
// analysis.
func newDiscoverCmd(stdout io.Writer, runF func(*cobra.Command, discoverOptions) error) *cobra.Command {
	opts := discoverOptions{}
	cmd := &cobra.Command{
		Use:   "discover SWEEP_DIR --target ID",
		Short: "Scenario discovery: the boxes of assumptions and levers in which a target is missed (PRIM)",
		Long: `Find, with PRIM (the Patient Rule Induction Method), a box of assumptions and
levers, stated as limits on few of them in their own units, in which the
runs of a finished sweep miss target ID. The inputs are runs.csv's sampled
assumptions and, for a sweep with --levers, its lever.PATH.value columns.

Prints the peeling trajectory (coverage: the share of all misses in the
box; density: the share of the box's runs that miss; mass: the share of
all runs in the box) and the chosen box, each limit with its quasi-p-value
(a limit with a high one can be dropped). The box is the knee of the
trajectory, or with --min-density D the box of highest coverage with at
least that density. Writes trajectory.csv and box.csv to --out.`,
		Example: `  thuis sweep eerst-een-thuis --runs 400 --out results/sweep-plan
  thuis discover results/sweep-plan --target T1-count-below-2021 --min-density 0.8`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(cmd, opts)
			}
			return runDiscover(stdout, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Target, "target", "", "ID of the target whose misses to explain")
	f.StringVar(&opts.Scenario, "scenario", "", "scenario of a sweep of several")
	f.Float64Var(&opts.MinDensity, "min-density", 0, "choose the box of highest coverage with at least this density (default: the knee of the trajectory)")
	f.Float64Var(&opts.Alpha, "alpha", 0.05, "share of the box's runs each peel removes")
	f.BoolVar(&opts.Paste, "paste", false, "enlarge the last box again while its density does not fall")
	f.StringVar(&opts.Out, "out", "", "output directory (default results/discover-<target>)")
	return cmd
}

func runDiscover(stdout io.Writer, opts discoverOptions) error {
	if opts.Target == "" {
		return fmt.Errorf("discover: give --target ID")
	}
	d, err := analysis.Discover(analysis.DiscoverConfig{Dir: opts.Dir, Scenario: opts.Scenario, Target: opts.Target, MinDensity: opts.MinDensity,
		Options: &prim.Options{Alpha: opts.Alpha, Paste: opts.Paste}})
	if err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "discover-"+opts.Target)
	}
	claim, err := output.Acquire(out, output.AnalysisKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	err = claim.Replace(output.Marker{Kind: output.AnalysisKind}, func(dir string) error {
		if err := output.WriteFile(filepath.Join(dir, "trajectory.csv"), d.WriteTrajectory); err != nil {
			return err
		}
		if err := output.WriteFile(filepath.Join(dir, "box.csv"), d.WriteBox); err != nil {
			return err
		}
		return d.Package().Write(dir)
	})
	if err != nil {
		return err
	}
	if err := d.WriteReport(stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Trajectory and box in %s\n", out)
	return nil
}
