package scenario

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// decoder walks yaml nodes and collects every error instead of stopping at
// the first, so a user fixes a file in one pass.
type decoder struct {
	file    string                // file of nodes not in origin
	origin  map[*yaml.Node]string // file each node came from, after extends merging
	sources map[string]*source    // files read, by display name
	errs    ErrorList

	counts        bool                                             // the parameter being decoded counts people, places or homes: see float
	knotRanges    bool                                             // the schedule being decoded has knots with ranges (read by meta)
	chain         []string                                         // the extends chain, the file first
	startChecks   []func(start time.Time)                          // checks that need the start date, run after decoding
	posteriorFile func(name string, n *yaml.Node) (*source, error) // finds a posterior file next to the file that names it
}

func (d *decoder) fileOf(n *yaml.Node) string {
	if f, ok := d.origin[n]; ok {
		return f
	}
	return d.file
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &FieldError{Field: path, Msg: fmt.Sprintf(format, args...), File: d.file}
	if n != nil {
		e.File = d.fileOf(n)
		e.Line = n.Line
	}
	d.errs = append(d.errs, e)
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

// mapping decodes a mapping node with a fixed set of keys: unknown and
// duplicate keys and missing required keys are errors. Keys are decoded in
// file order.
func (d *decoder) mapping(n *yaml.Node, path string, fields map[string]field) {
	if !d.isMap(n, path) {
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := seen[k.Value]; dup {
			continue // reported by duplicates
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
}

// entries decodes a mapping whose keys are free names (regions, profiles,
// sources), checking duplicates, in file order.
func (d *decoder) entries(n *yaml.Node, path string, each func(key string, k, v *yaml.Node, path string)) {
	if !d.isMap(n, path) {
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			continue // reported by duplicates
		}
		seen[k.Value] = true
		each(k.Value, k, v, join(path, k.Value))
	}
}

// duplicates reports every key that appears twice in a mapping, anywhere
// in one file. It runs on each file before extends merges them: merging
// keeps one of two equal keys and would hide the mistake.
func (d *decoder) duplicates(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if line, dup := seen[k.Value]; dup {
				d.errorf(k, join(path, k.Value), "duplicate field (first at line %d)", line)
			} else {
				seen[k.Value] = k.Line
			}
			d.duplicates(v, join(path, k.Value))
		}
	case yaml.SequenceNode:
		d.itemNames(n, path)
		for i, c := range n.Content {
			d.duplicates(c, fmt.Sprintf("%s[%d]", path, i))
		}
	}
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
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

func (d *decoder) isMap(n *yaml.Node, path string) bool {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be a mapping of fields, got %s", kindName(n))
		return false
	}
	return true
}

func (d *decoder) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, path, "must be text, got %s", kindName(n))
		return ""
	}
	return n.Value
}

func (d *decoder) float(n *yaml.Node, path string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && dutchNumber.MatchString(n.Value) {
		d.errorf(n, path, "must be a number, got %q: write numbers without thousands separators and with a decimal point, e.g. 4000 for four thousand, 4.5 for four and a half", n.Value)
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, path, "must be a number, got %s", kindName(n))
		return 0, false
	}
	if d.counts && n.Tag == "!!float" && LooksLikeThousands(n.Value) {
		whole, frac, _ := strings.Cut(n.Value, ".")
		decimal := strings.TrimRight(frac, "0")
		if decimal == "" {
			decimal = "0"
		}
		d.errorf(n, path, "%s is ambiguous: write %s%s if the dot separates thousands (Dutch notation), or %s.%s if it is a decimal point", n.Value, whole, frac, whole, decimal)
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

func (d *decoder) oneOf(n *yaml.Node, path string, allowed ...string) string {
	s := d.str(n, path)
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	if n.Kind == yaml.ScalarNode {
		d.errorf(n, path, "%q is not allowed; allowed: %s", s, strings.Join(allowed, ", "))
	}
	return ""
}

func (d *decoder) strList(n *yaml.Node, path string) []string {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "must be a list, got %s", kindName(n))
		return nil
	}
	var out []string
	for i, c := range n.Content {
		out = append(out, d.str(c, fmt.Sprintf("%s[%d]", path, i)))
	}
	return out
}

// LooksLikeThousands reports whether a number as written, such as "4.000"
// or "1.500", reads in Dutch as thousands (four thousand, fifteen hundred)
// while YAML reads a decimal (four, one and a half): a dot followed by
// exactly three digits after one to three leading digits, the first not 0.
// The loader refuses such numbers where they count people, places or
// homes, whose real decimals are rare; shares (0.125), factors and
// durations (106.293 days) keep their decimals.
func LooksLikeThousands(s string) bool { return thousands.MatchString(s) }

var (
	thousands   = regexp.MustCompile(`^[1-9][0-9]{0,2}\.[0-9]{3}$`)
	dutchNumber = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{3}){2,}(,[0-9]+)?$|^-?[0-9]+,[0-9]+$`)
)

// countUnits are the units of parameters that count people, places or
// homes, whose numbers LooksLikeThousands checks.
var countUnits = map[string]bool{"people": true, "people/year": true, "places": true, "units": true, "units/year": true}

func isCount(units []string) bool {
	for _, u := range units {
		if !countUnits[u] {
			return false
		}
	}
	return len(units) > 0
}

const dateLayout = "2006-01-02"

// The dates a scenario may name. Engine time is days since the start in a
// float64, and time.Duration saturates after 292 years: these bounds keep
// every date representable, with room to spare.
var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

func (d *decoder) date(n *yaml.Node, path string) time.Time {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "must be a date YYYY-MM-DD, got %s", kindName(n))
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, n.Value)
	if err != nil {
		d.errorf(n, path, "must be a date YYYY-MM-DD, got %q", n.Value)
		return time.Time{}
	}
	if t.Before(minDate) || !t.Before(maxDate) {
		d.errorf(n, path, "%s is out of range: dates must be from %s to %s", n.Value, minDate.Format(dateLayout), maxDate.AddDate(0, 0, -1).Format(dateLayout))
		return time.Time{}
	}
	return t
}

func (d *decoder) boolean(n *yaml.Node, path string) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, path, "must be true or false, got %s", kindName(n))
		return false
	}
	return n.Value == "true"
}
