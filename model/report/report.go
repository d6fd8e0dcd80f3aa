// Package report writes a report of compared scenarios that a policymaker
// can paste into a note, in Dutch or English, as Markdown with image
// files or as one self-contained HTML file.
//
// # Contents
//
// The main part: a summary in plain words generated from the results
// (which targets each scenario reaches, how likely for a sweep, by how
// much it misses the others); the targets, each with its value against
// its threshold and unit, the difference, the first year reached and
// the probability for a sweep, named in the report's language and with
// how it is measured; the key numbers, with the value a target is tested
// on wherever it measures a key number differently; the policy choices
// that define each scenario; the figures.
//
// The appendix: what each scenario changes from its parent, every
// assumption with its source, the method, and what reproduces the
// results: version, commit, seeds, command and the scenario files
// themselves.
package report

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

// Input is what a report is made of.
type Input struct {
	Scenarios []*results.Scenario
	// Definitions are the scenarios as loaded from their files (same
	// order), for the assumptions and differences; Parents the scenarios
	// they extend (nil for a root).
	Definitions, Parents []*scenario.Scenario
	Targets              []target.Target
	Figures              []Image // in order
	// Files are the scenario files the results were made from, each
	// once, in the order the scenarios read them.
	Files []File

	// Date is when the report was made; zero leaves it out (tests,
	// reproducible reference reports).
	Date time.Time
	// Tool is the thuis that made the report, e.g. "0.1.0 (commit
	// 1a2b3c4d5e6f)"; "" leaves it out.
	Tool string

	// Sensitivity, if set, is a sensitivity result of the first scenario
	// (analysis.ReadDir): the report says what drives each target
	// (drivers.go). SensitivityDir names where it was read.
	Sensitivity    *analysis.Result
	SensitivityDir string
}

// File is a scenario file as the report carries it.
type File struct {
	Name    string // as the scenario names it: "scenarios/baseline.yaml"
	Data    []byte
	SHA256  string // of Data, hex
	Shipped bool   // identical to the file shipped with this thuis
}

// Image is a figure as the report shows it.
type Image struct {
	Name    string
	Caption string
	PNG     []byte
	Path    string // relative path of the PNG, for Markdown
}

// Markdown renders the report as Markdown.
func Markdown(in Input, lang string) ([]byte, error) {
	if !i18n.Supported(lang) {
		return nil, fmt.Errorf("report: language %q not supported; use en or nl", lang)
	}
	v := newView(in, lang)
	if d := driverSentence(in, v.Targets, lang); d != "" {
		v.Summary = append(v.Summary, d)
	}
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n%s\n\n", v.Title, v.Subtitle)
	if v.Made != "" {
		p("*%s*\n\n", v.Made)
	}

	p("## %s\n\n%s\n\n", t(lang, "summary"), v.Summary[0])
	for _, s := range v.Summary[1:] {
		p("- %s\n", s)
	}
	p("\n")

	p("## %s\n\n%s\n\n", t(lang, "scorecard"), v.TargetsIntro)
	var rows [][]string
	for _, tv := range v.Targets {
		row := []string{tv.label(), fmt.Sprint(tv.Year), tv.Norm}
		for _, c := range tv.Cells {
			row = append(row, strings.Join(c.Lines, "; "))
		}
		rows = append(rows, row)
	}
	table(&b, v.TargetHead, rows)
	p("\n### %s\n\n", t(lang, "how_measured"))
	for _, tv := range v.Targets {
		p("- **%s** (%d): %s.", tv.label(), tv.Year, strings.TrimSuffix(tv.Description, "."))
		if tv.Note != "" {
			p(" *%s*: %s.", capital(t(lang, "measured")), strings.TrimSuffix(tv.Note, "."))
		}
		if tv.Source != "" {
			p(" *%s*: %s.", capital(t(lang, "source")), strings.TrimSuffix(tv.Source, "."))
		}
		p("\n")
	}
	markdownDrivers(p, func(head []string, rows [][]string) { table(&b, head, rows) }, drivers(in, v.Targets, lang))

	p("\n## %s\n\n%s\n\n", t(lang, "key_numbers"), v.KeyIntro)
	rows = nil
	for _, k := range v.Keys {
		rows = append(rows, append([]string{k.Label}, k.Values...))
	}
	table(&b, v.KeyHead, rows)

	p("\n## %s\n\n%s\n\n", t(lang, "policies"), v.PoliciesIntro)
	for _, pol := range v.Policies {
		p("### %s\n\n", pol.Name)
		if pol.Description != "" {
			p("%s\n\n", pol.Description)
		}
		for _, it := range pol.Items {
			p("- **%s**: %s\n", it.Label, strings.Join(it.Lines, "; "))
		}
		p("\n")
	}

	if len(in.Figures) > 0 {
		p("## %s\n\n", t(lang, "figures"))
		for _, f := range in.Figures {
			p("![%s](%s)\n\n*%s*\n\n", f.Caption, f.Path, f.Caption)
		}
	}

	p("## %s\n\n", v.AssumesTitle)
	for _, a := range v.Assumes {
		p("%s\n\n", a.Text)
		if len(a.Rows) > 0 {
			table(&b, v.ParamHead, a.Rows)
			p("\n")
		}
	}

	p("## %s\n\n%s\n\n", v.AssumptionsTitle, v.AssumptionsOf)
	table(&b, v.ParamHead, v.Params)

	p("\n## %s\n\n%s\n\n", v.MethodTitle, t(lang, "method_text"))

	p("## %s\n\n", v.ReproduceTitle)
	if v.Made != "" {
		p("%s\n\n", capital(v.Made))
	}
	for _, r := range v.Reproduce {
		p("- %s\n", r)
	}
	if v.Command != "" {
		p("\n%s: `%s`\n", t(lang, "command"), v.Command)
	}
	if len(v.Files) > 0 {
		p("\n### %s\n\n%s\n\n", t(lang, "files"), v.FilesIntro)
		for _, f := range v.Files {
			if f.Text == "" {
				p("- `%s`: %s\n\n", f.Name, f.Note)
				continue
			}
			fence := "```"
			for strings.Contains(f.Text, fence) {
				fence += "`"
			}
			p("`%s`:\n\n%syaml\n%s%s\n\n", f.Name, fence, f.Text, fence)
		}
	}
	return b.Bytes(), nil
}

// capital makes a text's first letter a capital.
func capital(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func paramHead(lang string) []string {
	return []string{t(lang, "parameter"), t(lang, "value"), t(lang, "unit"), t(lang, "status"), t(lang, "uncertainty"), t(lang, "where_from")}
}

// paramRows are parameters as table rows: path, value and the note as
// the scenario file writes them, unit and status in lang.
func paramRows(ps []scenario.Param, lang string) [][]string {
	word := func(prefix, s string) string {
		if w, ok := i18n.Lookup(lang, "report."+prefix+s); ok {
			return w
		}
		return s
	}
	var rows [][]string
	for _, p := range ps {
		m := p.Info()
		rows = append(rows, []string{m.Path, p.Describe(), word("punit.", m.Unit), word("status.", string(m.Status)), uncertainty(m), m.Note})
	}
	return rows
}

func uncertainty(m *scenario.Meta) string {
	switch {
	case m.Sample != nil:
		return m.Sample.String()
	case m.Range != nil:
		return fmt.Sprintf("[%g, %g]", m.Range[0], m.Range[1])
	case m.Scale != nil:
		return fmt.Sprintf("× [%g, %g]", m.Scale[0], m.Scale[1])
	case m.Concentration != 0:
		return fmt.Sprintf("Dirichlet %g", m.Concentration)
	}
	return ""
}

// Differences lists the parameters of sc whose value or provenance differs
// from its parent's, or that the parent lacks.
func Differences(sc, parent *scenario.Scenario) []scenario.Param {
	byPath := map[string]scenario.Param{}
	for _, p := range parent.Params() {
		byPath[p.Info().Path] = p
	}
	var out []scenario.Param
	for _, p := range sc.Params() {
		m := p.Info()
		q, ok := byPath[m.Path]
		if !ok || q.Describe() != p.Describe() || q.Info().Note != m.Note || q.Info().Status != m.Status {
			out = append(out, p)
		}
	}
	return out
}

// table writes a Markdown table; pipes in cells are escaped.
func table(b *bytes.Buffer, head []string, rows [][]string) {
	esc := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	line := func(cells []string) {
		for i := range cells {
			cells[i] = esc(cells[i])
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
	}
	line(append([]string(nil), head...))
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
	}
	fmt.Fprintf(b, "|%s|\n", strings.Join(sep, "|"))
	for _, r := range rows {
		line(append([]string(nil), r...))
	}
}
