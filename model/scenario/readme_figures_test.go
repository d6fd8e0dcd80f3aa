package scenario_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// The tables of model/README.md that quote the shipped scenario files are
// marked with an HTML comment on the line before them, invisible when the
// README is rendered:
//
//	<!-- figures: scenario NAME -->   | `path` | value | unit | status | uncertainty |
//	<!-- figures: shipped -->         | `name` | extends | start | end | warm-up | ... |
//
// In a "scenario" table a row's path is a parameter path of NAME as thuis
// assumptions prints it, or allocation or shelter.closure; the value is
// Param.Describe(), status is the status with ", calibrate" added for a
// parameter marked calibrate: true, and uncertainty is as thuis assumptions
// prints it ("range [a, b]", "scale [a, b]", "Dirichlet concentration c"),
// or "knot ranges [a, b]" for a schedule whose knots carry ranges. Every
// parameter that NAME's own file sets must have a row, so a table of what a
// file sets is complete. "—" stands for an empty cell. Inside a cell, "\|"
// is a "|" (the separator of step schedules).
var readmeMarker = regexp.MustCompile(`^<!-- figures: (scenario ([a-z0-9_-]+)|shipped) -->$`)

// TestREADMEFigures holds the figures model/README.md quotes to the
// shipped scenario files, so that a value changed in a file without the
// README fails here.
func TestREADMEFigures(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	tables, errs := readmeFigureErrors(string(readme), l.Load, l.ShippedNames())
	if tables < 5 {
		t.Errorf("found %d marked tables in model/README.md; the markers or the parser changed", tables)
	}
	for _, e := range errs {
		t.Error(e)
	}
}

// TestREADMEFiguresNoticeAChange: the check fails when a file's value
// differs from the README's, here population.ethos1 of history raised by
// one, as an edit of history.yaml would. It adds exactly that one error to
// whatever TestREADMEFigures reports.
func TestREADMEFiguresNoticeAChange(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	changed := func(name string) (*scenario.Scenario, error) {
		sc, err := l.Load(name)
		if err == nil && name == "history" {
			for _, p := range sc.Params() {
				if q, ok := p.(*scenario.Quantity); ok && q.Path == "population.ethos1" {
					q.Value++
				}
			}
		}
		return sc, err
	}
	_, before := readmeFigureErrors(string(readme), l.Load, l.ShippedNames())
	_, after := readmeFigureErrors(string(readme), changed, l.ShippedNames())
	var about int
	for _, e := range after {
		if strings.Contains(e, "history: population.ethos1 value") {
			about++
		}
	}
	if len(after) != len(before)+1 || about != 1 {
		t.Errorf("with population.ethos1 of history changed, got %d errors (%d before), %d about it; want one more, about population.ethos1", len(after), len(before), about)
	}
}

// readmeFigureErrors checks every marked table of readme against the
// scenarios load returns, and that the table of shipped scenarios names
// every one in shipped. It returns how many tables it found and what
// differs.
func readmeFigureErrors(readme string, load func(string) (*scenario.Scenario, error), shipped []string) (tables int, errs []string) {
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		m := readmeMarker.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		tables++
		var rows [][]string
		for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			if cells, data := readmeCells(lines[j]); data {
				rows = append(rows, cells)
			}
		}
		if len(rows) == 0 {
			errs = append(errs, fmt.Sprintf("model/README.md line %d: a figures marker without a table of figures on the next line", i+1))
			continue
		}
		if m[1] == "shipped" {
			errs = append(errs, readmeShipped(rows, load)...)
			listed := map[string]bool{}
			for _, r := range rows {
				listed[r[0]] = true
			}
			for _, name := range shipped {
				if !listed[name] {
					errs = append(errs, fmt.Sprintf("model/README.md shipped scenarios: %s has no row", name))
				}
			}
		} else {
			errs = append(errs, readmeParams(m[2], rows, load)...)
		}
	}
	return tables, errs
}

// readmeShipped checks | `name` | extends | start | end | warm-up | against
// each scenario.
func readmeShipped(rows [][]string, load func(string) (*scenario.Scenario, error)) []string {
	var errs []string
	for _, r := range rows {
		if len(r) < 5 {
			errs = append(errs, fmt.Sprintf("model/README.md shipped scenarios: row %q has %d cells, want name, extends, start, end, warm-up", r[0], len(r)))
			continue
		}
		sc, err := load(r[0])
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		warmup := ""
		if sc.Warmup != nil {
			warmup = sc.Warmup.Describe() + " " + sc.Warmup.Unit
		}
		want := []string{sc.Extends, sc.Start.Format("2006-01-02"), sc.End.Format("2006-01-02"), warmup}
		for j, col := range []string{"extends", "start", "end", "warm-up"} {
			if r[j+1] != want[j] {
				errs = append(errs, fmt.Sprintf("model/README.md shipped scenarios: %s %s is %q, the file says %q", r[0], col, r[j+1], want[j]))
			}
		}
	}
	return errs
}

// readmeParams checks | `path` | value | unit | status | uncertainty |
// against scenario name, and that every parameter its own file sets has a
// row.
func readmeParams(name string, rows [][]string, load func(string) (*scenario.Scenario, error)) []string {
	sc, err := load(name)
	if err != nil {
		return []string{err.Error()}
	}
	params := map[string]scenario.Param{}
	for _, p := range sc.Params() {
		params[p.Info().Path] = p
	}
	var errs []string
	seen := map[string]bool{}
	for _, r := range rows {
		path := r[0]
		seen[path] = true
		if len(r) < 5 {
			errs = append(errs, fmt.Sprintf("model/README.md, %s: row %s has %d cells, want path, value, unit, status, uncertainty", name, path, len(r)))
			continue
		}
		var want []string
		switch p, ok := params[path]; {
		case ok:
			m := p.Info()
			status := string(m.Status)
			if m.Calibrate {
				status += ", calibrate"
			}
			want = []string{p.Describe(), m.Unit, status, readmeUncertainty(p)}
		case path == "allocation":
			want = []string{readmeAllocation(sc.Allocation), "", "", ""}
		case path == "shelter.closure":
			want = []string{readmeClosure(sc.Shelter), "", "", ""}
		default:
			errs = append(errs, fmt.Sprintf("model/README.md, %s: %s is not a parameter of the scenario", name, path))
			continue
		}
		for j, col := range []string{"value", "unit", "status", "uncertainty"} {
			if r[j+1] != want[j] {
				errs = append(errs, fmt.Sprintf("model/README.md, %s: %s %s is %q, the file says %q", name, path, col, r[j+1], want[j]))
			}
		}
	}
	for _, p := range sc.Params() {
		if m := p.Info(); m.File == sc.File && !seen[m.Path] {
			errs = append(errs, fmt.Sprintf("model/README.md, %s: %s (%s:%d) has no row", name, m.Path, m.File, m.Line))
		}
	}
	return errs
}

// readmeCells splits a table row on the "|" that are not escaped and
// trims each cell; a cell that is one code span loses its backticks, and
// "—" becomes "". data reports whether the first cell was a code span: a
// row of figures rather than the header or the separator.
func readmeCells(line string) (cells []string, data bool) {
	line = strings.TrimSpace(line)
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var cell strings.Builder
	flush := func() {
		c := strings.TrimSpace(cell.String())
		code := len(c) > 1 && strings.HasPrefix(c, "`") && strings.HasSuffix(c, "`")
		if code {
			c = c[1 : len(c)-1]
		}
		if len(cells) == 0 {
			data = code
		}
		if c == "—" {
			c = ""
		}
		cells = append(cells, c)
		cell.Reset()
	}
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cell.WriteByte('|')
			i++
		case line[i] == '|':
			flush()
		default:
			cell.WriteByte(line[i])
		}
	}
	flush()
	return cells, data
}

// readmeUncertainty is the uncertainty as thuis assumptions prints it.
func readmeUncertainty(p scenario.Param) string {
	m := p.Info()
	switch {
	case m.Range != nil:
		return fmt.Sprintf("range [%g, %g]", m.Range[0], m.Range[1])
	case m.Scale != nil:
		return fmt.Sprintf("scale [%g, %g]", m.Scale[0], m.Scale[1])
	case m.Concentration != 0:
		return fmt.Sprintf("Dirichlet concentration %g", m.Concentration)
	case m.Sample != nil:
		return "sample " + m.Sample.String()
	}
	if s, ok := p.(*scenario.Schedule); ok {
		var knots []string
		for _, pt := range s.Points {
			if pt.Range != nil {
				knots = append(knots, fmt.Sprintf("[%g, %g]", pt.Range[0], pt.Range[1]))
			}
		}
		if len(knots) > 0 {
			same := true
			for _, k := range knots {
				same = same && k == knots[0]
			}
			if same {
				return "knot ranges " + knots[0]
			}
			return "knot ranges " + strings.Join(knots, ", ")
		}
	}
	return ""
}

// readmeAllocation renders the allocation rules: "[ethos3, ethos4] listed",
// or dated rules "DATE: RULE | DATE: RULE".
func readmeAllocation(a scenario.Allocation) string {
	var parts []string
	for _, r := range a.Rules {
		states := make([]string, len(r.Eligible))
		for i, st := range r.Eligible {
			states[i] = st.String()
		}
		rule := fmt.Sprintf("[%s] %s", strings.Join(states, ", "), r.Order)
		if !r.From.IsZero() {
			rule = r.From.Format("2006-01-02") + ": " + rule
		}
		parts = append(parts, rule)
	}
	return strings.Join(parts, " | ")
}

// readmeClosure renders the closure mode, or dated modes "DATE: MODE | ...".
func readmeClosure(sh scenario.Shelter) string {
	var parts []string
	for _, c := range sh.Closures {
		if c.From.IsZero() {
			parts = append(parts, c.Mode)
		} else {
			parts = append(parts, c.From.Format("2006-01-02")+": "+c.Mode)
		}
	}
	return strings.Join(parts, " | ")
}
