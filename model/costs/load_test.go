package costs

import (
	"strings"
	"testing"
)

// good is a valid costs file, one entry per line.
const good = `shelter:
  emergency: {value: 41, unit: euro/person-night, price_year: 2025, payer: centrumgemeente, source: "s", assumption: "a", range: [28, 64]}
  large: {value: 57, unit: euro/person-night, price_year: 2011, payer: centrumgemeente, source: "s"}
  small: {value: 64, unit: euro/person-night, price_year: 2011, payer: not known, assumption: "a", range: [41, 192]}
support:
  C: {value: 15000, unit: euro/person-year, price_year: 2011, payer: not known, assumption: "a", range: [5000, 41200]}
homes:
  room: {value: 3000, unit: euro/home, price_year: 2025, payer: corporatie, assumption: "a", range: [0, 30000]}
prevention:
  eviction: {value: 2000, unit: euro/case, price_year: 2025, payer: gemeente, assumption: "a", range: [500, 10000]}
societal:
  homeless: {value: 40000, unit: euro/person-year, price_year: 2011, payer: not known, assumption: "a", range: [15000, 100000]}
`

func TestParseGood(t *testing.T) {
	c, err := Parse("c.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Items) != 7 {
		t.Fatalf("%d unit costs, want 7", len(c.Items))
	}
	u := c.Get(SectionShelter, "small")
	if u == nil || u.Value != 64 || u.Payer != NotKnown || u.Range != [2]float64{41, 192} || u.PriceYear != 2011 || u.Line != 4 || u.Path() != "shelter.small" {
		t.Errorf("shelter.small: %+v", u)
	}
	if c.Get(SectionShelter, "large").Assumption != "" {
		t.Errorf("shelter.large has an assumption")
	}
}

// TestParseStrict: a costs file is as strict as a scenario file. Each
// case's whole message: every problem with file, line and field path,
// what is wrong and what is allowed.
func TestParseStrict(t *testing.T) {
	line := func(n int) string { return strings.Split(good, "\n")[n-1] }
	swap := func(n int, s string) string { return strings.Replace(good, line(n), s, 1) }
	cases := []struct {
		name, yaml, want string
	}{
		{"an unknown section", good + "capital: {}\n",
			"c.yaml:13: capital: unknown field; allowed: homes, prevention, shelter, societal, support"},
		{"a missing section", strings.Replace(good, "societal:\n"+line(12)+"\n", "", 1),
			"c.yaml:1: societal: missing required field"},
		{"an unknown shelter kind", good[:strings.Index(good, "support:")] + "  night: {value: 1}\n" + good[strings.Index(good, "support:"):],
			"c.yaml:5: shelter.night: unknown field; allowed: emergency, large, small"},
		{"a missing shelter kind", strings.Replace(good, line(3)+"\n", "", 1),
			"c.yaml:2: shelter.large: missing required field"},
		{"an unknown field of a cost", swap(6, `  C: {value: 15000, unit: euro/person-year, price_year: 2011, payer: not known, source: "s", colour: red}`),
			"c.yaml:6: support.C.colour: unknown field; allowed: assumption, payer, price_year, range, source, unit, value"},
		{"a wrong unit", swap(6, `  C: {value: 15000, unit: euro/person-night, price_year: 2011, payer: not known, source: "s"}`),
			"c.yaml:6: support.C.unit: \"euro/person-night\" is not allowed in support; allowed: euro/person-year"},
		{"an unknown payer", swap(8, `  room: {value: 3000, unit: euro/home, price_year: 2025, payer: VNG, source: "s"}`),
			`c.yaml:8: homes.room.payer: "VNG" is not allowed; allowed: rijk, centrumgemeente, gemeente, corporatie, zorgverzekeraar, not known`},
		{"no provenance", swap(10, `  eviction: {value: 2000, unit: euro/case, price_year: 2025, payer: gemeente}`),
			"c.yaml:10: prevention.eviction: no provenance: give source: (where the figure comes from) and/or assumption: with range: [low, high]"},
		{"an assumption without a range", swap(10, `  eviction: {value: 2000, unit: euro/case, price_year: 2025, payer: gemeente, assumption: "a"}`),
			"c.yaml:10: prevention.eviction.range: missing: an assumption needs a plausible range: [low, high]"},
		{"a range without an assumption", swap(10, `  eviction: {value: 2000, unit: euro/case, price_year: 2025, payer: gemeente, source: "s", range: [1, 3000]}`),
			"c.yaml:10: prevention.eviction.range: a range goes with an assumption: say how the value was made"},
		{"a value outside its range", swap(12, `  homeless: {value: 140000, unit: euro/person-year, price_year: 2011, payer: not known, assumption: "a", range: [15000, 100000]}`),
			"c.yaml:12: societal.homeless.value: 140000 is outside its range [15000, 100000]"},
		{"a range upside down", swap(12, `  homeless: {value: 40000, unit: euro/person-year, price_year: 2011, payer: not known, assumption: "a", range: [100000, 15000]}`),
			"c.yaml:12: societal.homeless.range: low 100000 is above high 15000"},
		{"a negative cost", swap(8, `  room: {value: -1, unit: euro/home, price_year: 2025, payer: corporatie, source: "s"}`),
			"c.yaml:8: homes.room.value: -1 is negative; a unit cost is 0 or more"},
		{"a cost not a number", swap(8, `  room: {value: cheap, unit: euro/home, price_year: 2025, payer: corporatie, source: "s"}`),
			`c.yaml:8: homes.room.value: "cheap" is not a number`},
		{"an infinite cost", swap(8, `  room: {value: .inf, unit: euro/home, price_year: 2025, payer: corporatie, source: "s"}`),
			"c.yaml:8: homes.room.value: .inf is not allowed: give a finite number up to 1e+07"},
		{"a price year in words", swap(8, `  room: {value: 1, unit: euro/home, price_year: last year, payer: corporatie, source: "s"}`),
			`c.yaml:8: homes.room.price_year: "last year" is not a year; give the year of the prices, 1990-2100`},
		{"missing fields", swap(8, `  room: {value: 1, source: "s"}`),
			"c.yaml:8: homes.room.unit: missing required field\n" +
				"c.yaml:8: homes.room.price_year: missing required field\n" +
				"c.yaml:8: homes.room.payer: missing required field"},
		{"an empty source", swap(8, `  room: {value: 1, unit: euro/home, price_year: 2025, payer: corporatie, source: ""}`),
			`c.yaml:8: homes.room.source: "", want text`},
		{"a duplicate key", strings.Replace(good, line(6), line(6)+"\n"+line(6), 1),
			"c.yaml:7: support.C: duplicate field (first at line 6)"},
		{"an empty section", strings.Replace(good, line(6), "", 1),
			"c.yaml:5: support: nothing, want a mapping of unit costs"},
		{"a section without costs", strings.Replace(strings.Replace(good, line(6)+"\n", "", 1), "support:", "support: {}", 1),
			"c.yaml:5: support: no unit costs"},
		{"a second document", good + "---\nshelter: {}\n",
			"c.yaml:14: a second YAML document (after ---) is not allowed: one set of unit costs per file"},
		{"a list at the top", "- shelter\n", `c.yaml:1: a list, want a mapping of sections (homes, prevention, shelter, societal, support)`},
		{"an alias", strings.Replace(good, "support:\n", "support: &s\n", 1),
			"c.yaml:5: YAML anchors and aliases are not supported; write each value out"},
		{"a syntax error", "shelter: [a\n", "c.yaml:2: did not find expected ',' or ']'"},
		{"binary", "shelter:\n\x00\xff", "c.yaml:2: control character U+0000; a costs file is UTF-8 text"},
		{"latin-1", "# caf\xe9\nshelter: {}\n", "c.yaml:1: invalid UTF-8; a costs file is UTF-8 text"},
		{"empty", "", "c.yaml: empty file: no unit costs"},
		{"two problems at once", swap(3, `  large: {value: 57, unit: euro/night, price_year: 2011, payer: centrumgemeente, source: "s"}`) + "extra: 1\n",
			"c.yaml:3: shelter.large.unit: \"euro/night\" is not allowed in shelter; allowed: euro/person-night\n" +
				"c.yaml:13: extra: unknown field; allowed: homes, prevention, shelter, societal, support"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(c.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != c.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
		})
	}
}

// TestShipped: the shipped file loads, every figure is an assumption with
// a range or has a source, and it covers every shipped scenario.
func TestShipped(t *testing.T) {
	c, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Items {
		if u.Assumption == "" {
			t.Errorf("%s: every shipped cost is weak (FACTS.md Costs): mark it an assumption with a range", u.Path())
		}
		if u.Source == "" && !strings.Contains(u.Assumption, "no Dutch figure") {
			t.Errorf("%s: no source, and the assumption does not say none was found", u.Path())
		}
	}
	for _, name := range []string{"baseline", "eerst-een-thuis", "afbouw-zonder-woningen", "preventie-eerst", "history"} {
		if err := c.Check(shipped(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
