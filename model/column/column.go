package column

import (
	"fmt"
	"strings"
)

// Safe reports whether name is a column name R's make.names leaves
// unchanged, in ASCII: a letter, then letters, digits, '.' and '_', and
// not one of R's reserved words. pandas and readr keep any name; R's
// read.csv (check.names = TRUE) rewrites every other one, so
// "regions.'s-Hertogenbosch" became "regions..s.Hertogenbosch". ASCII
// only, because which letters make.names accepts depends on the locale.
func Safe(name string) bool {
	if name == "" || !isLetter(name[0]) || rReserved[name] {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isLetter(c) && !isDigit(c) && c != '.' && c != '_' {
			return false
		}
	}
	return true
}

// rReserved are R's reserved words (?Reserved), which make.names
// changes by appending a dot.
var rReserved = map[string]bool{"if": true, "else": true, "repeat": true, "while": true, "function": true, "for": true,
	"next": true, "break": true, "TRUE": true, "FALSE": true, "NULL": true, "Inf": true, "NaN": true, "NA": true,
	"NA_integer_": true, "NA_real_": true, "NA_character_": true, "NA_complex_": true, "in": true}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// Slug turns a parameter path, target id or region name into a part of a
// safe column name: the dots of a path are kept, as its separators; in
// each part, letters with accents lose them, any other run of characters
// that is not a letter, digit or '_' becomes one '_', and '_' at either
// end goes. So "regions.'s-Hertogenbosch" becomes "regions.s_Hertogenbosch",
// "T1-count-below-2021" "T1_count_below_2021" and a schedule knot
// "inflow.rate@2025-01-01" "inflow.rate.at_2025_01_01". The result is not
// necessarily safe on its own (it may start with a digit): callers add a
// prefix or suffix and check the whole with [Safe].
func Slug(s string) string {
	s = strings.ReplaceAll(s, "@", ".at_")
	parts := strings.Split(s, ".")
	for i, p := range parts {
		var b strings.Builder
		gap := false
		for _, r := range p {
			if a, ok := unaccent[r]; ok {
				r = a
			}
			if r < 128 && (isLetter(byte(r)) || isDigit(byte(r))) {
				if gap && b.Len() > 0 {
					b.WriteByte('_')
				}
				gap = false
				b.WriteRune(r)
				continue
			}
			gap = true
		}
		parts[i] = b.String()
	}
	return strings.Join(parts, ".")
}

// unaccent maps the accented letters of Dutch and Frisian place names
// (Súdwest-Fryslân, Zuidoost-Friesland) to ASCII.
var unaccent = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y', 'ç': 'c', 'ñ': 'n',
	'Á': 'A', 'À': 'A', 'Â': 'A', 'Ä': 'A', 'É': 'E', 'È': 'E', 'Ê': 'E', 'Ë': 'E', 'Í': 'I', 'Ì': 'I', 'Î': 'I', 'Ï': 'I',
	'Ó': 'O', 'Ò': 'O', 'Ô': 'O', 'Ö': 'O', 'Ú': 'U', 'Ù': 'U', 'Û': 'U', 'Ü': 'U', 'Ý': 'Y', 'Ç': 'C', 'Ñ': 'N',
}

// Unique checks that names are safe ([Safe]) and distinct, and
// says which source (a path, an id) gave a name that is not: from[i] made
// names[i].
func Unique(names, from []string) error {
	seen := map[string]int{}
	for i, n := range names {
		if !Safe(n) {
			return fmt.Errorf("column %q (from %q) is not a safe name: use letters, digits, '.' and '_', starting with a letter", n, from[i])
		}
		if j, ok := seen[n]; ok {
			return fmt.Errorf("%q and %q both give the column %s; rename one", from[j], from[i], n)
		}
		seen[n] = i
	}
	return nil
}

// What a parameter's column holds: the parameter's value (a scalar, or a
// schedule's knot), a factor on a whole schedule or duration, or one share
// of a split.
const (
	Value  = "value"
	Factor = "factor"
	Share  = "share"
)

// For is the column of a parameter's value or factor: its path made safe
// ([Slug]), a dot and kind ([Value] or [Factor]).
func For(path, kind string) string { return Slug(path) + "." + kind }

// ForShare is the column of one share of a split: the split's path and
// the key made safe, and ".share".
func ForShare(path, key string) string { return Slug(path) + "." + Slug(key) + "." + Share }
