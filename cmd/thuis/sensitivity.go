package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sensitivity"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

type sensitivityOptions struct {
	Scenario     string
	Method       string
	Runs         int
	Targets      string
	Replications int
	Seed         uint64
	Workers      int
	Out          string
	Lang         string
}

// method returns the analysis method the options choose.
func (o sensitivityOptions) method() (analysis.Method, error) {
	if o.Runs < 0 {
		return nil, fmt.Errorf("--runs %d: give 1 or more (0: the method's default)", o.Runs)
	}
	switch o.Method {
	case "morris":
		return analysis.Morris{Morris: sensitivity.Morris{Trajectories: o.Runs}}, nil
	case "sobol":
		n := o.Runs
		if n == 0 {
			n = 256
		}
		if n < 2 {
			return nil, fmt.Errorf("--runs %d: Sobol' indices need 2 or more base points (a power of two keeps the sequence balanced)", n)
		}
		return analysis.Sobol{Saltelli: sensitivity.Saltelli{N: n}}, nil
	}
	return nil, fmt.Errorf("--method %q: use morris or sobol", o.Method)
}

// newSensitivityCmd builds the command; runF, if not nil, replaces the
// analysis, so tests check flag parsing without running the model.
func newSensitivityCmd(stdout, stderr io.Writer, runF func(*cobra.Command, sensitivityOptions) error) *cobra.Command {
	opts := sensitivityOptions{}
	cmd := &cobra.Command{
		Use:   "sensitivity SCENARIO",
		Short: "Which uncertain parameters drive each target: Morris screening or Sobol' indices",
		Long: `Vary SCENARIO's uncertain parameters (those a sweep varies) over a design
of the unit hypercube, mapped to values by each parameter's inverse CDF, and
say for every target's metric, and for the CBS-comparable count and rough
sleeping on 1 January of every year, which parameters drive it.

--method morris (the default): Morris elementary effects, μ* and σ, with a
95% bootstrap interval for μ*; --runs trajectories (default 10), each of
k+1 runs for k parameters. A screening: cheap, ranks the parameters.

--method sobol: first-order (S1) and total (ST) Sobol' indices by the
Saltelli design with Jansen's estimator, with 95% bootstrap intervals;
--runs base points N (default 256), N(k+2) runs. It says whether N was
enough.

A split (a Dirichlet draw) counts as one parameter per key. A calibrated
scenario's posterior counts as one parameter, "posterior", of whole rows.
With --replications R every design point runs R times, with the same seeds
at every point, and the output variance is split into parameter effects
and stochastic noise.

Writes to --out: sensitivity.csv (method, output, parameter, index, value,
low, high) and a tornado figure per target (tornado_<target>.png).`,
		Example: `  thuis sensitivity baseline --out results/sensitivity-baseline
  thuis sensitivity small.yaml --method sobol --runs 64 --replications 2 --lang nl`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenario = args[0]
			if runF != nil {
				return runF(cmd, opts)
			}
			return runSensitivity(cmd, stdout, stderr, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Method, "method", "morris", "morris (screening) or sobol (variance-based indices)")
	f.IntVar(&opts.Runs, "runs", 0, "size of the design: Morris trajectories (default 10) or Sobol' base points N (default 256)")
	f.StringVar(&opts.Targets, "targets", "", "targets file (default: the shipped one)")
	f.IntVar(&opts.Replications, "replications", 1, "runs per design point, to separate stochastic noise from parameter effects")
	f.Uint64Var(&opts.Seed, "seed", 1, "master seed")
	f.IntVar(&opts.Workers, "workers", 0, "simulations at once (default: all cores)")
	f.StringVar(&opts.Out, "out", "", "output directory (default results/sensitivity-<scenario>)")
	f.StringVar(&opts.Lang, "lang", langDefault(os.Getenv), "language of the table and figures: en or nl (default: $THUIS_LANG, else en)")
	return cmd
}

func runSensitivity(cmd *cobra.Command, stdout, stderr io.Writer, opts sensitivityOptions) error {
	if err := checkLang(opts.Lang); err != nil {
		return err
	}
	m, err := opts.method()
	if err != nil {
		return err
	}
	switch {
	case opts.Replications < 1:
		return fmt.Errorf("--replications %d: give 1 or more", opts.Replications)
	case opts.Workers < 0:
		return fmt.Errorf("--workers %d: give at least 1, or 0 for as many as cores", opts.Workers)
	}
	sc, err := loader().Load(opts.Scenario)
	if err != nil {
		return err
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	// The design's size is known before anything runs or is written.
	factors := analysis.Factors(uncertainty.Varied(sc))
	if points := m.Points(len(factors)); points > sweep.MaxRuns || (points > 0 && opts.Replications > sweep.MaxRuns/points) {
		return fmt.Errorf("--runs %d and --replications %d: %s needs %d design points × %d replications, more than the %d runs a design may have; give fewer",
			opts.Runs, opts.Replications, m.Name(), points, opts.Replications, sweep.MaxRuns)
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "sensitivity-"+sc.Name)
	}
	claim, err := output.Acquire(out, output.AnalysisKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	cfg := analysis.Config{Scenario: sc, Targets: targets, Method: m, Replications: opts.Replications, Seed: opts.Seed, Workers: opts.Workers}
	factors, runs := analysis.RunsNeeded(cfg)
	fmt.Fprintf(stderr, i18n.T(opts.Lang, "progress.sensitivity")+"\n", m.Name(), len(factors), m.Points(len(factors)), cfg.Replications, runs)
	prog := newProgress(stderr, time.Now, opts.Lang, "sensitivity")
	cfg.Progress = prog.update
	start := time.Now()
	res, err := analysis.Sensitivity(cmd.Context(), cfg)
	prog.finish()
	if err != nil {
		if cmd.Context().Err() != nil {
			return fmt.Errorf("interrupted; nothing written to %s", out)
		}
		return err
	}
	err = claim.Replace(output.Marker{Kind: output.AnalysisKind}, func(dir string) error {
		if err := output.WriteFile(filepath.Join(dir, "sensitivity.csv"), res.WriteCSV); err != nil {
			return err
		}
		if res.HasPosteriorRanks() {
			if err := output.WriteFile(filepath.Join(dir, "posterior-ranks.csv"), res.WritePosteriorRanks); err != nil {
				return err
			}
		}
		if err := res.Package().Write(dir); err != nil {
			return err
		}
		for i := range res.Outputs {
			o := &res.Outputs[i]
			if !o.Target || o.Constant {
				continue
			}
			fig, err := res.Tornado(o, opts.Lang)
			if err != nil {
				return err
			}
			if err := output.WriteFile(filepath.Join(dir, fig.Name+".png"), func(w io.Writer) error { return fig.Write(w, "png") }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := res.WriteTable(stdout, opts.Lang, 8); err != nil {
		return err
	}
	fmt.Fprintf(stdout, i18n.T(opts.Lang, "progress.runs_done")+"\n", runs, i18n.Number(opts.Lang, time.Since(start).Seconds(), 1), out)
	return nil
}
