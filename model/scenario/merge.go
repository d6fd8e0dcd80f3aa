package scenario

// This file implements extends: how a variant is laid over its parent.
//
// Mappings merge key by key. A parameter (a mapping with a unit) or a dated
// rule (with a schedule) is replaced whole, so a value never keeps its
// parent's source. A list of values (regions: [...], eligible: [...]) is
// one value and is replaced whole. A list of records (shelter.schedules)
// merges item by item, by name (when the parent's list is empty, the
// variant's list is taken as it is: nothing can be lost):
//
//   - an item whose name the parent has changes that item, field by field
//     as a mapping does, and keeps its place in the list;
//   - an item with a new name is added after the parent's items;
//   - {name: NAME, remove: true} removes the parent's item NAME;
//   - the parent's other items are kept.
//
// So a variant that changes one afbouw schedule keeps the others. A list
// tagged !replace ("schedules: !replace [...]") replaces the parent's list
// whole, and is the only way to do so: a variant's list whose items have
// no names, or whose parent's items have none, is refused rather than
// read as a replacement that silently drops the parent's items.

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// ReplaceTag marks a list in a variant that replaces its parent's list
// whole: "schedules: !replace [...]".
const ReplaceTag = "!replace"

// isParam reports whether a mapping is a parameter (it has a unit) or a
// dated rule (it has a schedule): it is replaced whole, so a value never
// travels without its own source, and a rule's dates never mix with a
// parent's.
func isParam(n *yaml.Node) bool {
	return n.Kind == yaml.MappingNode && (lookup(n, "unit") != nil || lookup(n, "schedule") != nil)
}

// isRecordList reports whether a list holds records (mappings), which
// merge by name, rather than values.
func isRecordList(n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode {
		return false
	}
	for _, c := range n.Content {
		if c.Kind == yaml.MappingNode {
			return true
		}
	}
	return false
}

// itemName is a list item's name, "" if it has none.
func itemName(n *yaml.Node) string {
	if v := lookup(n, "name"); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// mergeTop merges a scenario file over its parent; the file's own
// top-level "extends" has been resolved and is dropped (anywhere else it is
// an ordinary, and unknown, field).
func (d *decoder) mergeTop(base, child *yaml.Node) *yaml.Node { return d.merge(base, child, "", true) }

// merge lays child over base at path: mappings merge key by key, lists of
// records by name, everything else (parameters, values, lists of values)
// is replaced.
func (d *decoder) merge(base, child *yaml.Node, path string, top bool) *yaml.Node {
	if base.Kind == yaml.SequenceNode && child.Kind == yaml.SequenceNode && (isRecordList(base) || isRecordList(child)) {
		return d.mergeList(base, child, path)
	}
	if base.Kind != yaml.MappingNode || child.Kind != yaml.MappingNode || isParam(base) || isParam(child) {
		return child
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: child.Tag, Line: child.Line, Column: child.Column}
	d.origin[out] = d.fileOf(child)
	used := map[string]bool{}
	for i := 0; i+1 < len(base.Content); i += 2 {
		k := base.Content[i]
		v := base.Content[i+1]
		if top && k.Value == "extends" {
			continue
		}
		if cv := lookup(child, k.Value); cv != nil && top && k.Value == "description" {
			v = cv // a variant's description is its own, never half its parent's
			used[k.Value] = true
		} else if cv != nil {
			v = d.merge(v, cv, join(path, k.Value), false)
			used[k.Value] = true
		}
		out.Content = append(out.Content, k, v)
	}
	for i := 0; i+1 < len(child.Content); i += 2 {
		k := child.Content[i]
		if top && k.Value == "extends" || used[k.Value] {
			continue
		}
		out.Content = append(out.Content, k, child.Content[i+1])
		used[k.Value] = true
	}
	return out
}

// mergeList lays a variant's list of records over its parent's, by name
// (see the file comment).
func (d *decoder) mergeList(base, child *yaml.Node, path string) *yaml.Node {
	if child.Tag == ReplaceTag || len(base.Content) == 0 {
		return child // nothing of the parent's is dropped
	}
	var names []string
	for _, b := range base.Content {
		if itemName(b) == "" {
			d.errorf(child, path, "the parent's items have no names (%s:%d), so a variant cannot say which one it changes; name them there, or write \"%s: %s\" followed by the whole list to replace it",
				d.fileOf(b), b.Line, path[strings.LastIndex(path, ".")+1:], ReplaceTag)
			return child
		}
		names = append(names, itemName(b))
	}
	parent := "the parent has none"
	if len(names) > 0 {
		parent = "the parent has: " + strings.Join(names, ", ")
	}
	key := path[strings.LastIndex(path, ".")+1:]
	if len(child.Content) == 0 {
		d.errorf(child, path, "an empty list changes nothing in a variant: items merge with the parent's by name (%s); to remove one list {name: NAME, remove: true}, to remove all write \"%s: %s []\"", parent, key, ReplaceTag)
		return base
	}
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: child.Tag, Line: child.Line, Column: child.Column}
	d.origin[out] = d.fileOf(child)
	merged := make([]*yaml.Node, len(base.Content))
	copy(merged, base.Content)
	removed := make([]bool, len(base.Content))
	var added []*yaml.Node
	seen := map[string]bool{}
	for i, c := range child.Content {
		pi := fmt.Sprintf("%s[%d]", path, i)
		name := itemName(c)
		if c.Kind != yaml.MappingNode || name == "" {
			d.errorf(c, pi, "needs a name: in a variant an item changes the parent's item of that name or adds a new one (%s); to replace the whole list write \"%s: %s\"", parent, key, ReplaceTag)
			continue
		}
		if seen[name] {
			continue // reported by itemNames
		}
		seen[name] = true
		at := -1
		for j, b := range base.Content {
			if itemName(b) == name {
				at = j
			}
		}
		if rm := lookup(c, "remove"); rm != nil {
			switch {
			case rm.Kind != yaml.ScalarNode || rm.Tag != "!!bool" || rm.Value != "true":
				d.errorf(rm, pi+".remove", "must be true (to remove the parent's item %q), got %s; to keep it, leave remove out", name, kindName(rm))
			case len(c.Content) != 4:
				d.errorf(c, pi, "an item to remove has only name and remove: true; to change item %q instead, leave remove out", name)
			case at < 0:
				d.errorf(c, pi+".name", "no item %q to remove; %s", name, parent)
			default:
				removed[at] = true
			}
			continue
		}
		if at >= 0 {
			merged[at] = d.merge(base.Content[at], c, pi, false)
		} else {
			added = append(added, c)
		}
	}
	for j, m := range merged {
		if !removed[j] {
			out.Content = append(out.Content, m)
		}
	}
	out.Content = append(out.Content, added...)
	return out
}

// itemNames reports, in one file before merging, list items that share a
// name: a variant could not say which of them it means.
func (d *decoder) itemNames(n *yaml.Node, path string) {
	seen := map[string]int{}
	for i, c := range n.Content {
		name := itemName(c)
		if name == "" {
			continue
		}
		if line, dup := seen[name]; dup {
			d.errorf(lookup(c, "name"), fmt.Sprintf("%s[%d].name", path, i), "duplicate name %q (first at line %d); each item of a list has its own name", name, line)
		} else {
			seen[name] = lookup(c, "name").Line
		}
	}
}
