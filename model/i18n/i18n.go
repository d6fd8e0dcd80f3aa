// Package i18n holds the words thuis shows people, in Dutch ("nl") and
// English ("en"): figure titles, axis labels, legend entries and the
// names of the ETHOS categories. Dutch uses the sector's own words
// (buitenslapers, nachtopvang, 24-uursopvang, bankslapers, Wonen Eerst,
// afbouw, wachtlijst).
//
// The texts are in catalog.go, one map per language. To add a text, add
// its key to both maps; the tests fail when a key lacks a language, when
// the two texts have different fmt verbs, or when they are identical
// without the key being listed in same (names such as CBS, and words
// spelled alike in both languages).
package i18n

import (
	"sort"
	"strconv"
	"strings"
)

// Langs are the supported languages, the default first.
var Langs = []string{"en", "nl"}

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool {
	_, ok := catalog[lang]
	return ok
}

// T returns the text of key in lang. An unsupported lang falls back to
// English; a missing key returns the key itself, so that a gap shows.
func T(lang, key string) string {
	if s, ok := Lookup(lang, key); ok {
		return s
	}
	return key
}

// Lookup returns the text of key in lang (English if lang is not
// supported) and whether there is one.
func Lookup(lang, key string) (string, bool) {
	m, ok := catalog[lang]
	if !ok {
		m = catalog["en"]
	}
	s, ok := m[key]
	return s, ok
}

// Keys lists every key of any language, sorted.
func Keys() []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range catalog {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Number formats v with the given number of decimals and thousands
// separators: 32.000 and 0,5 in Dutch, 32,000 and 0.5 in English.
func Number(lang string, v float64, decimals int) string {
	group, point := ",", "."
	if lang == "nl" {
		group, point = ".", ","
	}
	s := strconv.FormatFloat(v, 'f', max(decimals, 0), 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if strings.Trim(intPart+frac, "0") == "" {
		neg = false // no "-0"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}
