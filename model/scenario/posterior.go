package scenario

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/thuis-nl/thuis/model/column"
	"gopkg.in/yaml.v3"
)

// Posterior is a joint posterior sample of calibrated parameters, as
// written by thuis calibrate: weighted rows, one column per parameter. The
// file names a column as runs.csv does ("inflow.rate.at_2025_01_01.value",
// see package column) or by the parameter's path ("inflow.rate@2025-01-01",
// a split's share "PATH.KEY"). A sweep draws whole rows, so the
// correlations between parameters that the data induce are kept.
type Posterior struct {
	File    string      // display path of the sample file
	Note    string      // how it was made
	Columns []string    // parameter paths, whichever way the file names them
	Weights []float64   // per row, normalised to sum to 1
	Rows    [][]float64 // values, in the parameters' units (factors for scale parameters)
	// Dropped lists the columns of the file that a variant took over: a
	// scenario that sets a calibrated parameter itself (in a file that
	// extends the calibrated one) takes it out of the posterior, and its
	// own value holds.
	Dropped []string
}

// posterior decodes {file: NAME.csv, note: "..."} and reads the file next
// to the scenario file that names it.
func (d *decoder) posterior(n *yaml.Node, path string, s *Scenario) *Posterior {
	var file, note string
	var fileNode *yaml.Node
	d.mapping(n, path, map[string]field{
		"file": req(func(v *yaml.Node, p string) { file = d.str(v, p); fileNode = v }),
		"note": opt(func(v *yaml.Node, p string) { note = d.str(v, p) }),
	})
	if file == "" || d.posteriorFile == nil {
		return nil
	}
	src, err := d.posteriorFile(file, fileNode)
	if err != nil {
		d.errorf(fileNode, join(path, "file"), "%v", err)
		return nil
	}
	p, err := parsePosterior(src.data)
	if err != nil {
		d.errorf(fileNode, join(path, "file"), "%s: %v", src.display, err)
		return nil
	}
	p.File, p.Note = src.display, note
	// Every column must name an uncertain parameter of the file that names
	// the posterior or of its parents; one that a variant set itself is
	// dropped.
	decl := d.fileOf(n)
	type col struct {
		uncertain bool
		file      string
	}
	known := map[string]col{}
	// A column is a parameter's path (PATH, PATH@DATE, PATH.KEY) or its
	// safe name as runs.csv has it (column.For): byName maps the name to
	// the path, and bySlug a path made safe to the path.
	byName, bySlug := map[string]string{}, map[string]string{}
	for _, prm := range s.Params() {
		m := prm.Info()
		known[m.Path] = col{m.Status == Assumed || m.Status == Calibrated, m.File}
		bySlug[column.Slug(m.Path)] = m.Path
		switch v := prm.(type) {
		case *Quantity:
			byName[column.For(m.Path, column.Value)] = m.Path
		case *Duration:
			byName[column.For(m.Path, column.Factor)] = m.Path
		case *Schedule:
			kind := column.Value // a posterior row sets the values, or a factor on them
			if v.Scale != nil || v.Sample != nil {
				kind = column.Factor
			}
			byName[column.For(m.Path, kind)] = m.Path
			for _, pt := range v.Points {
				if pt.Range != nil {
					known[KnotPath(m.Path, pt.Date)] = col{true, m.File}
					byName[column.For(KnotPath(m.Path, pt.Date), column.Value)] = KnotPath(m.Path, pt.Date)
				}
			}
		case *Split:
			for _, k := range v.Keys { // a split's shares: PATH.KEY
				known[m.Path+"."+k] = col{m.Status == Assumed || m.Status == Calibrated, m.File}
				byName[column.ForShare(m.Path, k)] = m.Path + "." + k
			}
		}
	}
	// base is the parameter a column belongs to, for a column that is no
	// longer there: a knot's schedule, a share's split.
	base := func(c string) string {
		if b, _, ok := strings.Cut(c, "@"); ok {
			return b
		}
		for _, kind := range []string{column.Value, column.Factor, column.Share} {
			slug, ok := strings.CutSuffix(c, "."+kind)
			if !ok {
				continue
			}
			slug, _, _ = strings.Cut(slug, ".at_")
			if j := strings.LastIndex(slug, "."); kind == column.Share && j > 0 {
				slug = slug[:j]
			}
			if b, ok := bySlug[slug]; ok {
				return b
			}
		}
		if j := strings.LastIndex(c, "."); j > 0 {
			return c[:j] // a share of a split the variant may have replaced
		}
		return c
	}
	// A parameter set in a file that extends the declaring one belongs to
	// a variant: it is taken out of the posterior.
	rank := map[string]int{}
	for i, f := range d.chain {
		rank[f] = i
	}
	byVariant := func(file string) bool {
		r, ok := rank[file]
		return ok && r < rank[decl]
	}
	var keep []int
	header := append([]string(nil), p.Columns...)
	named := map[string]string{} // path: the column that named it
	for i, c := range p.Columns {
		if path, ok := byName[c]; ok {
			c, p.Columns[i] = path, path
		}
		if first, ok := named[c]; ok {
			d.errorf(fileNode, join(path, "file"), "%s: columns %q and %q both name parameter %s", src.display, first, header[i], c)
			return nil
		}
		named[c] = header[i]
		k, exists := known[c]
		switch {
		case !exists && byVariant(known[base(c)].file):
			p.Dropped = append(p.Dropped, c) // a variant replaced the schedule and its knots
		case !exists && decl != s.File:
			p.Dropped = append(p.Dropped, c) // a variant changed what there is (another region set, say)
		case !exists:
			d.errorf(fileNode, join(path, "file"), "%s: column %q is not a parameter of scenario %s", src.display, c, s.Name)
		case byVariant(k.file):
			p.Dropped = append(p.Dropped, c)
		case !k.uncertain:
			d.errorf(fileNode, join(path, "file"), "%s: column %q is not an assumed or calibrated parameter; a posterior can only replace uncertain ones", src.display, c)
		default:
			keep = append(keep, i)
		}
	}
	if len(keep) == 0 {
		return nil // every column taken over: nothing left to draw
	}
	if len(keep) < len(p.Columns) {
		cols := make([]string, len(keep))
		for j, i := range keep {
			cols[j] = p.Columns[i]
		}
		for r, row := range p.Rows {
			kept := make([]float64, len(keep))
			for j, i := range keep {
				kept[j] = row[i]
			}
			p.Rows[r] = kept
		}
		p.Columns = cols
	}
	d.checkPosteriorReach(fileNode, join(path, "file"), src.display, p, s)
	return p
}

// checkPosteriorReach reports posterior columns whose rows set a value
// outside what it allows, as a sweep that draws the rows would: a
// scalar's or knot's value, a factor on a whole schedule or duration.
func (d *decoder) checkPosteriorReach(n *yaml.Node, path, file string, p *Posterior, s *Scenario) {
	byPath := map[string]Param{}
	for _, prm := range s.Params() {
		byPath[prm.Info().Path] = prm
	}
	for j, c := range p.Columns {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, row := range p.Rows {
			lo, hi = math.Min(lo, row[j]), math.Max(hi, row[j])
		}
		base, _, isKnot := strings.Cut(c, "@")
		var reachLo, reachHi float64
		var allowed bounds
		what := "sets values" // or: a factor on a whole schedule or duration
		switch t := byPath[base].(type) {
		case *Quantity:
			reachLo, reachHi, allowed = lo, hi, t.allowed
		case *Schedule:
			allowed = t.allowed
			if isKnot || (t.Scale == nil && t.Sample == nil) {
				reachLo, reachHi = lo, hi // a value
				break
			}
			vlo, vhi := math.Inf(1), math.Inf(-1)
			for _, pt := range t.Points {
				vlo, vhi = math.Min(vlo, pt.Value), math.Max(vhi, pt.Value)
			}
			reachLo, reachHi = vlo*lo, vhi*hi
			what = fmt.Sprintf("is a factor in [%.6g, %.6g] on values %.6g to %.6g, so it sets values", lo, hi, vlo, vhi)
		case *Duration:
			longest := 0.0
			for k, v := range t.Dist.P {
				if k != "alpha" && k != "beta" {
					longest = math.Max(longest, math.Abs(v)*t.Days())
				}
			}
			reachLo, reachHi = lo, hi
			what = "sets a factor on the duration"
			allowed = bounds{1e-12, inf, "> 0"}
			if longest > 0 {
				maxFactor := MaxStayYears * DaysPerYear / longest
				allowed = bounds{1e-12, maxFactor, fmt.Sprintf("in (0, %.6g], so no duration parameter exceeds %d years", maxFactor, MaxStayYears)}
			}
		default:
			reachLo, reachHi, allowed = lo, hi, shareBounds // a split's share
		}
		if allowed.text == "" || (reachLo >= allowed.lo && reachHi <= allowed.hi) {
			continue
		}
		d.errorf(n, path, "%s: column %q %s in [%.6g, %.6g]; it must be %s", file, c, what, reachLo, reachHi, allowed.text)
	}
}

// parsePosterior reads "particle,weight,PATH,..." rows strictly.
func parsePosterior(data []byte) (*Posterior, error) {
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("no header: %v", err)
	}
	if len(head) < 3 || head[0] != "particle" || head[1] != "weight" {
		return nil, errors.New(`the header must be "particle,weight," and one column per parameter`)
	}
	p := &Posterior{Columns: head[2:]}
	seen := map[string]bool{}
	for _, c := range p.Columns {
		if seen[c] {
			return nil, fmt.Errorf("column %q twice", c)
		}
		seen[c] = true
	}
	var sum float64
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		vals := make([]float64, len(rec))
		for i, f := range rec {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("line %d, column %s: %q is not a finite number", line, head[i], f)
			}
			vals[i] = x
		}
		if vals[1] < 0 {
			return nil, fmt.Errorf("line %d: weight %g is negative", line, vals[1])
		}
		sum += vals[1]
		p.Weights = append(p.Weights, vals[1])
		p.Rows = append(p.Rows, vals[2:])
	}
	if len(p.Rows) == 0 || sum <= 0 {
		return nil, errors.New("no rows with a positive weight")
	}
	for i := range p.Weights {
		p.Weights[i] /= sum
	}
	return p, nil
}
