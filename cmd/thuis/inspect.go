package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

func newValidateCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files (and targets, observed-series and unit-costs files); report every problem with file, line and field",
		Example: `  thuis validate my-variant.yaml
  thuis validate my-variant.yaml later-afbouw.yaml && thuis diff my-variant.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := 0
			for _, f := range args {
				if kind := dataFileKind(f); kind != "" {
					// A targets, observed-series or unit-costs file: checked by
					// its own loader, as strictly.
					what, err := validateDataFile(f, kind)
					if err != nil {
						failed++
						fmt.Fprintln(stdout, err)
						continue
					}
					fmt.Fprintf(stdout, "%s: ok (%s)\n", f, what)
					continue
				}
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

// dataFileKind tells a targets file (a top-level targets: and no name:),
// an observed series (observations:) and a unit-costs file (societal:)
// from a scenario, by the top-level keys; "" for a scenario or a file
// that does not parse, which the scenario loader then reports.
func dataFileKind(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return ""
	}
	keys := map[string]bool{}
	for i := 0; i+1 < len(doc.Content[0].Content); i += 2 {
		keys[doc.Content[0].Content[i].Value] = true
	}
	switch {
	case keys["targets"] && !keys["name"]:
		return "targets"
	case keys["observations"]:
		return "observed"
	case keys["societal"] && !keys["name"]:
		return "costs"
	}
	return ""
}

// validateDataFile loads a file of the given kind and says what it holds.
func validateDataFile(path, kind string) (string, error) {
	switch kind {
	case "targets":
		ts, err := target.Load(path)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("targets file, %d targets", len(ts)), nil
	case "observed":
		s, err := observed.Load(path)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("observed series %s, %d observations", s.Name, len(s.Observations)), nil
	}
	if _, err := costs.Load(path); err != nil {
		return "", err
	}
	return "unit costs file", nil
}

func newScenariosCmd(stdout io.Writer) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:     "scenarios",
		Short:   "List the shipped scenarios",
		Example: "  thuis scenarios --lang nl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := loader()
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			for _, name := range l.ShippedNames() {
				sc, err := l.Load(name)
				if err != nil {
					return err
				}
				ext := ""
				if sc.Extends != "" {
					ext = " " + fmt.Sprintf(i18n.T(lang, "progress.extends"), sc.Extends)
				}
				fmt.Fprintf(tw, "%s\t%s%s\n", name, sc.DescriptionIn(lang), ext)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&lang, "lang", langDefault(os.Getenv), "language of the descriptions: en or nl (default: $THUIS_LANG, else en)")
	return cmd
}

type assumptionsOptions struct {
	Only   string
	Format string
}

func newAssumptionsCmd(stdout io.Writer) *cobra.Command {
	opts := assumptionsOptions{}
	cmd := &cobra.Command{
		Use:   "assumptions SCENARIO",
		Short: "List every parameter: value, unit, status, source or assumption, range",
		Example: `  thuis assumptions eerst-een-thuis
  thuis assumptions eerst-een-thuis --status assumed       # only the assumptions, with their ranges
  thuis assumptions my-variant.yaml --format csv > parameters.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format != "text" && opts.Format != "csv" && opts.Format != "json" {
				return fmt.Errorf("--format %q: use text, csv or json", opts.Format)
			}
			sc, err := loader().Load(args[0])
			if err != nil {
				return err
			}
			if opts.Format != "text" {
				return writeAssumptionRecords(stdout, sc, opts.Only, opts.Format)
			}
			return writeAssumptions(stdout, sc, opts.Only)
		},
	}
	cmd.Flags().StringVar(&opts.Only, "status", "", "list only parameters with this status: observed, assumed, calibrated or choice")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "text (a table to read), csv or json (one record per parameter, for R, pandas or jq)")
	return cmd
}

func checkStatus(only string) error {
	statuses := []string{"", string(scenario.Observed), string(scenario.Assumed), string(scenario.Calibrated), string(scenario.Choice)}
	ok := false
	for _, s := range statuses {
		ok = ok || s == only
	}
	if !ok {
		return fmt.Errorf("--status %q: use observed, assumed, calibrated or choice", only)
	}
	return nil
}

func writeAssumptions(w io.Writer, sc *scenario.Scenario, only string) error {
	if err := checkStatus(only); err != nil {
		return err
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
		Example: `  thuis targets
  thuis targets --metrics                  # what a target of your own may measure
  thuis targets --targets my-targets.yaml  # check and list your own targets`,
		Args: cobra.NoArgs,
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
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t.ID, t.Year, targetTest(t), t.Source)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			// How each target's words were made numbers: what tells T5
			// (from institution) from T6 (from eviction).
			fmt.Fprintln(stdout, "\nHow each target is read:")
			for _, t := range ts {
				note := t.Note
				if note == "" {
					note = "as written"
				}
				fmt.Fprintf(stdout, "  %s: %s\n", t.ID, note)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "targets", "", "targets file (default: the shipped one)")
	cmd.Flags().BoolVar(&metrics, "metrics", false, "list the metrics instead")
	return cmd
}

// targetTest is a target's test in one line: the aggregate of the metric,
// with its inflow source (from) or first year (since) when it takes one,
// the comparator and threshold.
func targetTest(t target.Target) string {
	var args []string
	if t.From != "" {
		args = append(args, "from "+t.From)
	}
	if t.Since != 0 {
		args = append(args, fmt.Sprintf("since %d", t.Since))
	}
	metric := t.Metric
	if len(args) > 0 {
		metric += ", " + strings.Join(args, ", ")
	}
	return fmt.Sprintf("%s(%s) %s %g", t.Aggregate, metric, t.Comparator, t.Threshold)
}

// assumption is one parameter as thuis assumptions --format csv|json
// writes it.
type assumption struct {
	Scenario string `json:"scenario"`
	Path     string `json:"path"`
	// Value is the parameter as written (a number, a schedule, a
	// distribution or shares); Number is its value when it is one number
	// (a constant, or a schedule of one point).
	Value  string   `json:"value"`
	Number *float64 `json:"number"`
	Unit   string   `json:"unit"`
	Status string   `json:"status"`
	// Text is the source, assumption, calibration note or choice.
	Text string `json:"text"`
	// Uncertainty is how a sweep varies it: range (the value, in Low to
	// High), scale (a factor on the whole, Low to High), concentration
	// (a Dirichlet split), sample (Sample's distribution), knots (the
	// schedule's knots, Knots), or empty.
	Uncertainty   string      `json:"uncertainty"`
	Low           *float64    `json:"low"`
	High          *float64    `json:"high"`
	Concentration *float64    `json:"concentration"`
	Sample        string      `json:"sample"`
	Knots         []knotRange `json:"knots,omitempty"`
	Calibrate     bool        `json:"calibrate"`
	// Lever: a policy lever (a choice with levels or a lever range),
	// which thuis sweep --levers varies over Levels or LeverLow to
	// LeverHigh.
	Lever     bool      `json:"lever"`
	Levels    []float64 `json:"levels,omitempty"`
	LeverLow  *float64  `json:"lever_low"`
	LeverHigh *float64  `json:"lever_high"`
	File      string    `json:"file"`
	Line      int       `json:"line"`
}

type knotRange struct {
	Date string  `json:"date"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

func ptr(v float64) *float64 { return &v }

func assumptionRecords(sc *scenario.Scenario, only string) []assumption {
	var out []assumption
	for _, p := range sc.Params() {
		m := p.Info()
		if only != "" && string(m.Status) != only {
			continue
		}
		a := assumption{Scenario: sc.Name, Path: m.Path, Value: p.Describe(), Unit: m.Unit, Status: string(m.Status), Text: m.Note,
			Calibrate: m.Calibrate, File: m.File, Line: m.Line, Lever: m.Levels != nil || m.Lever != nil, Levels: m.Levels}
		switch v := p.(type) {
		case *scenario.Quantity:
			a.Number = ptr(v.Value)
		case *scenario.Schedule:
			if len(v.Points) == 1 {
				a.Number = ptr(v.Points[0].Value)
			}
		}
		switch {
		case m.Range != nil:
			a.Uncertainty, a.Low, a.High = "range", ptr(m.Range[0]), ptr(m.Range[1])
		case m.Scale != nil:
			a.Uncertainty, a.Low, a.High = "scale", ptr(m.Scale[0]), ptr(m.Scale[1])
		case m.Concentration != 0:
			a.Uncertainty, a.Concentration = "concentration", ptr(m.Concentration)
		case m.Sample != nil:
			a.Uncertainty = "sample"
		}
		if m.Sample != nil {
			a.Sample = m.Sample.String()
		}
		if s, ok := p.(*scenario.Schedule); ok {
			for _, pt := range s.Points {
				if pt.Range != nil {
					a.Knots = append(a.Knots, knotRange{pt.Date.Format(time.DateOnly), pt.Range[0], pt.Range[1]})
				}
			}
			if len(a.Knots) > 0 {
				a.Uncertainty = "knots"
			}
		}
		if m.Lever != nil {
			a.LeverLow, a.LeverHigh = ptr(m.Lever[0]), ptr(m.Lever[1])
		}
		out = append(out, a)
	}
	return out
}

// writeAssumptionRecords writes every parameter as CSV (one row each,
// columns as assumptionColumns; knots and levels joined by "; ") or as a
// JSON list.
func writeAssumptionRecords(w io.Writer, sc *scenario.Scenario, only, format string) error {
	if err := checkStatus(only); err != nil {
		return err
	}
	recs := assumptionRecords(sc, only)
	if format == "json" {
		if recs == nil {
			recs = []assumption{}
		}
		return output.JSON(w, recs)
	}
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return output.Num(*v)
	}
	cw := csv.NewWriter(w)
	cw.Write(assumptionColumns)
	for _, a := range recs {
		var knots, levels []string
		for _, k := range a.Knots {
			knots = append(knots, fmt.Sprintf("%s [%s, %s]", k.Date, output.Num(k.Low), output.Num(k.High)))
		}
		for _, l := range a.Levels {
			levels = append(levels, output.Num(l))
		}
		cw.Write([]string{a.Scenario, a.Path, a.Value, num(a.Number), a.Unit, a.Status, a.Text, a.Uncertainty, num(a.Low), num(a.High),
			num(a.Concentration), a.Sample, strings.Join(knots, "; "), strconv.FormatBool(a.Calibrate), strconv.FormatBool(a.Lever),
			strings.Join(levels, "; "), num(a.LeverLow), num(a.LeverHigh), a.File, strconv.Itoa(a.Line)})
	}
	cw.Flush()
	return cw.Error()
}

// assumptionColumns are the columns of thuis assumptions --format csv,
// named by the rule of every thuis CSV (column.Safe).
var assumptionColumns = []string{"scenario", "path", "value", "number", "unit", "status", "text", "uncertainty", "low", "high",
	"concentration", "sample", "knots", "calibrate", "lever", "levels", "lever_low", "lever_high", "file", "line"}
