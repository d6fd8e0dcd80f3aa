// This file implements reading a unit-costs file: as strict as scenario
// files. Every problem is a scenario.FieldError with file, line and field
// path, all reported at once.

package costs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/scenario"
)

// Sections of a costs file, in file order, and the unit each allows.
var sections = []struct {
	name, unit string
	keys       []string // fixed keys, all required; nil: any (profiles, types, sources)
}{
	{SectionShelter, "euro/person-night", []string{scenario.KindEmergency, scenario.KindLarge, scenario.KindSmall}},
	{SectionSupport, "euro/person-year", nil},
	{SectionHomes, "euro/home", nil},
	{SectionPrevention, "euro/case", nil},
	{SectionSocietal, "euro/person-year", []string{"homeless"}},
}

// The sections of a costs file.
const (
	SectionShelter    = "shelter"    // per occupied place-night, by kind
	SectionSupport    = "support"    // per person-year housed with support, by need profile
	SectionHomes      = "homes"      // per person housed, by housing type
	SectionPrevention = "prevention" // per case prevented, by inflow source
	SectionSocietal   = "societal"   // per person-year homeless (ETHOS 1-6)
)

// Payers a unit cost may name. NotKnown is for a cost no source assigns.
var Payers = []string{"rijk", "centrumgemeente", "gemeente", "corporatie", "zorgverzekeraar", NotKnown}

// NotKnown is the payer of a cost no source assigns to anyone.
const NotKnown = "not known"

// UnitCost is one unit cost with its provenance.
type UnitCost struct {
	Section, Key string // e.g. shelter, emergency
	Value        float64
	Unit         string // euro/person-night, euro/person-year, euro/home or euro/case
	PriceYear    int    // the year whose prices Value is in
	Payer        string // one of Payers
	Source       string // where the figure comes from
	Assumption   string // how the value was made; then Range is set
	Range        [2]float64
	Line         int
}

// Path is the cost's field path, e.g. "shelter.emergency".
func (u *UnitCost) Path() string { return u.Section + "." + u.Key }

// UnitCosts are the unit costs of one file, in file order.
type UnitCosts struct {
	File  string
	Items []*UnitCost
	lines map[string]int // section -> line
}

// Get returns the unit cost of section and key, or nil.
func (c *UnitCosts) Get(section, key string) *UnitCost {
	for _, u := range c.Items {
		if u.Section == section && u.Key == key {
			return u
		}
	}
	return nil
}

// Parse checks unit costs held in memory; name is used in messages. Every
// problem is reported, each with its line and field, as a
// scenario.ErrorList.
func Parse(name string, data []byte) (*UnitCosts, error) {
	d := &decoder{file: name}
	c := &UnitCosts{File: name, lines: map[string]int{}}
	root := d.document(data)
	if root == nil {
		return nil, d.err()
	}
	fields := map[string]func(*yaml.Node, string){}
	for _, s := range sections {
		s := s
		fields[s.name] = func(n *yaml.Node, path string) { d.section(c, n, path, s.unit, s.keys) }
	}
	d.fields(root, "", fields, true)
	for i := 0; i+1 < len(root.Content); i += 2 {
		c.lines[root.Content[i].Value] = root.Content[i].Line
	}
	return c, d.err()
}

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

func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
	return d.errs
}

// document parses data as exactly one YAML document, a mapping, and
// returns it, or nil after recording why not.
func (d *decoder) document(data []byte) *yaml.Node {
	if line, what := scenario.CheckText(data); line > 0 {
		d.errorf(&yaml.Node{Line: line}, "", "%s; a costs file is UTF-8 text", what)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) || err == nil && len(doc.Content) == 0 {
		d.errorf(nil, "", "empty file: no unit costs")
		return nil
	}
	if err != nil {
		line, msg := scenario.SyntaxErrorIn(err, data)
		d.errs = append(d.errs, &scenario.FieldError{File: d.file, Line: line, Msg: msg})
		return nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		line := second.Line
		if len(second.Content) > 0 {
			line = second.Content[0].Line
		}
		d.errorf(&yaml.Node{Line: line}, "", "a second YAML document (after ---) is not allowed: one set of unit costs per file")
		return nil
	}
	root := doc.Content[0]
	if a := scenario.FirstAlias(root); a != nil {
		d.errorf(a, "", "YAML anchors and aliases are not supported; write each value out")
		return nil
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", "%s, want a mapping of sections (%s)", kindName(root), sectionNames())
		return nil
	}
	return root
}

// alias returns the first node that is or defines an alias, or nil.
func sectionNames() string {
	var s []string
	for _, x := range sections {
		s = append(s, x.name)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
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

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields decodes a mapping with a fixed set of keys, in file order;
// unknown and duplicate keys are errors, and with required so is a
// missing one.
func (d *decoder) fields(n *yaml.Node, path string, fields map[string]func(*yaml.Node, string), required bool) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "%s, want a mapping", kindName(n))
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
			d.errorf(k, join(path, k.Value), "duplicate field (first at line %d)", line)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			d.errorf(k, join(path, k.Value), "unknown field; allowed: %s", strings.Join(allowed, ", "))
			continue
		}
		f(v, join(path, k.Value))
	}
	if required {
		for _, k := range allowed {
			if _, ok := seen[k]; !ok {
				d.errorf(n, join(path, k), "missing required field")
			}
		}
	}
}

// section decodes one section: a mapping from key to unit cost.
func (d *decoder) section(c *UnitCosts, n *yaml.Node, path, unit string, keys []string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "%s, want a mapping of unit costs", kindName(n))
		return
	}
	if keys != nil {
		fields := map[string]func(*yaml.Node, string){}
		for _, k := range keys {
			k := k
			fields[k] = func(v *yaml.Node, p string) { d.item(c, v, p, path, k, unit) }
		}
		d.fields(n, path, fields, true)
		return
	}
	if len(n.Content) == 0 {
		d.errorf(n, path, "no unit costs")
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if line, dup := seen[k.Value]; dup {
			d.errorf(k, join(path, k.Value), "duplicate field (first at line %d)", line)
			continue
		}
		seen[k.Value] = k.Line
		d.item(c, v, join(path, k.Value), path, k.Value, unit)
	}
}

// item decodes one unit cost and checks it whole.
func (d *decoder) item(c *UnitCosts, n *yaml.Node, path, section, key, unit string) {
	u := &UnitCost{Section: section, Key: key, Line: n.Line}
	has := map[string]int{}
	text := func(dst *string) func(*yaml.Node, string) {
		return func(n *yaml.Node, p string) {
			if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || strings.TrimSpace(n.Value) == "" {
				d.errorf(n, p, "%s, want text", kindName(n))
				return
			}
			*dst = n.Value
		}
	}
	mark := func(name string, f func(*yaml.Node, string)) func(*yaml.Node, string) {
		return func(n *yaml.Node, p string) { has[name] = n.Line; f(n, p) }
	}
	d.fields(n, path, map[string]func(*yaml.Node, string){
		"value": mark("value", func(n *yaml.Node, p string) {
			if v, ok := d.number(n, p); ok {
				if v < 0 {
					d.errorf(n, p, "%s is negative; a unit cost is 0 or more", n.Value)
				}
				u.Value = v
			}
		}),
		"unit": mark("unit", func(n *yaml.Node, p string) {
			text(&u.Unit)(n, p)
			if u.Unit != "" && u.Unit != unit {
				d.errorf(n, p, "%q is not allowed in %s; allowed: %s", u.Unit, section, unit)
			}
		}),
		"price_year": mark("price_year", func(n *yaml.Node, p string) {
			y, err := strconv.Atoi(n.Value)
			if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil || y < minYear || y > maxYear {
				d.errorf(n, p, "%s is not a year; give the year of the prices, %d-%d", kindName(n), minYear, maxYear)
				return
			}
			u.PriceYear = y
		}),
		"payer": mark("payer", func(n *yaml.Node, p string) {
			text(&u.Payer)(n, p)
			if u.Payer != "" && !contains(Payers, u.Payer) {
				d.errorf(n, p, "%q is not allowed; allowed: %s", u.Payer, strings.Join(Payers, ", "))
			}
		}),
		"source":     mark("source", text(&u.Source)),
		"assumption": mark("assumption", text(&u.Assumption)),
		"range": mark("range", func(n *yaml.Node, p string) {
			if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
				d.errorf(n, p, "%s, want [low, high]", kindName(n))
				return
			}
			lo, ok1 := d.number(n.Content[0], p)
			hi, ok2 := d.number(n.Content[1], p)
			if ok1 && ok2 && !(lo <= hi) {
				d.errorf(n, p, "low %s is above high %s", n.Content[0].Value, n.Content[1].Value)
			}
			u.Range = [2]float64{lo, hi}
		}),
	}, false)
	if n.Kind != yaml.MappingNode {
		return
	}
	at := func(field string) *yaml.Node {
		if l, ok := has[field]; ok {
			return &yaml.Node{Line: l}
		}
		return n
	}
	for _, f := range []string{"value", "unit", "price_year", "payer"} {
		if _, ok := has[f]; !ok {
			d.errorf(n, join(path, f), "missing required field")
		}
	}
	_, src := has["source"]
	_, asm := has["assumption"]
	_, rng := has["range"]
	switch {
	case !src && !asm:
		d.errorf(n, path, "no provenance: give source: (where the figure comes from) and/or assumption: with range: [low, high]")
	case asm && !rng:
		d.errorf(at("assumption"), join(path, "range"), "missing: an assumption needs a plausible range: [low, high]")
	case rng && !asm:
		d.errorf(at("range"), join(path, "range"), "a range goes with an assumption: say how the value was made")
	}
	if rng && (u.Value < u.Range[0] || u.Value > u.Range[1]) && u.Range[0] <= u.Range[1] {
		d.errorf(at("value"), join(path, "value"), "%s is outside its range [%s, %s]",
			strconv.FormatFloat(u.Value, 'f', -1, 64), strconv.FormatFloat(u.Range[0], 'f', -1, 64), strconv.FormatFloat(u.Range[1], 'f', -1, 64))
	}
	c.Items = append(c.Items, u)
}

// Years a price year may be.
const minYear, maxYear = 1990, 2100

// The largest unit cost accepted: a typo of a few zeros is caught, and
// sums over millions of person-nights stay exact in float64.
const maxCost = 1e7

func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	var v float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&v) != nil {
		d.errorf(n, path, "%s is not a number", kindName(n))
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxCost {
		d.errorf(n, path, "%s is not allowed: give a finite number up to %g", n.Value, float64(maxCost))
		return 0, false
	}
	return v, true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Check reports, at once, what sc needs that the unit costs lack: a
// support cost for each of its support profiles, a home cost for each of
// its housing types and a prevention cost for each of its inflow sources.
// Entries the scenario does not use are allowed (another scenario may).
func (c *UnitCosts) Check(sc *scenario.Scenario) error {
	var errs scenario.ErrorList
	need := func(section string, keys []string) {
		for _, k := range keys {
			if c.Get(section, k) == nil {
				errs = append(errs, &scenario.FieldError{File: c.File, Line: c.lines[section], Field: section + "." + k,
					Msg: fmt.Sprintf("missing: scenario %s needs a unit cost for %s", sc.Name, k)})
			}
		}
	}
	need(SectionSupport, sc.Profiles.Support)
	var types, sources []string
	for _, t := range sc.Housing.Types {
		types = append(types, t.Name)
	}
	for _, s := range sc.Inflow {
		sources = append(sources, s.Name)
	}
	need(SectionHomes, types)
	need(SectionPrevention, sources)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Load reads and checks a unit-costs file.
func Load(path string) (*UnitCosts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(filepath.ToSlash(path), data)
}
