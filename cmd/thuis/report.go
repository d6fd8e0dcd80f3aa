package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/report"
)

type reportOptions struct {
	Lang, Format, Out, Targets string
}

func newReportCmd(stdout io.Writer) *cobra.Command {
	opts := reportOptions{}
	cmd := &cobra.Command{
		Use:   "report DIR",
		Short: "Write a report of a run, sweep or comparison: scorecard, figures, assumptions, method",
		Long: `Write a report of the results in DIR (from thuis run, sweep or compare), in
Dutch or English, as one self-contained HTML file (figures inline, opens
offline, prints well) or as Markdown with the figures as image files in
DIR/figures. By default it goes to DIR/report.<lang>.<format>.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(stdout, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Lang, "lang", "nl", "language: nl or en")
	f.StringVar(&opts.Format, "format", "html", "format: html or md")
	f.StringVar(&opts.Out, "out", "", "report file (default DIR/report.<lang>.<format>)")
	f.StringVar(&opts.Targets, "targets", "", "targets file the results were made with (default: the shipped one)")
	return cmd
}

func runReport(stdout io.Writer, opts reportOptions, dir string) error {
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
	fmt.Fprintf(stdout, "wrote %s\n", out)
	return nil
}
