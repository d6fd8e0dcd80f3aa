// Package report writes a report of compared scenarios that a policymaker
// can paste into a note: the scorecard, key numbers, figures, what each
// scenario assumes, the assumptions with their sources, the method and
// how to reproduce it; in Dutch or English, as Markdown with image files
// or as one self-contained HTML file.
package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/thuis-nl/thuis/model/compare"
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
		return nil, fmt.Errorf("language %q not supported; use en or nl", lang)
	}
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n%s\n\n", t(lang, "title"), t(lang, "subtitle"))

	p("## %s\n\n", t(lang, "scorecard"))
	if in.Scenarios[0].Runs > 1 {
		p("%s\n\n", t(lang, "scorecard_sweep"))
	} else {
		p("%s\n\n", t(lang, "scorecard_run"))
	}
	head := []string{t(lang, "target"), t(lang, "year")}
	for _, s := range in.Scenarios {
		head = append(head, s.Name)
	}
	table(&b, head, scorecardRows(in, lang))
	p("\n")
	for _, tg := range in.Targets {
		p("- **%s**: %s\n", tg.ID, tg.Description[lang])
	}

	p("\n## %s\n\n", t(lang, "key_numbers"))
	head = []string{""}
	for _, s := range in.Scenarios {
		head = append(head, s.Name)
	}
	table(&b, head, keyRows(in, lang))

	if len(in.Figures) > 0 {
		p("\n## %s\n\n", t(lang, "figures"))
		for _, f := range in.Figures {
			p("![%s](%s)\n\n*%s*\n\n", f.Caption, f.Path, f.Caption)
		}
	}

	p("## %s\n\n", t(lang, "assumes"))
	for i, def := range in.Definitions {
		if in.Parents[i] == nil {
			p("%s\n\n", fmt.Sprintf(t(lang, "assumes_root"), def.Name))
			continue
		}
		diff := Differences(def, in.Parents[i])
		if len(diff) == 0 {
			p("%s\n\n", fmt.Sprintf(t(lang, "assumes_same"), def.Name, in.Parents[i].Name))
			continue
		}
		p("%s\n\n", fmt.Sprintf(t(lang, "assumes_diff"), def.Name, in.Parents[i].Name))
		table(&b, paramHead(lang), paramRows(diff))
		p("\n")
	}

	p("## %s\n\n%s\n\n", t(lang, "assumptions"), fmt.Sprintf(t(lang, "assumptions_of"), in.Definitions[0].Name))
	table(&b, paramHead(lang), paramRows(in.Definitions[0].Params()))

	p("\n## %s\n\n%s\n\n", t(lang, "method"), t(lang, "method_text"))

	p("## %s\n\n", t(lang, "reproduce"))
	for _, s := range in.Scenarios {
		p("- %s: %s %s, %s %d, %s %d, %s `%s`\n", s.Name, t(lang, "version"), s.Version, t(lang, "seed"), s.Seed,
			t(lang, "runs"), s.Runs, t(lang, "sha"), s.SHA256)
	}
	if cmd := in.Scenarios[0].Command; len(cmd) > 0 {
		p("\n%s: `%s`\n", t(lang, "command"), strings.Join(cmd, " "))
	}
	return b.Bytes(), nil
}

func scorecardRows(in Input, lang string) [][]string {
	var rows [][]string
	for i, tg := range in.Scenarios[0].Targets {
		row := []string{tg.ID, fmt.Sprint(tg.Year)}
		for _, s := range in.Scenarios {
			if i < len(s.Targets) {
				row = append(row, compare.Cell(s.Targets[i], lang))
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func keyRows(in Input, lang string) [][]string {
	var rows [][]string
	for _, k := range compare.KeyNumbers(2025, 2030) {
		row := []string{fmt.Sprintf("%s %d", compare.Label(lang, k.Key), k.Year)}
		for _, s := range in.Scenarios {
			if v, ok := k.Value(s); ok {
				row = append(row, target.Format(v, k.Unit, lang))
			} else {
				row = append(row, "–")
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func paramHead(lang string) []string {
	return []string{t(lang, "parameter"), t(lang, "value"), t(lang, "unit"), t(lang, "status"), t(lang, "uncertainty"), t(lang, "where_from")}
}

func paramRows(ps []scenario.Param) [][]string {
	var rows [][]string
	for _, p := range ps {
		m := p.Info()
		rows = append(rows, []string{m.Path, p.Describe(), m.Unit, string(m.Status), uncertainty(m), m.Note})
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
