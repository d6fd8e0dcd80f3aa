// This file holds what every strict YAML reader of the project (scenarios,
// region sets, targets, observed series, unit costs) checks around
// yaml.v3, so that each problem names its line: text that is not UTF-8
// (a binary file), tabs in the indentation, and anchors and aliases.

package scenario

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// CheckText returns the first line holding invalid UTF-8 or a control
// character, and what it found there, or 0 if the text is clean. yaml.v3
// refuses both without saying where.
func CheckText(data []byte) (line int, what string) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark is allowed
	line = 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, "invalid UTF-8"
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f:
			return line, fmt.Sprintf("control character %U", r)
		}
		i += size
	}
	return 0, ""
}

// SyntaxErrorIn is SyntaxError for an error in data, with a hint where
// yaml.v3's words do not say what is wrong: a tab at the start of the
// line, which YAML does not allow for indentation.
func SyntaxErrorIn(err error, data []byte) (line int, msg string) {
	line, msg = SyntaxError(err)
	lines := bytes.Split(data, []byte("\n"))
	if line > 0 && line <= len(lines) && bytes.HasPrefix(bytes.TrimLeft(lines[line-1], " "), []byte("\t")) {
		msg = "a tab in the indentation; YAML indents with spaces, not tabs"
	}
	return line, msg
}

// FirstAlias returns the first anchor or alias in n, or nil: they would
// let a small file expand hugely and make "which line" ambiguous, so every
// strict YAML reader of the project refuses them, naming this node's line.
func FirstAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := FirstAlias(c); a != nil {
			return a
		}
	}
	return nil
}
