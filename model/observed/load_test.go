package observed_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// head is a valid series up to its observations (line 9 is the first).
const head = `name: s
description: d
unit: people
source: test
margin: 95% interval
role: fit
model: {metric: cbs_count, aggregate: mean, note: n}
observations:
`

func lines(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

// brokenCases are files with mistakes and the exact errors, all at once.
var brokenCases = []struct {
	name string
	data []byte
	want []string
}{
	{"empty", []byte(""), []string{"t.yaml: empty file"}},
	{"syntax", lines("name: s", "unit: [people"), []string{"t.yaml:2: did not find expected ',' or ']'"}},
	{"second document", []byte(head + "  - {year: 2020, value: 1, sd: 1}\n---\nname: t\n"),
		[]string{"t.yaml:11: a second YAML document (after ---) is not allowed: one series per file"}},
	{"not a mapping", lines("- a"), []string{"t.yaml:1: must be a mapping of fields (description, margin, model, name, observations, relative_error, role, source, unit), got a list"}},
	{"unknown, duplicate and missing fields", lines("name: s", "name: t", "colour: red", "unit: people", "source: test", "margin: m", "role: fit",
		"model: {metric: cbs_count, aggregate: mean, note: n}", "observations:", "  - {year: 2020, value: 1, sd: 1}"),
		[]string{
			"t.yaml:1: description: missing required field",
			"t.yaml:2: name: duplicate field (first at line 1)",
			"t.yaml:3: colour: unknown field; allowed: description, margin, model, name, observations, relative_error, role, source, unit",
		}},
	{"model discrepancy", []byte(strings.Replace(head, "model: {metric: cbs_count, aggregate: mean, note: n}", "model: {metric: cbs_count, aggregate: mean, note: n, discrepancy: {value: 0}}", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{
			"t.yaml:7: model.discrepancy.value: must be in (0, 1], a standard deviation as a fraction of the value, got 0",
			"t.yaml:7: model.discrepancy.assumption: missing required field",
		}},
	{"role and relative error", []byte(strings.Replace(head, "role: fit", "role: calibrate\nrelative_error: {value: 1.5}", 1) + "  - {year: 2020, value: 1}\n"),
		[]string{
			`t.yaml:6: role: "calibrate" is not allowed; allowed: fit, check`,
			"t.yaml:7: relative_error.value: must be in (0, 1], a standard deviation as a fraction of the value, got 1.5",
			"t.yaml:7: relative_error.assumption: missing required field",
		}},
	{"unknown metric", []byte(strings.Replace(head, "cbs_count", "happiness", 1) + "  - {date: 2020-01-01, region: Noord, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.metric: unknown metric "happiness"; allowed: cbs_count, ethos1, ethos2, ethos3, ethos4, ethos5, ethos6, ethos7, functional_zero_ratio, homeless, housed_supported, housed_unsupported, regions_without_large_scale_share, rough_sleeping, rough_sleeping_lack_of_shelter, shelter_stay_max_days, shelter_stay_median_days, shelter_stay_p90_days, shelter_stay_share_over_90_days, shelter_users`}},
	{"metric needing from", []byte(strings.Replace(head, "metric: cbs_count, aggregate: mean", "metric: became_homeless, aggregate: total", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.metric: "became_homeless" needs from or since, which a series does not take; name its flows (flows:) or its input (input:) instead`}},
	{"aggregate not allowed", []byte(strings.Replace(head, "aggregate: mean", "aggregate: total", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.aggregate: "total" is not allowed for cbs_count; allowed: jan1, end, mean, max, min`}},
	{"aggregate missing", []byte(strings.Replace(head, "metric: cbs_count, aggregate: mean", "flows: [relapse]", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.aggregate: missing required field; allowed for relapse: total`}},
	{"no flows", []byte(strings.Replace(head, "metric: cbs_count", "flows: []", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.flows: must list at least one flow (model/README.md 7.2), e.g. [became_homeless.eviction]`}},
	{"nothing to compare with", []byte(strings.Replace(head, "metric: cbs_count, aggregate: mean, ", "", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model: give exactly one of metric (e.g. cbs_count), flows (a list of flow names) or input (housing.social_new_build, housing.social_relets)`}},
	{"two quantities, unknown input", []byte(strings.Replace(head, "metric: cbs_count", "metric: cbs_count, input: housing.rent", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model: give exactly one of metric (e.g. cbs_count), flows (a list of flow names) or input (housing.social_new_build, housing.social_relets)`}},
	{"unknown input", []byte(strings.Replace(head, "metric: cbs_count, aggregate: mean", "input: housing.rent, aggregate: total", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.input: unknown input "housing.rent"; allowed: housing.social_new_build, housing.social_relets`}},
	{"sum and a term", []byte(strings.Replace(head, "model: {", "model: {sum: [{metric: ethos4, aggregate: mean}, {flows: [relapse], aggregate: total}], ", 1) + "  - {year: 2020, value: 1, sd: 1}\n"),
		[]string{`t.yaml:7: model.sum: give either sum: (a list of terms) or one term (metric, flows or input, with aggregate), not both`}},
	{"sum of one, sum term wrong", lines("name: s", "description: d", "unit: people", "source: test", "margin: m", "role: check", "model:",
		"  sum:", "    - {metric: ethos4, aggregate: year}", "  note: n", "observations:", "  - {year: 2020, value: 1, sd: 1}"),
		[]string{`t.yaml:9: model.sum: must be a list of two or more terms, each a mapping of metric, flows or input, and aggregate; got 1; for one term, give it without sum:`}},
	{"sum terms checked", lines("name: s", "description: d", "unit: people", "source: test", "margin: m", "role: check", "model:",
		"  sum:", "    - {metric: ethos4, aggregate: year}", "    - {flows: [relapse, relapse], aggregate: total, note: x}", "  note: n", "observations:", "  - {year: 2020, value: 1, sd: 1}"),
		[]string{
			`t.yaml:9: model.sum[0].aggregate: "year" is not allowed for ethos4; allowed: jan1, end, mean, max, min`,
			`t.yaml:10: model.sum[1].flows[1]: flow "relapse" is listed twice`,
			`t.yaml:10: model.sum[1].note: unknown field; allowed: aggregate, flows, input, metric`,
		}},
	{"observations not a list", []byte(head + "  year: 2020\n"),
		[]string{"t.yaml:9: observations: must be a list of one or more observations, got a mapping"}},
	{"observation fields", withHead(
		"  - {value: 1, sd: 1}",
		"  - {year: 2020, date: 2020-01-01, value: 1, sd: 1}",
		"  - {year: 20210, value: 1, sd: 1}",
		"  - {date: 1 January 2022, value: 1, sd: 1}",
		"  - {date: 2022-01-15, value: 1, sd: 1}",
		"  - {year: 2023, value: .nan, sd: 1}",
		"  - {year: 2024, value: 1, colour: red}",
		"  - {year: 2025}",
		"  - 2026",
	),
		[]string{
			"t.yaml:9: observations[0]: give date (a day, YYYY-MM-DD) or year (a calendar year)",
			"t.yaml:10: observations[1].year: give date (a day) or year (a calendar year), not both",
			`t.yaml:11: observations[2].year: must be a year from 1800 to 2200, got "20210"`,
			`t.yaml:12: observations[3].date: must be a date YYYY-MM-DD, got "1 January 2022"`,
			"t.yaml:13: observations[4].date: 2022-01-15: must be the first of a month, as the model's snapshots are monthly",
			`t.yaml:14: observations[5].value: must be a finite number, got ".nan"`,
			"t.yaml:15: observations[6].colour: unknown field; allowed: date, high, low, reference, region, sd, source, value, year",
			"t.yaml:15: observations[6]: give a 95% margin (low and high) or sd, or a relative_error for the whole file",
			"t.yaml:16: observations[7].value: missing required field",
			`t.yaml:17: observations[8]: must be a mapping of fields (date, high, low, reference, region, sd, source, value, year), got "2026"`,
		}},
	{"errors", withHead(
		"  - {year: 2020, value: 10, low: 12, high: 14}",
		"  - {year: 2021, value: 10, low: 8}",
		"  - {year: 2022, value: 10, low: 8, high: 12, sd: 1}",
		"  - {year: 2023, value: 10, sd: 0}",
		"  - {year: 2024, value: 10}",
		"  - {year: 2025, value: 10, low: 10, high: 10}",
	),
		[]string{
			"t.yaml:9: observations[0].value: 10 is outside its margin [12, 14]; want low ≤ value ≤ high and low < high",
			"t.yaml:10: observations[1]: give both low and high (a 95% margin), or neither",
			"t.yaml:11: observations[2].sd: give a 95% margin (low, high) or sd, not both",
			"t.yaml:12: observations[3].sd: must be positive, got 0",
			"t.yaml:13: observations[4]: give a 95% margin (low and high) or sd, or a relative_error for the whole file",
			"t.yaml:14: observations[5].value: 10 is outside its margin [10, 10]; want low ≤ value ≤ high and low < high",
		}},
	{"an error too large", withHead("  - {year: 2020, value: 0, low: -1e308, high: 1e308}"),
		[]string{"t.yaml:9: observations[0]: the error is too large to compute: its standard deviation or margin is not a finite number"}},
	{"relative error of zero", []byte(strings.Replace(head, "role: fit", "role: fit\nrelative_error: {value: 0.1, assumption: a}", 1) + "  - {year: 2020, value: 0}\n"),
		[]string{"t.yaml:10: observations[0].value: is 0, so relative_error gives it no error: give sd"}},
	{"order and duplicates", withHead(
		"  - {year: 2018, value: 1, sd: 1}",
		"  - {date: 2018-01-01, value: 1, sd: 1}",
		"  - {year: 2018, value: 1, sd: 1}",
		"  - {year: 2017, value: 1, sd: 1}",
	),
		[]string{
			"t.yaml:11: observations[2].year: the same year and region as the observation at line 9",
			"t.yaml:12: observations[3].year: year 2017 comes before the previous observation's year 2018 (line 11): list observations in time order",
		}},
	{"dates need snapshot metrics, regions regional ones", lines("name: s", "description: d", "unit: people", "source: test", "margin: m", "role: check",
		"model: {metric: shelter_stay_p90_days, aggregate: year, note: n}", "observations:",
		"  - {date: 2020-01-01, value: 1, sd: 1}", "  - {year: 2020, region: Amsterdam, value: 1, sd: 1}"),
		[]string{
			"t.yaml:9: observations[0].date: shelter_stay_p90_days is counted over a year, not on a day: give year instead of date",
			"t.yaml:10: observations[1].region: shelter_stay_p90_days is national; a region is allowed only when every term is one of: ethos1, ethos2, ethos3, ethos4, ethos5, ethos6, ethos7, housed_supported, housed_unsupported, shelter_users, flows",
		}},
	{"anchors", []byte(head + "  - &a {year: 2020, value: 1, sd: 1}\n  - *a\n"),
		[]string{"t.yaml:9: YAML anchors and aliases are not supported; write each value out"}},
	{"binary", []byte(head + "\x00\x01"), []string{"t.yaml:9: control character U+0000; a series file is UTF-8 text"}},
	{"latin-1", []byte(head + "  - {year: 2020, value: 1, sd: 1} # caf\xe9\n"), []string{"t.yaml:9: invalid UTF-8; a series file is UTF-8 text"}},
	{"a tab", []byte(head + "\t- {year: 2020, value: 1, sd: 1}\n"), []string{"t.yaml:9: a tab in the indentation; YAML indents with spaces, not tabs"}},
}

func TestBroken(t *testing.T) {
	for _, c := range brokenCases {
		t.Run(c.name, func(t *testing.T) {
			s, err := observed.Parse("t.yaml", c.data)
			if err == nil {
				t.Fatalf("loads: %+v", s)
			}
			if s != nil {
				t.Errorf("returned a series along with the error")
			}
			var list scenario.ErrorList
			if !errors.As(err, &list) {
				t.Errorf("error is a %T, want a scenario.ErrorList", err)
			}
			if got, want := err.Error(), strings.Join(c.want, "\n"); got != want {
				t.Errorf("error\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	data := append([]byte(strings.Replace(head, "role: fit", "role: check\nrelative_error: {value: 0.1, assumption: a}", 1)), lines(
		"  - {year: 2018, value: 1000, low: 900, high: 1200, reference: the year 2018}",
		"  - {date: 2020-01-01, value: 2000, source: a later release}",
		"  - {date: 2021-01-01, value: 3000, sd: 100}",
	)...)
	s, err := observed.Parse("t.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if s.Role != observed.Check || s.Role.String() != "check" || s.RelativeError.Value != 0.1 || len(s.Model.Terms) != 1 || s.Model.Terms[0].Name() != "cbs_count" {
		t.Errorf("series %+v", s)
	}
	o := s.Observations
	if len(o) != 3 {
		t.Fatalf("%d observations", len(o))
	}
	const z = 1.959963984540054
	for i, w := range []struct {
		date             time.Time
		year             int
		agg, ref, source string
		low, high, sd    float64
	}{
		{time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), 2018, "mean", "the year 2018", "test", 900, 1200, 300 / (2 * z)},
		{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), 2020, "snapshot", "1 January 2020", "a later release", 2000 - z*200, 2000 + z*200, 200},
		{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), 2021, "snapshot", "1 January 2021", "test", 3000 - z*100, 3000 + z*100, 100},
	} {
		g := o[i]
		if !g.Date.Equal(w.date) || g.Year != w.year || g.Aggregate != w.agg || g.Reference != w.ref || g.Source != w.source ||
			math.Abs(g.Low-w.low) > 1e-9 || math.Abs(g.High-w.high) > 1e-9 || math.Abs(g.SD()-w.sd) > 1e-12 {
			t.Errorf("observation %d: %+v (sd %v), want %+v", i, g, g.SD(), w)
		}
	}
	if !o[0].OfYear() || o[1].OfYear() {
		t.Error("OfYear: want true for a year, false for a date")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(p, []byte(head+"  - {year: 2020, value: 1}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := observed.Load(p)
	if want := filepath.ToSlash(p) + ":9: observations[0]: give a 95% margin"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want %s...", err, want)
	}
	if _, err := observed.Load(filepath.Join(dir, "none.yaml")); err == nil || !strings.HasPrefix(err.Error(), "observed: open ") {
		t.Errorf("missing file: %v", err)
	}
	_, err = observed.LoadFS(scenarios.FS, "cbs-2025")
	if want := `observed: no shipped series "cbs-2025"; shipped: cbs, evictions-aedes,`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("unknown shipped series: %v", err)
	}
}

func withHead(ls ...string) []byte { return []byte(head + string(lines(ls...))) }
