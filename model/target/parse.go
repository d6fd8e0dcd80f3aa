// This file implements reading targets files: as strict as scenario
// files (issue 9, part 6). Every problem is a scenario.FieldError with
// file, line and field path, all reported at once.

package target

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/scenario"
)

// Parse checks targets held in memory; name is used in messages. Every
// problem is reported, each with its line and field, as a
// scenario.ErrorList.
func Parse(name string, data []byte) ([]Target, error) {
	p := &parser{file: name}
	root := p.document(data)
	if root == nil {
		return nil, p.errs
	}
	var ts []Target
	p.fields(root, "", map[string]func(n *yaml.Node, path string){
		"targets": func(n *yaml.Node, path string) {
			if n.Kind != yaml.SequenceNode {
				p.errorf(n, path, "%s, want a list of targets", kindName(n))
				return
			}
			for i, item := range n.Content {
				ts = append(ts, p.target(item, fmt.Sprintf("targets[%d]", i), i))
			}
		},
	})
	if len(ts) == 0 && len(p.errs) == 0 {
		p.errorf(root, "targets", "no targets")
	}
	seen := map[string]int{}
	for i := range ts {
		p.check(&ts[i], seen)
	}
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		return nil, p.errs
	}
	return ts, nil
}

type parser struct {
	file string
	errs scenario.ErrorList
}

func (p *parser) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &scenario.FieldError{File: p.file, Field: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line = n.Line
	}
	p.errs = append(p.errs, e)
}

// document parses data as exactly one YAML document and returns its root
// mapping, or nil after recording why not.
func (p *parser) document(data []byte) *yaml.Node {
	if line, what := scenario.CheckText(data); line > 0 {
		p.errs = append(p.errs, &scenario.FieldError{File: p.file, Line: line, Msg: what + "; a targets file is UTF-8 text"})
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		p.errs = append(p.errs, &scenario.FieldError{File: p.file, Msg: "empty file: no targets"})
		return nil
	}
	if err != nil {
		p.syntax(err)
		return nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		if err != nil {
			p.syntax(err)
			return nil
		}
		n := &second
		if len(second.Content) > 0 {
			n = second.Content[0]
		}
		p.errorf(n, "", "a second YAML document (after ---) is not allowed: one list of targets per file")
		return nil
	}
	if len(doc.Content) == 0 {
		p.errs = append(p.errs, &scenario.FieldError{File: p.file, Msg: "empty file: no targets"})
		return nil
	}
	root := doc.Content[0]
	if n := scenario.FirstAlias(root); n != nil {
		p.errorf(n, "", "YAML anchors and aliases are not supported; write each value out")
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "", "%s, want a mapping with targets: a list", kindName(root))
		return nil
	}
	return root
}

// syntax records a YAML syntax error as file:line.
func (p *parser) syntax(err error) {
	line, msg := scenario.SyntaxError(err)
	p.errs = append(p.errs, &scenario.FieldError{File: p.file, Line: line, Msg: msg})
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields decodes a mapping with a fixed set of keys, in file order;
// unknown and duplicate keys are errors.
func (p *parser) fields(n *yaml.Node, path string, fields map[string]func(n *yaml.Node, path string)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "%s, want a mapping", kindName(n))
		return
	}
	var allowed []string
	for k := range fields {
		allowed = append(allowed, k)
	}
	sort.Strings(allowed)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if line, dup := seen[k.Value]; dup {
			p.errorf(k, join(path, k.Value), "duplicate field (first at line %d)", line)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			p.errorf(k, join(path, k.Value), "unknown field; allowed: %s", strings.Join(allowed, ", "))
			continue
		}
		f(v, join(path, k.Value))
	}
}

func (p *parser) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, path, "%s, want text", kindName(n))
		return ""
	}
	return n.Value
}

// notAYear is what whole returns for a value already reported, so that
// the checks that compare years do not report it again.
const notAYear = -1

func (p *parser) whole(n *yaml.Node, path string) int {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, path, "%s, want a year", kindName(n))
		return notAYear
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || n.Tag != "!!int" {
		p.errorf(n, path, "%q is not a whole number; give a year, e.g. 2030", n.Value)
		return notAYear
	}
	return v
}

func (p *parser) number(n *yaml.Node, path string) float64 {
	var v float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&v) != nil {
		p.errorf(n, path, "%s is not a number", kindName(n))
		return 0
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		p.errorf(n, path, "%s is not allowed: give a finite number", n.Value)
		return 0
	}
	return v
}

// target decodes one item of the list; the checks that need the whole
// target are in check.
func (p *parser) target(n *yaml.Node, path string, index int) Target {
	t := Target{Line: n.Line, file: p.file, index: index, yearLine: n.Line, lines: map[string]int{}}
	text := func(dst *string) func(*yaml.Node, string) {
		return func(n *yaml.Node, path string) { *dst = p.str(n, path) }
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			t.lines[n.Content[i].Value] = n.Content[i+1].Line
		}
	}
	p.fields(n, path, map[string]func(*yaml.Node, string){
		"id": text(&t.ID),
		"year": func(n *yaml.Node, path string) {
			t.Year, t.yearLine = p.whole(n, path), n.Line
		},
		"description": func(n *yaml.Node, path string) {
			t.Description = map[string]string{}
			p.fields(n, path, map[string]func(*yaml.Node, string){
				"nl": func(n *yaml.Node, path string) { t.Description["nl"] = p.str(n, path) },
				"en": func(n *yaml.Node, path string) { t.Description["en"] = p.str(n, path) },
			})
		},
		"name":       func(n *yaml.Node, path string) { t.Name = p.languages(n, path) },
		"metric":     text(&t.Metric),
		"aggregate":  text(&t.Aggregate),
		"from":       text(&t.From),
		"since":      func(n *yaml.Node, path string) { t.Since = p.whole(n, path) },
		"comparator": text(&t.Comparator),
		"threshold":  func(n *yaml.Node, path string) { t.Threshold = p.number(n, path) },
		"source": func(n *yaml.Node, path string) {
			// Plain text (English), or the source in both languages.
			if n.Kind == yaml.ScalarNode {
				t.Source = p.str(n, path)
				t.Sources = map[string]string{"en": t.Source}
				return
			}
			t.Sources = p.languages(n, path)
			t.Source = t.Sources["en"]
		},
		"note": func(n *yaml.Node, path string) {
			// Plain text (English), or the note in both languages.
			t.Notes = map[string]string{}
			if n.Kind == yaml.ScalarNode {
				t.Note = p.str(n, path)
				t.Notes["en"] = t.Note
				return
			}
			t.Notes = p.languages(n, path)
			t.Note = t.Notes["en"]
		},
	})
	return t
}

// languages reads a text given in Dutch and English, {nl: ..., en: ...};
// both are required.
func (p *parser) languages(n *yaml.Node, path string) map[string]string {
	texts := map[string]string{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "%s, want a mapping with nl: and en:", kindName(n))
		return texts
	}
	p.fields(n, path, map[string]func(*yaml.Node, string){
		"nl": func(n *yaml.Node, path string) { texts["nl"] = p.str(n, path) },
		"en": func(n *yaml.Node, path string) { texts["en"] = p.str(n, path) },
	})
	for _, lang := range []string{"nl", "en"} {
		if strings.TrimSpace(texts[lang]) == "" {
			p.errorf(n, path+"."+lang, "missing: given per language, it needs Dutch (nl) and English (en)")
		}
	}
	return texts
}

// Years a target may name: generous around the plan's horizon.
const minYear, maxYear = 2000, 2100

// check applies the rules that need a whole target: known metric,
// aggregate, comparator, a plausible year, since before year, both
// descriptions, a source, a unique id.
func (p *parser) check(t *Target, seen map[string]int) {
	bad := func(field, format string, args ...any) {
		line := t.Line
		if l, ok := t.lines[strings.SplitN(field, ".", 2)[0]]; ok {
			line = l
		}
		p.errorf(&yaml.Node{Line: line}, fmt.Sprintf("targets[%d].%s", t.index, field), format, args...)
	}
	if t.ID == "" {
		bad("id", "missing required field")
	} else if line, dup := seen[t.ID]; dup {
		bad("id", "%q is used twice (first at line %d)", t.ID, line)
	}
	seen[t.ID] = t.Line
	if t.Year != notAYear && (t.Year < minYear || t.Year > maxYear) {
		bad("year", "%d is not a plausible year (%d-%d); give the target year, e.g. 2030", t.Year, minYear, maxYear)
	}
	for _, lang := range []string{"nl", "en"} {
		if strings.TrimSpace(t.Description[lang]) == "" {
			bad("description."+lang, "missing: every target is described in Dutch (nl) and English (en)")
		}
	}
	m, ok := Metrics[t.Metric]
	if !ok {
		bad("metric", "unknown metric %q; allowed: %s", t.Metric, strings.Join(MetricNames(), ", "))
	} else {
		if !contains(m.Aggregates, t.Aggregate) {
			bad("aggregate", "%q is not allowed for %s; allowed: %s", t.Aggregate, t.Metric, strings.Join(m.Aggregates, ", "))
		}
		if m.NeedsFrom != (t.From != "") {
			if m.NeedsFrom {
				bad("from", "metric %s needs from: an inflow source (e.g. eviction)", t.Metric)
			} else {
				bad("from", "metric %s takes no from", t.Metric)
			}
		}
		if m.NeedsSince != (t.Since != 0) && t.Since != notAYear {
			if m.NeedsSince {
				bad("since", "metric %s needs since: the first year counted", t.Metric)
			} else {
				bad("since", "metric %s takes no since", t.Metric)
			}
		}
	}
	if t.Since > 0 && t.Year != notAYear && t.Since > t.Year {
		bad("since", "%d is after the target year %d; since is the first year counted", t.Since, t.Year)
	}
	if !contains(comparators, t.Comparator) {
		bad("comparator", "%q is not allowed; allowed: %s", t.Comparator, strings.Join(comparators, ", "))
	}
	if strings.TrimSpace(t.Source) == "" {
		bad("source", "missing: say where the target comes from")
	}
}

// WholeYears returns the first and last calendar years wholly inside a
// run from start to end: the years a target may name.
func WholeYears(start, end time.Time) (first, last int) {
	first, last = start.Year(), end.Year()-1
	if start.Month() != 1 {
		first++
	}
	return first, last
}

// CheckYears reports every target whose year (or since) falls outside the
// whole years first..last of a run, before anything is simulated.
func CheckYears(targets []Target, first, last int) error {
	var errs scenario.ErrorList
	for i, t := range targets {
		file, index := t.file, t.index
		if file == "" {
			file, index = "targets", i
		}
		if t.Year < first || t.Year > last {
			errs = append(errs, &scenario.FieldError{File: file, Line: t.yearLine, Field: fmt.Sprintf("targets[%d].year", index),
				Msg: fmt.Sprintf("%d is outside the run's whole years %d-%d (target %s)", t.Year, first, last, t.ID)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// WithinYears splits targets into those tested in a year from first to
// last and the others, each in their order.
func WithinYears(targets []Target, first, last int) (within, outside []Target) {
	for _, t := range targets {
		if t.Year < first || t.Year > last {
			outside = append(outside, t)
		} else {
			within = append(within, t)
		}
	}
	return within, outside
}
