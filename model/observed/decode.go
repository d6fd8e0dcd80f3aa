package observed

// This file implements the strict YAML reading shared by the series
// fields: every problem is collected, with file, line and field, so a user
// fixes a file in one pass (as model/scenario/decode.go does for
// scenarios).

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

type decoder struct {
	file string
	errs scenario.ErrorList
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &scenario.FieldError{File: d.file, Field: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line = n.Line
	}
	d.errs = append(d.errs, e)
}

// err returns the errors sorted by line, or nil.
func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
	return d.errs
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// field is one allowed key of a mapping.
type field struct {
	required bool
	decode   func(n *yaml.Node, path string)
}

func req(f func(*yaml.Node, string)) field { return field{required: true, decode: f} }
func opt(f func(*yaml.Node, string)) field { return field{decode: f} }

// mapping decodes a mapping with a fixed set of keys, in file order:
// unknown, duplicate and missing required keys are errors.
func (d *decoder) mapping(n *yaml.Node, path string, fields map[string]field) bool {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be a mapping of fields (%s), got %s", keyList(fields), kindName(n))
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if line, dup := seen[k.Value]; dup {
			d.errorf(k, join(path, k.Value), "duplicate field (first at line %d)", line)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			d.errorf(k, join(path, k.Value), "unknown field; allowed: %s", keyList(fields))
			continue
		}
		f.decode(v, join(path, k.Value))
	}
	var missing []string
	for k, f := range fields {
		if _, ok := seen[k]; f.required && !ok {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		d.errorf(n, join(path, k), "missing required field")
	}
	return true
}

func keyList(fields map[string]field) string {
	ks := make([]string, 0, len(fields))
	for k := range fields {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

func kindName(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "nothing"
	case n.Kind == yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// text is a non-empty string.
func (d *decoder) text(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, path, "must be text, got %s", kindName(n))
		return ""
	}
	if strings.TrimSpace(n.Value) == "" {
		d.errorf(n, path, "must not be empty")
	}
	return n.Value
}

func (d *decoder) oneOf(n *yaml.Node, path string, allowed ...string) string {
	s := d.text(n, path)
	if s != "" && !contains(allowed, s) {
		d.errorf(n, path, "%q is not allowed; allowed: %s", s, strings.Join(allowed, ", "))
		return ""
	}
	return s
}

func (d *decoder) float(n *yaml.Node, path string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, path, "must be a number, got %s", kindName(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil && n.Tag == "!!int" { // 0x10, 0o17, 0b101
		var i int64
		if i, err = strconv.ParseInt(n.Value, 0, 64); err == nil {
			v = float64(i)
		}
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, path, "must be a finite number, got %q", n.Value)
		return 0, false
	}
	return v, true
}

// Years a series may refer to: wide, but a typo such as 20210 is caught.
const minYear, maxYear = 1800, 2200

func (d *decoder) year(n *yaml.Node, path string) (int, bool) {
	y, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || y < minYear || y > maxYear {
		d.errorf(n, path, "must be a year from %d to %d, got %s", minYear, maxYear, kindName(n))
		return 0, false
	}
	return y, true
}

func (d *decoder) date(n *yaml.Node, path string) (time.Time, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "must be a date YYYY-MM-DD, got %s", kindName(n))
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		d.errorf(n, path, "must be a date YYYY-MM-DD, got %q", n.Value)
		return time.Time{}, false
	}
	if t.Year() < minYear || t.Year() > maxYear {
		d.errorf(n, path, "must be a date from %d to %d, got %q", minYear, maxYear, n.Value)
		return time.Time{}, false
	}
	return t, true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// parse reads one YAML document without anchors or aliases.
func (d *decoder) parse(data []byte) *yaml.Node {
	if line, what := scenario.CheckText(data); line > 0 {
		d.errorf(&yaml.Node{Line: line}, "", "%s; a series file is UTF-8 text", what)
		return nil
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&doc)
	if err == nil {
		var second yaml.Node
		if dec.Decode(&second) != io.EOF {
			line := second.Line
			if len(second.Content) > 0 {
				line = second.Content[0].Line
			}
			d.errorf(&yaml.Node{Line: line}, "", "a second YAML document (after ---) is not allowed: one series per file")
			return nil
		}
	}
	if errors.Is(err, io.EOF) || err == nil && (doc.Kind != yaml.DocumentNode || len(doc.Content) == 0) {
		d.errorf(nil, "", "empty file")
		return nil
	}
	if err != nil {
		if line, msg := scenario.SyntaxErrorIn(err, data); line > 0 {
			d.errorf(&yaml.Node{Line: line}, "", "%s", msg)
		} else {
			d.errorf(nil, "", "%s", msg)
		}
		return nil
	}
	root := doc.Content[0]
	if a := scenario.FirstAlias(root); a != nil {
		d.errorf(a, "", "YAML anchors and aliases are not supported; write each value out")
		return nil
	}
	return root
}
