package target

import (
	"strings"
	"testing"
	"time"
)

// good is one valid target in block style, lines 1-9.
const good = `targets:
  - id: X
    year: 2030
    description: {nl: a, en: b}
    metric: cbs_count
    aggregate: end
    comparator: "<"
    threshold: 1000
    source: s
`

// TestParseLanguages: a short name and a note may be given per language;
// a plain note is English.
func TestParseLanguages(t *testing.T) {
	ts, err := Parse("t.yaml", []byte(strings.Replace(good, "source: s", "source: {nl: Actieplan, en: Plan}", 1)+
		"    name: {nl: Minder dakloos, en: Fewer homeless}\n    note: {nl: hoogste maandstand, en: highest monthly count}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ts[0]; got.Name["nl"] != "Minder dakloos" || got.Name["en"] != "Fewer homeless" || got.Notes["nl"] != "hoogste maandstand" || got.Note != "highest monthly count" ||
		got.Source != "Plan" || got.Sources["nl"] != "Actieplan" {
		t.Errorf("name %v, notes %v, note %q, sources %v", got.Name, got.Notes, got.Note, got.Sources)
	}
	ts, err = Parse("t.yaml", []byte(good+"    note: plain\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ts[0]; got.Note != "plain" || got.Notes["en"] != "plain" || got.Notes["nl"] != "" || got.Name != nil {
		t.Errorf("name %v, notes %v, note %q", got.Name, got.Notes, got.Note)
	}
}

// TestParseStrict: targets files are as strict as scenario files. Each
// case's whole message, every problem with file, line and field path.
func TestParseStrict(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"NaN threshold", strings.Replace(good, "1000", ".nan", 1),
			"t.yaml:8: targets[0].threshold: .nan is not allowed: give a finite number"},
		{"infinite threshold", strings.Replace(good, "1000", "-.inf", 1),
			"t.yaml:8: targets[0].threshold: -.inf is not allowed: give a finite number"},
		{"threshold not a number", strings.Replace(good, "1000", "many", 1),
			`t.yaml:8: targets[0].threshold: "many" is not a number`},
		{"since after year", strings.Replace(strings.Replace(good, "cbs_count", "social_homes_built", 1), "aggregate: end", "aggregate: year\n    since: 2031", 1),
			"t.yaml:7: targets[0].since: 2031 is after the target year 2030; since is the first year counted"},
		{"a second document", good + "---\ntargets: []\n",
			"t.yaml:11: a second YAML document (after ---) is not allowed: one list of targets per file"},
		{"an unknown top-level field", "colour: red\n" + good,
			"t.yaml:1: colour: unknown field; allowed: targets"},
		{"an unknown target field", strings.Replace(good, "source: s", "source: s\n    weight: 2", 1),
			"t.yaml:10: targets[0].weight: unknown field; allowed: aggregate, comparator, description, from, id, metric, name, note, since, source, threshold, year"},
		{"an unknown language", strings.Replace(good, "en: b}", "en: b, fr: c}", 1),
			"t.yaml:4: targets[0].description.fr: unknown field; allowed: en, nl"},
		{"a duplicate field", strings.Replace(good, "source: s", "source: s\n    year: 2025", 1),
			"t.yaml:10: targets[0].year: duplicate field (first at line 3)"},
		{"a year in words", strings.Replace(good, "2030", "twenty-thirty", 1),
			"t.yaml:3: targets[0].year: \"twenty-thirty\" is not a whole number; give a year, e.g. 2030"},
		{"a year as a float", strings.Replace(good, "2030", "2030.5", 1),
			"t.yaml:3: targets[0].year: \"2030.5\" is not a whole number; give a year, e.g. 2030"},
		{"a list where text belongs", strings.Replace(good, "metric: cbs_count", "metric: [cbs_count]", 1),
			"t.yaml:5: targets[0].metric: a list, want text\n" +
				`t.yaml:5: targets[0].metric: unknown metric ""; allowed: became_homeless, became_homeless_share, cbs_count, functional_zero_ratio, homeless, regions_without_large_scale_share, rough_sleeping, rough_sleeping_lack_of_shelter, shelter_stay_max_days, shelter_stay_median_days, shelter_stay_p90_days, shelter_stay_share_over_90_days, shelter_wait_mean_days, social_homes_built`},
		{"a name in one language", strings.Replace(good, "source: s", "source: s\n    name: {nl: Minder dakloos}", 1),
			"t.yaml:10: targets[0].name.en: missing: given per language, it needs Dutch (nl) and English (en)"},
		{"a name as text", strings.Replace(good, "source: s", "source: s\n    name: fewer", 1),
			`t.yaml:10: targets[0].name: "fewer", want a mapping with nl: and en:`},
		{"a note in an unknown language", strings.Replace(good, "source: s", "source: s\n    note: {nl: a, en: b, de: c}", 1),
			"t.yaml:10: targets[0].note.de: unknown field; allowed: en, nl"},
		{"targets not a list", "targets: {id: X}\n", "t.yaml:1: targets: a mapping, want a list of targets"},
		{"no targets", "targets: []\n", "t.yaml:1: targets: no targets"},
		{"empty", "", "t.yaml: empty file: no targets"},
		{"a list at the top", "- id: X\n", "t.yaml:1: a list, want a mapping with targets: a list"},
		{"an alias", "targets:\n  - &a {id: X}\n  - *a\n", "t.yaml:2: YAML anchors and aliases are not supported; write each value out"},
		{"a syntax error", "targets:\n  - id: [X\n", "t.yaml:2: did not find expected ',' or ']'"},
		{"binary", "targets:\n  - id: X\x00\n", "t.yaml:2: control character U+0000; a targets file is UTF-8 text"},
		{"invalid UTF-8", "targets:\n\n  - id: \xff\n", "t.yaml:3: invalid UTF-8; a targets file is UTF-8 text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(c.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != c.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
			if strings.Contains(err.Error(), "target.Target") || strings.Contains(err.Error(), "float64") {
				t.Errorf("a Go type name in %q", err)
			}
		})
	}
}

func TestCheckYears(t *testing.T) {
	ts, err := Parse("t.yaml", []byte(good+strings.Replace(strings.Replace(good, "targets:\n", "", 1), "id: X", "id: Y", 1)))
	if err != nil {
		t.Fatal(err)
	}
	ts[1].Year = 2035
	cases := []struct {
		first, last int
		want        string
	}{
		{2021, 2035, ""},
		{2021, 2030, "t.yaml:11: targets[1].year: 2035 is outside the run's whole years 2021-2030 (target Y)"},
		{2031, 2034, "t.yaml:3: targets[0].year: 2030 is outside the run's whole years 2031-2034 (target X)\n" +
			"t.yaml:11: targets[1].year: 2035 is outside the run's whole years 2031-2034 (target Y)"},
	}
	for _, c := range cases {
		err := CheckYears(ts, c.first, c.last)
		if got := errString(err); got != c.want {
			t.Errorf("%d-%d: %q, want %q", c.first, c.last, got, c.want)
		}
	}
	if first, last := WholeYears(time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)); first != 2022 || last != 2030 {
		t.Errorf("WholeYears: %d-%d, want 2022-2030", first, last)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzParse: no targets file makes Parse panic, and what it accepts obeys
// the rules: finite thresholds, plausible years, since not after year.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(strings.Replace(good, "1000", ".nan", 1)))
	f.Add([]byte(good + "---\ntargets: []\n"))
	f.Add([]byte("targets:\n  - &a {id: X}\n  - *a\n"))
	f.Add([]byte("targets: [{id: X, year: 2025, since: 2030, metric: became_homeless, aggregate: total}]"))
	f.Add([]byte("\xff\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := Parse("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error without the file name: %v", err)
			}
			return
		}
		for _, tg := range ts {
			if tg.Threshold != tg.Threshold || tg.Threshold > 1e308 || tg.Threshold < -1e308 || tg.Year < minYear || tg.Year > maxYear || tg.Since > tg.Year {
				t.Errorf("accepted %+v", tg)
			}
		}
	})
}
