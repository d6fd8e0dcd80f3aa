package i18n

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// check returns the catalog's problems: a key missing or empty in a
// language, texts identical in both languages for a key not in same (or
// different for one that is), a key in same that does not exist, and fmt
// verbs that differ between the languages.
func check(cat map[string]map[string]string, same map[string]bool) []string {
	var problems []string
	keys := map[string]bool{}
	for _, m := range cat {
		for k := range m {
			keys[k] = true
		}
	}
	for _, lang := range []string{"nl", "en"} {
		if cat[lang] == nil {
			problems = append(problems, fmt.Sprintf("no %s catalog", lang))
		}
	}
	for k := range keys {
		nl, okNL := cat["nl"][k]
		en, okEN := cat["en"][k]
		switch {
		case !okNL || strings.TrimSpace(nl) == "":
			problems = append(problems, fmt.Sprintf("%s: no Dutch text", k))
		case !okEN || strings.TrimSpace(en) == "":
			problems = append(problems, fmt.Sprintf("%s: no English text", k))
		case nl == en && !same[k]:
			problems = append(problems, fmt.Sprintf("%s: Dutch and English are both %q (translate it, or list the key in same if it is a name)", k, nl))
		case nl != en && same[k]:
			problems = append(problems, fmt.Sprintf("%s: listed in same, but Dutch %q and English %q differ", k, nl, en))
		}
		if okNL && okEN && !equalVerbs(verbs(nl), verbs(en)) {
			problems = append(problems, fmt.Sprintf("%s: fmt verbs %v in Dutch, %v in English", k, verbs(nl), verbs(en)))
		}
	}
	for k := range same {
		if !keys[k] {
			problems = append(problems, fmt.Sprintf("%s: in same, but no such key", k))
		}
	}
	return problems
}

var verbRE = regexp.MustCompile(`%[-+#0]*[0-9]*(\.[0-9]+)?[dsvqfg%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

func equalVerbs(a, b []string) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// TestCatalogComplete fails when any key lacks a Dutch or an English text,
// when a word is left untranslated, or when fmt verbs differ.
func TestCatalogComplete(t *testing.T) {
	for _, p := range check(catalog, same) {
		t.Error(p)
	}
	if n := len(Keys()); n < 50 {
		t.Errorf("%d keys; the figures alone need more", n)
	}
}

// TestCheckFindsProblems makes sure the completeness check can fail.
func TestCheckFindsProblems(t *testing.T) {
	bad := map[string]map[string]string{
		"nl": {"a": "wachtlijst", "b": "status", "c": "doel %d", "d": "CBS", "e": " "},
		"en": {"a": "waiting list", "b": "status", "c": "target %s", "d": "CBS", "f": "only English", "e": "empty in Dutch"},
	}
	got := strings.Join(check(bad, map[string]bool{"d": true, "zz": true}), "\n")
	for _, want := range []string{"b: Dutch and English are both", "c: fmt verbs", "f: no Dutch text", "e: no Dutch text", "zz: in same, but no such key"} {
		if !strings.Contains(got, want) {
			t.Errorf("check misses %q; it says:\n%s", want, got)
		}
	}
	if strings.Contains(got, "a:") || strings.Contains(got, "d:") {
		t.Errorf("check flags a correct key:\n%s", got)
	}
}

// TestSectorWords checks that Dutch uses the sector's own words.
func TestSectorWords(t *testing.T) {
	var all strings.Builder
	for _, k := range Keys() {
		all.WriteString(T("nl", k) + "\n")
	}
	for _, w := range []string{"buitenslapers", "nachtopvang", "noodopvang", "24-uursopvang", "grootschalig", "kleinschalig",
		"bankslapers", "Wonen Eerst", "afbouw", "wachtlijst", "doel bereikt", "doel niet bereikt", "dakloze mensen", "CBS-telling"} {
		if !strings.Contains(all.String(), w) {
			t.Errorf("no Dutch text says %q", w)
		}
	}
	for key, want := range map[string]string{"state.ethos1": "buitenslapers", "state.ethos6": "bankslapers", "word.housing_first": "Wonen Eerst",
		"target.reached": "doel bereikt", "target.not_reached": "doel niet bereikt", "word.cbs_count": "CBS-telling"} {
		if got := T("nl", key); !strings.Contains(got, want) {
			t.Errorf("T(nl, %s) = %q, want it to say %q", key, got, want)
		}
	}
}

func TestT(t *testing.T) {
	if got := T("nl", "legend.median"); got != "mediaan" {
		t.Errorf("nl median: %q", got)
	}
	if got := T("en", "legend.median"); got != "median" {
		t.Errorf("en median: %q", got)
	}
	if got := T("fr", "legend.median"); got != "median" {
		t.Errorf("an unsupported language should fall back to English: %q", got)
	}
	if got := T("nl", "no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key should show as itself: %q", got)
	}
	if _, ok := Lookup("nl", "no.such.key"); ok {
		t.Error("Lookup finds a missing key")
	}
	if got := fmt.Sprintf(T("nl", "legend.target_year"), 2025); got != "doel 2025" {
		t.Errorf("target year: %q", got)
	}
	if !Supported("nl") || !Supported("en") || Supported("de") {
		t.Error("Supported")
	}
	keys := Keys()
	for i := 1; i < len(keys); i++ {
		if keys[i-1] >= keys[i] {
			t.Fatalf("Keys not sorted and unique at %q, %q", keys[i-1], keys[i])
		}
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    float64
		dec  int
		want string
	}{
		{"nl", 32000, 0, "32.000"},
		{"en", 32000, 0, "32,000"},
		{"nl", 1234567.891, 2, "1.234.567,89"},
		{"en", 1234567.891, 2, "1,234,567.89"},
		{"nl", 999, 0, "999"},
		{"en", 0.5, 1, "0.5"},
		{"nl", 0.5, 1, "0,5"},
		{"nl", -2500, 0, "-2.500"},
		{"en", -0.0001, 0, "0"},
		{"en", 100000, 0, "100,000"},
		{"en", 3.7, -1, "4"},
	} {
		if got := Number(c.lang, c.v, c.dec); got != c.want {
			t.Errorf("Number(%s, %v, %d) = %q, want %q", c.lang, c.v, c.dec, got, c.want)
		}
	}
}
