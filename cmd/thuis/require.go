package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/figure"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
)

type requireOptions struct {
	Target   string
	Lever    string
	Prob     float64
	Runs     int
	Scenario string
	Range    []float64
	Grid     int
	Targets  string
	Seed     uint64
	Workers  int
	// Second is a second lever: the trade-off curve over its values.
	Second      string
	SecondRange []float64
	SecondGrid  int
	Out         string
	Lang        string
}

// newRequireCmd builds the command; runF, if not nil, replaces the
// search.
func newRequireCmd(stdout, stderr io.Writer, runF func(*cobra.Command, requireOptions) error) *cobra.Command {
	opts := requireOptions{}
	cmd := &cobra.Command{
		Use:   "require TARGET --lever PATH",
		Short: "What it would take: the lever value that reaches a target with a given probability",
		Long: `Find the smallest value of one lever (a choice of the scenario: a scalar or a
constant schedule) for which TARGET is reached in at least --prob of the
runs, or the largest if the target is reached more often at lower values;
with a 95% bootstrap interval of that value.

The lever's range is its declared lever: [low, high] (or its levels:),
or --range LOW,HIGH. The search runs --runs runs at --grid values over the
range, every value with the same seeds and draws of the uncertain
parameters (common random numbers), fits a monotone response of the share
reaching the target, and refines the grid around where the fit crosses
--prob, down to one unit for a lever that counts people, places or units.

With --second PATH, a second lever: for each of --second-grid values over
its declared range (or --second-range LOW,HIGH; or its levels), the value of
the first lever needed, every search with the same seeds and draws (common
random numbers). It prints the trade-off table and writes to --out
tradeoff.csv, a figure tradeoff.png and datapackage.json.`,
		Example: `  thuis require T2-no-rough-sleeping-for-lack-of-shelter --lever shelter.emergency --range 2000,6000
  thuis require W --lever shelter.emergency --scenario mmc.yaml --targets wait.yaml --prob 0.5
  thuis require W --lever shelter.emergency --second inflow.arrivals.rate --second-range 900,1100 --scenario mmc.yaml --targets wait.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Target = args[0]
			if runF != nil {
				return runF(cmd, opts)
			}
			return runRequire(cmd, stdout, stderr, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Lever, "lever", "", "path of the lever, e.g. shelter.emergency")
	f.Float64Var(&opts.Prob, "prob", 0.8, "probability with which the target must be reached")
	f.IntVar(&opts.Runs, "runs", 40, "runs at every lever value")
	f.StringVar(&opts.Scenario, "scenario", "eerst-een-thuis", "scenario (a file, or a shipped name)")
	f.Float64SliceVar(&opts.Range, "range", nil, "LOW,HIGH: the range to search (default: the lever's declared range or levels)")
	f.IntVar(&opts.Grid, "grid", 9, "lever values per stage of the search")
	f.StringVar(&opts.Targets, "targets", "", "targets file (default: the shipped one)")
	f.Uint64Var(&opts.Seed, "seed", 1, "master seed")
	f.IntVar(&opts.Workers, "workers", 0, "simulations at once (default: all cores)")
	f.StringVar(&opts.Second, "second", "", "path of a second lever: the trade-off curve between the two")
	f.Float64SliceVar(&opts.SecondRange, "second-range", nil, "LOW,HIGH: the second lever's values (default: its declared range or levels)")
	f.IntVar(&opts.SecondGrid, "second-grid", 5, "values of the second lever")
	f.StringVar(&opts.Out, "out", "", "output directory of a trade-off (default results/tradeoff-<target>)")
	f.StringVar(&opts.Lang, "lang", langDefault(os.Getenv), "language of the progress lines and the trade-off figure: en or nl (default: $THUIS_LANG, else en)")
	return cmd
}

func runRequire(cmd *cobra.Command, stdout, stderr io.Writer, opts requireOptions) error {
	switch {
	case opts.Lever == "":
		return fmt.Errorf("require: give --lever PATH")
	case opts.Runs < 1:
		return fmt.Errorf("--runs %d: give 1 or more", opts.Runs)
	case opts.Runs > sweep.MaxRuns:
		return fmt.Errorf("--runs %d: give at most %d", opts.Runs, sweep.MaxRuns)
	case opts.Grid < 2:
		return fmt.Errorf("--grid %d: give 2 or more", opts.Grid)
	case opts.Range != nil && len(opts.Range) != 2:
		return fmt.Errorf("--range: give LOW,HIGH")
	case opts.Workers < 0:
		return fmt.Errorf("--workers %d: give at least 1, or 0 for as many as cores", opts.Workers)
	case opts.SecondRange != nil && len(opts.SecondRange) != 2:
		return fmt.Errorf("--second-range: give LOW,HIGH")
	case opts.Second == "" && (opts.SecondRange != nil || opts.Out != ""):
		return fmt.Errorf("--second-range and --out go with --second PATH")
	case opts.Second != "" && opts.SecondGrid < 2:
		return fmt.Errorf("--second-grid %d: give 2 or more", opts.SecondGrid)
	}
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
	var tg *target.Target
	var ids []string
	for i := range targets {
		ids = append(ids, targets[i].ID)
		if targets[i].ID == opts.Target {
			tg = &targets[i]
		}
	}
	if tg == nil {
		return fmt.Errorf("require: no target %q; the targets are %s", opts.Target, strings.Join(ids, ", "))
	}
	if opts.Second != "" {
		return runTradeoff(cmd, stdout, stderr, opts, sc, *tg)
	}
	prog := newProgress(stderr, time.Now, opts.Lang, "require")
	start := time.Now()
	// The heading comes with the first progress, once the search's
	// settings have been checked: a refused search prints only its error.
	var heading sync.Once
	progress := func(done, total int) {
		heading.Do(func() {
			fmt.Fprintf(stderr, i18n.T(opts.Lang, "progress.require")+"\n", tg.ID, significant(opts.Lang, opts.Prob, -1), opts.Lever, sc.Name, opts.Runs)
		})
		prog.update(done, total)
	}
	req, err := analysis.Require(cmd.Context(), analysis.RequireConfig{Scenario: sc, Target: *tg, Lever: opts.Lever, Range: opts.Range,
		Prob: opts.Prob, Runs: opts.Runs, Grid: opts.Grid, Seed: opts.Seed, Workers: opts.Workers, Progress: progress})
	prog.finish()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\treached\tP (fitted)\n", opts.Lever)
	for _, p := range req.Points {
		fmt.Fprintf(tw, "%s\t%d/%d\t%.2f\n", value(p.Value), p.Reached, req.Runs, p.Fitted)
	}
	tw.Flush()
	way, extreme := "smallest", "higher"
	if !req.Increasing {
		way, extreme = "largest", "lower"
	}
	if !req.Found {
		fmt.Fprintf(stdout, "%s is not reached with probability %g anywhere in the range; at best %.2f\n", tg.ID, opts.Prob, best(req))
		return nil
	}
	fmt.Fprintf(stdout, "%s: the %s %s that reaches %s with probability ≥ %g is %s (95%% interval %s to %s); it is reached more often at %s values\n",
		sc.Name, way, opts.Lever, tg.ID, opts.Prob, value(req.Value), value(req.Low), value(req.High), extreme)
	fmt.Fprintf(stdout, "%d runs in %.1f s\n", len(req.Points)*req.Runs, time.Since(start).Seconds())
	return nil
}

func value(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "beyond the range"
	case math.IsInf(v, -1):
		return "below the range"
	}
	return fmt.Sprintf("%.4g", v)
}

func best(req *analysis.Requirement) float64 {
	b := 0.0
	for _, p := range req.Points {
		b = math.Max(b, p.Fitted)
	}
	return b
}

// runTradeoff is require with a second lever: the trade-off curve.
func runTradeoff(cmd *cobra.Command, stdout, stderr io.Writer, opts requireOptions, sc *scenario.Scenario, tg target.Target) error {
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "tradeoff-"+tg.ID)
	}
	claim, err := output.Acquire(out, output.AnalysisKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	prog := newProgress(stderr, time.Now, opts.Lang, "require")
	start := time.Now()
	fmt.Fprintf(stderr, "require: %s with P ≥ %g by %s, for each value of %s, in %s, %d runs per pair of values\n", tg.ID, opts.Prob, opts.Lever, opts.Second, sc.Name, opts.Runs)
	tr, err := analysis.RequireTradeoff(cmd.Context(), analysis.TradeoffConfig{
		RequireConfig: analysis.RequireConfig{Scenario: sc, Target: tg, Lever: opts.Lever, Range: opts.Range, Prob: opts.Prob, Runs: opts.Runs, Grid: opts.Grid,
			Seed: opts.Seed, Workers: opts.Workers, Progress: prog.update},
		Second: opts.Second, SecondRange: opts.SecondRange, SecondGrid: opts.SecondGrid})
	prog.finish()
	if err != nil {
		var noRange *analysis.NoRangeError
		if errors.As(err, &noRange) {
			fmt.Fprintln(stderr, "thuis: hint: --range LOW,HIGH and --second-range LOW,HIGH give the ranges")
		}
		return err
	}
	var points []figure.Needed
	for _, p := range tr.Points {
		r := p.Requirement
		points = append(points, figure.Needed{X: p.Second, Y: r.Value, Low: r.Low, High: r.High, Found: r.Found})
	}
	err = claim.Replace(output.Marker{Kind: output.AnalysisKind}, func(dir string) error {
		if err := output.WriteFile(filepath.Join(dir, "tradeoff.csv"), tr.WriteCSV); err != nil {
			return err
		}
		if err := tr.Package().Write(dir); err != nil {
			return err
		}
		title := fmt.Sprintf(i18n.T(opts.Lang, "tradeoff.title"), opts.Lever, tg.ID)
		sub := fmt.Sprintf(i18n.T(opts.Lang, "tradeoff.sub"), 100*opts.Prob, opts.Runs)
		fig, err := figure.TradeoffCurve("tradeoff", title, sub, opts.Second, opts.Lever, opts.Lang, points)
		if err != nil {
			fmt.Fprintf(stderr, "require: no figure: %v\n", err)
			return nil
		}
		return output.WriteFile(filepath.Join(dir, "tradeoff.png"), func(w io.Writer) error { return fig.Write(w, "png") })
	})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s needed\t95%% interval\n", opts.Second, opts.Lever)
	for _, p := range tr.Points {
		r := p.Requirement
		if !r.Found {
			fmt.Fprintf(tw, "%s\tnot reached in the range (at best %.2f)\t\n", value(p.Second), best(r))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s to %s\n", value(p.Second), value(r.Value), value(r.Low), value(r.High))
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%s with probability ≥ %g in %s; results in %s (%.1f s)\n", tg.ID, opts.Prob, sc.Name, out, time.Since(start).Seconds())
	return nil
}
