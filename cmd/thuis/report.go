package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/report"
)

type reportOptions struct {
	Lang, Format, Out, Targets string
	// Sensitivity is the directory of a thuis sensitivity result of the
	// first scenario; "" means DIR/sensitivity if it holds one.
	Sensitivity string
}

// reportDate is the date a report carries: today, or the time in
// SOURCE_DATE_EPOCH (seconds since 1970, as reproducible builds set it)
// so that a report made twice is the same file.
func reportDate(getenv func(string) string, now func() time.Time) (time.Time, error) {
	s := getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return now().UTC(), nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want seconds since 1970-01-01", s)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// toolVersion is this thuis: its version, and the commit it was built
// from when the Go toolchain recorded one (go build or go install in a
// clone; not go run or go test).
func toolVersion(info *debug.BuildInfo, ok bool) string {
	v := output.Version
	if !ok {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		return fmt.Sprintf("%s (commit %s, with local changes)", v, rev)
	}
	return fmt.Sprintf("%s (commit %s)", v, rev)
}

func newReportCmd(stdout io.Writer, getenv func(string) string) *cobra.Command {
	opts := reportOptions{}
	cmd := &cobra.Command{
		Use:   "report DIR",
		Short: "Write a report of a run, sweep or comparison: scorecard, figures, assumptions, method",
		Long: `Write a report of the results in DIR (from thuis run, sweep or compare), in
Dutch or English, as one self-contained HTML file (figures inline, opens
offline, prints well) or as Markdown with the figures as image files in
DIR/figures. By default it goes to DIR/report.<lang>.<format>.

The report carries its date (today; SOURCE_DATE_EPOCH, in seconds since
1970, fixes it), this thuis's version and commit, and the scenario files
the results were made from, so that whoever receives it can rerun it.

Given a thuis sensitivity result of the first scenario (--sensitivity, or
DIR/sensitivity if it holds one), it says what drives each target: the
largest three parameters by Morris μ* (with σ) or Sobol' ST (with S1),
with their 95% intervals, and in the summary what drives the targets not
reached.`,
		Example: `  thuis compare baseline eerst-een-thuis --out results/plan
  thuis report results/plan --lang nl                  # results/plan/report.nl.html
  thuis report results/plan --lang en --format md --out note.md`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			date, err := reportDate(getenv, time.Now)
			if err != nil {
				return err
			}
			return runReport(stdout, opts, args[0], date)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Lang, "lang", langDefault(os.Getenv), "language: en or nl (default: $THUIS_LANG, else en)")
	f.StringVar(&opts.Format, "format", "html", "format: html or md")
	f.StringVar(&opts.Out, "out", "", "report file (default DIR/report.<lang>.<format>)")
	f.StringVar(&opts.Targets, "targets", "", "targets file the results were made with (default: the shipped one)")
	f.StringVar(&opts.Sensitivity, "sensitivity", "", "directory of a thuis sensitivity result of the first scenario, for what drives each target (default: DIR/sensitivity if there is one)")
	return cmd
}

func runReport(stdout io.Writer, opts reportOptions, dir string, date time.Time) error {
	if err := checkLang(opts.Lang); err != nil {
		return err
	}
	if opts.Format != "html" && opts.Format != "md" {
		return fmt.Errorf("--format %q: use html or md", opts.Format)
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join(dir, fmt.Sprintf("report.%s.%s", opts.Lang, opts.Format))
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return fmt.Errorf("--out %s: a directory; --out names the report's file, e.g. %s", out, filepath.Join(out, fmt.Sprintf("report.%s.%s", opts.Lang, opts.Format)))
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	// Readers share a result directory; a command writing it (a run
	// replacing it) is refused meanwhile, and the first reader removes
	// what a killed report left.
	claim, err := output.Acquire(dir, "", output.Shared)
	if err != nil {
		return err
	}
	defer claim.Release()
	if err := claim.Share(); err != nil {
		return err
	}
	output.RemoveTemps(filepath.Dir(out))
	in, err := report.Load(dir, targets, loader(), figureImages(filepath.Dir(out), opts.Format == "md"), opts.Lang)
	if err != nil {
		return err
	}
	in.Date = date
	in.Tool = toolVersion(debug.ReadBuildInfo())
	sens := opts.Sensitivity
	if sens == "" {
		if _, err := os.Stat(filepath.Join(dir, "sensitivity", "sensitivity.csv")); err == nil {
			sens = filepath.Join(dir, "sensitivity")
		}
	}
	if sens != "" {
		if in.Sensitivity, err = analysis.ReadDir(sens); err != nil {
			return fmt.Errorf("--sensitivity: %w", err)
		}
		in.SensitivityDir = sens
	}
	render := report.HTML
	if opts.Format == "md" {
		render = report.Markdown
	}
	page, err := render(in, opts.Lang)
	if err != nil {
		return err
	}
	if err := output.WriteFile(out, func(w io.Writer) error { _, err := w.Write(page); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, i18n.T(opts.Lang, "progress.report_done")+"\n", out)
	return nil
}
