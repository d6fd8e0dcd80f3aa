package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

func newValidateCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files; report every problem with file, line and field",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := 0
			for _, f := range args {
				sc, err := loader().Load(f)
				if err != nil {
					failed++
					fmt.Fprintln(stdout, err)
					hint(cmd.ErrOrStderr(), err)
					continue
				}
				fmt.Fprintf(stdout, "%s: ok (scenario %s, %d parameters)\n", f, sc.Name, len(sc.Params()))
				if sc.Extends != "" {
					if parent, err := loader().Parent(sc); err == nil {
						writeDiffShort(stdout, f, parent, sc)
					}
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d files have problems", failed, len(args))
			}
			return nil
		},
	}
}

func newScenariosCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "scenarios",
		Short: "List the shipped scenarios",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l := loader()
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			for _, name := range l.ShippedNames() {
				sc, err := l.Load(name)
				if err != nil {
					return err
				}
				ext := ""
				if sc.Extends != "" {
					ext = " (extends " + sc.Extends + ")"
				}
				fmt.Fprintf(tw, "%s\t%s%s\n", name, sc.Description, ext)
			}
			return tw.Flush()
		},
	}
}

type assumptionsOptions struct {
	Only string
}

func newAssumptionsCmd(stdout io.Writer) *cobra.Command {
	opts := assumptionsOptions{}
	cmd := &cobra.Command{
		Use:   "assumptions SCENARIO",
		Short: "List every parameter: value, unit, status, source or assumption, range",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := loader().Load(args[0])
			if err != nil {
				return err
			}
			return writeAssumptions(stdout, sc, opts.Only)
		},
	}
	cmd.Flags().StringVar(&opts.Only, "status", "", "list only parameters with this status: observed, assumed, calibrated or choice")
	return cmd
}

func writeAssumptions(w io.Writer, sc *scenario.Scenario, only string) error {
	statuses := []string{"", string(scenario.Observed), string(scenario.Assumed), string(scenario.Calibrated), string(scenario.Choice)}
	ok := false
	for _, s := range statuses {
		ok = ok || s == only
	}
	if !ok {
		return fmt.Errorf("--status %q: use observed, assumed, calibrated or choice", only)
	}
	fmt.Fprintf(w, "Scenario %s (%s), sha256 %s\n\n", sc.Name, strings.Join(sc.Files, ", "), sc.SHA256[:12])
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tvalue\tunit\tstatus\tuncertainty\twhere from\tdefined at")
	for _, p := range sc.Params() {
		m := p.Info()
		if only != "" && string(m.Status) != only {
			continue
		}
		unc := ""
		switch {
		case m.Range != nil:
			unc = fmt.Sprintf("range [%g, %g]", m.Range[0], m.Range[1])
		case m.Scale != nil:
			unc = fmt.Sprintf("scale [%g, %g]", m.Scale[0], m.Scale[1])
		case m.Concentration != 0:
			unc = fmt.Sprintf("Dirichlet concentration %g", m.Concentration)
		case m.Sample != nil:
			unc = "sample " + m.Sample.String()
		}
		if s, ok := p.(*scenario.Schedule); ok {
			var knots []string
			for _, pt := range s.Points {
				if pt.Range != nil {
					knots = append(knots, fmt.Sprintf("%s [%g, %g]", pt.Date.Format("2006-01-02"), pt.Range[0], pt.Range[1]))
				}
			}
			if len(knots) > 0 {
				unc = "knot ranges " + strings.Join(knots, ", ")
			}
		}
		if m.Calibrate {
			unc += " (calibrate)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s:%d\n", m.Path, p.Describe(), m.Unit, m.Status, unc, m.Note, m.File, m.Line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if only == "" {
		if err := writeLevers(w, sc); err != nil {
			return err
		}
	}
	if post := sc.Posterior; post != nil {
		fmt.Fprintf(w, "\nPosterior %s: %d rows of %d values; a sweep draws whole rows, so these vary together, not by their ranges.\n", post.File, len(post.Rows), len(post.Columns))
		if len(post.Dropped) > 0 {
			fmt.Fprintf(w, "This scenario sets %d of its parameters itself; they are not drawn from it: %s\n", len(post.Dropped), strings.Join(post.Dropped, ", "))
		}
	}
	return nil
}

func newTargetsCmd(stdout io.Writer) *cobra.Command {
	var file string
	var metrics bool
	cmd := &cobra.Command{
		Use:   "targets",
		Short: "List the targets (or, with --metrics, the metrics targets can use)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			if metrics {
				fmt.Fprintln(tw, "metric\tunit\taggregates\tdescription")
				for _, n := range target.MetricNames() {
					m := target.Metrics[n]
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n, m.Unit, strings.Join(m.Aggregates, " "), m.Description)
				}
				return tw.Flush()
			}
			ts, err := loadTargets(file)
			if err != nil {
				return err
			}
			fmt.Fprintln(tw, "id\tyear\ttest\tsource")
			for _, t := range ts {
				test := fmt.Sprintf("%s(%s) %s %g", t.Aggregate, t.Metric, t.Comparator, t.Threshold)
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t.ID, t.Year, test, t.Source)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&file, "targets", "", "targets file (default: the shipped one)")
	cmd.Flags().BoolVar(&metrics, "metrics", false, "list the metrics instead")
	return cmd
}
