package explorer

// This file implements the variant: the explorer's settings written as a
// scenario file that extends the unchanged scenario, the file "Download as
// scenario" saves and the page itself runs.

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/scenario"
)

// Settings are the values of the controls a user moved, by control ID.
// A control that is not set keeps the unchanged scenario's value.
type Settings map[string]float64

// SettingsError is a setting the controls do not allow.
type SettingsError struct {
	ID  string
	Msg string
}

func (e *SettingsError) Error() string { return fmt.Sprintf("explorer: %s: %s", e.ID, e.Msg) }

// Variant writes the settings as a scenario file that extends base: only
// what differs from base's values is written, so settings equal to the
// defaults give a variant that changes nothing. controls must be
// Controls(base). The file is valid for thuis validate, and thuis run
// FILE --seed S gives what the page shows for seed S.
func Variant(base *scenario.Scenario, controls []Control, set Settings) ([]byte, error) {
	byID := map[string]*Control{}
	for i := range controls {
		byID[controls[i].ID] = &controls[i]
	}
	var ids []string
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			known := make([]string, len(controls))
			for i, c := range controls {
				known[i] = c.ID
			}
			return nil, &SettingsError{id, "no such control (controls: " + strings.Join(known, ", ") + ")"}
		}
		v := set[id]
		if math.IsNaN(v) || v < c.Min || v > c.Max {
			return nil, &SettingsError{id, fmt.Sprintf("%v lies outside [%v, %v]", v, c.Min, c.Max)}
		}
		if s := c.snap(v); math.Abs(s-v) > 1e-9*math.Max(1, math.Abs(v)) {
			return nil, &SettingsError{id, fmt.Sprintf("%v is not a multiple of the step %v from %v", v, c.Step, c.Min)}
		}
	}
	value := func(c *Control) float64 {
		if v, ok := set[c.ID]; ok {
			return c.snap(v)
		}
		return c.Default
	}

	root := mapping()
	var changed []string
	start := base.Start.Format(time.DateOnly)
	for i := range controls {
		c := &controls[i]
		v := value(c)
		if c.Kind == WonenEerstFrom {
			continue // written with WonenEerst
		}
		if c.Kind == WonenEerst {
			from := byID["wonen-eerst-from"]
			if from == nil {
				return nil, fmt.Errorf("explorer: control wonen-eerst without wonen-eerst-from")
			}
			year := value(from)
			if v == c.Default && year == from.Default {
				continue
			}
			if v == 0 && year != from.Default {
				return nil, &SettingsError{from.ID, "Wonen Eerst is off, so it has no start year"}
			}
			node, err := allocation(base, v == 1, int(year))
			if err != nil {
				return nil, err
			}
			set := "Wonen Eerst off (staircase via shelter)"
			if v == 1 {
				set = fmt.Sprintf("Wonen Eerst from %d", int(year))
			}
			setPath(root, []string{"allocation"}, node)
			changed = append(changed, set)
			continue
		}
		if v == c.Default {
			continue
		}
		why := fmt.Sprintf("explorer: %s: %s (unchanged: %s)", c.Label.EN, c.describe(v), c.describe(c.Default))
		switch c.Kind {
		case Level:
			sch, q, err := paramAt(base, c.Path)
			if err != nil {
				return nil, err
			}
			node := level(c, sch, q, v, why, start)
			if name, ok := scheduleItem(c.Path); ok {
				setItem(root, name, "factor", node)
			} else {
				setPath(root, strings.Split(c.Path, "."), node)
			}
		case Places:
			if c.Default == 0 {
				return nil, &SettingsError{c.ID, "the unchanged scenario has no places to multiply"}
			}
			item, err := places(base, c, v, why, start)
			if err != nil {
				return nil, err
			}
			list := lookupPath(root, "shelter", "schedules")
			if list == nil {
				list = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
				setPath(root, []string{"shelter", "schedules"}, list)
			}
			list.Content = append(list.Content, item)
		case EndYear:
			cs, err := afbouw(base, c.Path)
			if err != nil {
				return nil, err
			}
			first := cs.Factor.Points[0]
			if int(v) <= first.Date.Year() {
				return nil, &SettingsError{c.ID, fmt.Sprintf("the afbouw starts on %s, so it cannot end on 1 January %d", first.Date.Format(time.DateOnly), int(v))}
			}
			node := param("factor", "choice", why)
			node.Content = append(node.Content, str("schedule"), flowMap(
				first.Date.Format(time.DateOnly), num(first.Value),
				fmt.Sprintf("%d-01-01", int(v)), "0"))
			setItem(root, c.Path, "factor", node)
		case Closure:
			node := flowMap()
			node.Style = 0
			sched := flowMap(start, closureAt(base, base.Start), PolicyStart.Format(time.DateOnly), closureModes[int(v)])
			node.Content = append(node.Content, str("schedule"), sched)
			setPath(root, []string{"shelter", "closure"}, node)
		default:
			return nil, fmt.Errorf("explorer: control %s of unknown kind %d", c.ID, c.Kind)
		}
		changed = append(changed, fmt.Sprintf("%s: %s", c.Label.EN, c.describe(v)))
	}

	doc := mapping()
	doc.HeadComment = fmt.Sprintf("A variant of %s made in the thuis explorer. Check it and run it with\n"+
		"  thuis validate FILE && thuis diff FILE && thuis run FILE --seed 1\n"+
		"which reproduces the explorer's first run (seed 1).", base.Name)
	desc := base.Name + " unchanged"
	if len(changed) > 0 {
		desc = base.Name + " with " + strings.Join(changed, "; ")
	}
	doc.Content = append(doc.Content,
		str("name"), str(base.Name+"-variant"),
		str("description"), quoted(desc),
		str("extends"), str(base.Name))
	doc.Content = append(doc.Content, root.Content...)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("explorer: writing the variant: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("explorer: writing the variant: %w", err)
	}
	return b.Bytes(), nil
}

// describe writes a control's value in English: a choice by its meaning.
func (c *Control) describe(v float64) string {
	if c.Options != nil {
		return c.Options[int(v)].EN
	}
	return num(v)
}

// level writes a Level control's parameter: see Level.
func level(c *Control, sch *scenario.Schedule, q *scenario.Quantity, v float64, why, start string) *yaml.Node {
	status := "choice"
	if c.Panel == Assumptions {
		status = "assumption"
	}
	unit, was := c.Unit, 0.0
	switch {
	case sch != nil:
		unit, was = sch.Unit, sch.Points[0].Value
	case q != nil:
		unit, was = q.Unit, q.Value
	}
	node := param(unit, status, why)
	switch {
	case sch != nil && len(sch.Points) > 1:
		var kv []string
		for i, p := range sch.Points {
			val := p.Value
			if i == len(sch.Points)-1 {
				val = v
			}
			kv = append(kv, p.Date.Format(time.DateOnly), num(val))
		}
		node.Content = append(node.Content, str("schedule"), flowMap(kv...))
		if sch.Step {
			node.Content = append(node.Content, str("interpolation"), str("step"))
		}
	case c.FromStart:
		// An assumption must say how uncertain it is; the explorer runs
		// with fixed parameters, so the what-if value is its own range.
		node.Content = append(node.Content, str("value"), scalar(num(v)),
			str("range"), flowSeq(num(v), num(v)))
	default:
		node.Content = append(node.Content,
			str("schedule"), flowMap(start, num(was), PolicyStart.Format(time.DateOnly), num(v)),
			str("interpolation"), str("step"))
		if c.Panel == Assumptions {
			// Its uncertainty, as a factor on the schedule: none.
			node.Content = append(node.Content, str("scale"), flowSeq("1", "1"))
		}
	}
	return node
}

// PlacesSchedule is the name of the shelter schedule a Places control
// adds to the variant.
const PlacesSchedule = "explorer-night-shelter"

// places writes the shelter schedule of a Places control: every region's
// night shelter places times v over the base's total, from PolicyStart.
func places(base *scenario.Scenario, c *Control, v float64, why, start string) (*yaml.Node, error) {
	for _, cs := range base.Shelter.Schedules {
		if cs.Name == PlacesSchedule {
			return nil, fmt.Errorf("explorer: %s: the unchanged scenario already has a shelter schedule named %s", c.ID, PlacesSchedule)
		}
	}
	factor := param("factor", "assumption", why+"; from "+PolicyStart.Format(time.DateOnly)+", as a factor on every region's places")
	factor.Content = append(factor.Content,
		str("schedule"), flowMap(start, "1", PolicyStart.Format(time.DateOnly), num(v/c.Default)),
		str("interpolation"), str("step"),
		str("scale"), flowSeq("1", "1"))
	item := mapping()
	item.Content = append(item.Content,
		str("name"), str(PlacesSchedule),
		str("kind"), str(scenario.KindEmergency),
		str("regions"), str("all"),
		str("factor"), factor)
	return item, nil
}

// allocation writes the allocation rules: the base's rules before its last
// one, then the last one (Wonen Eerst) from 1 January year, or not at all.
func allocation(base *scenario.Scenario, on bool, year int) (*yaml.Node, error) {
	rules := base.Allocation.Rules
	last := rules[len(rules)-1]
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	sched := mapping()
	for _, r := range rules[:len(rules)-1] {
		if on && !r.From.Before(from) {
			return nil, &SettingsError{"wonen-eerst-from", fmt.Sprintf("the rule before Wonen Eerst starts on %s, so Wonen Eerst cannot start on %s", r.From.Format(time.DateOnly), from.Format(time.DateOnly))}
		}
		sched.Content = append(sched.Content, scalar(r.From.Format(time.DateOnly)), rule(r))
	}
	if on {
		sched.Content = append(sched.Content, scalar(from.Format(time.DateOnly)), rule(last))
	}
	node := mapping()
	node.Content = append(node.Content, str("schedule"), sched)
	return node, nil
}

func rule(r scenario.AllocationRule) *yaml.Node {
	eligible := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, st := range r.Eligible {
		eligible.Content = append(eligible.Content, str(st.String()))
	}
	n := mapping()
	n.Style = yaml.FlowStyle
	n.Content = append(n.Content, str("eligible"), eligible, str("order"), str(r.Order))
	return n
}

// setPath sets keys (a path of mapping keys) under root to val, making
// the mappings on the way.
func setPath(root *yaml.Node, keys []string, val *yaml.Node) {
	n := root
	for i, k := range keys {
		var next *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == k {
				next = n.Content[j+1]
			}
		}
		if i == len(keys)-1 {
			n.Content = append(n.Content, str(k), val)
			return
		}
		if next == nil {
			next = mapping()
			n.Content = append(n.Content, str(k), next)
		}
		n = next
	}
}

// setItem sets field of the afbouw schedule named name: a list item that
// the loader merges into the base's item of that name, keeping the others.
func setItem(root *yaml.Node, name, field string, val *yaml.Node) {
	list := lookupPath(root, "shelter", "schedules")
	if list == nil {
		list = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		setPath(root, []string{"shelter", "schedules"}, list)
	}
	for _, item := range list.Content {
		if v := lookupPath(item, "name"); v != nil && v.Value == name {
			item.Content = append(item.Content, str(field), val)
			return
		}
	}
	item := mapping()
	item.Content = append(item.Content, str("name"), str(name), str(field), val)
	list.Content = append(list.Content, item)
}

// lookupPath follows mapping keys from n; nil if one is missing.
func lookupPath(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		var next *yaml.Node
		for j := 0; n != nil && j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == k {
				next = n.Content[j+1]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// param starts a parameter in flow style: {unit: U, choice: "why", ...}.
func param(unit, status, why string) *yaml.Node {
	n := mapping()
	n.Style = yaml.FlowStyle
	n.Content = append(n.Content, str("unit"), str(unit), str(status), quoted(why))
	return n
}

// flowSeq is [v1, v2, ...] of plain scalars.
func flowSeq(vs ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, s := range vs {
		n.Content = append(n.Content, scalar(s))
	}
	return n
}

// flowMap is {k1: v1, k2: v2, ...} of plain scalars.
func flowMap(kv ...string) *yaml.Node {
	n := mapping()
	n.Style = yaml.FlowStyle
	for _, s := range kv {
		n.Content = append(n.Content, scalar(s))
	}
	return n
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

// str is a string scalar, quoted by the encoder where YAML needs it.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// quoted is a string scalar in double quotes.
func quoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

// scalar is a plain scalar whose type YAML reads from its text: a number
// or a date.
func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// num writes a number as scenario files want it: no exponent, no
// thousands separator, and never a dot followed by three digits in a
// whole number.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
