package scenario_test

import (
	"math"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
)

// schedulesByName indexes a scenario's capacity schedules by name.
func schedulesByName(t *testing.T, s *scenario.Scenario) map[string]scenario.CapacitySchedule {
	t.Helper()
	out := map[string]scenario.CapacitySchedule{}
	for _, cs := range s.Shelter.Schedules {
		out[cs.Name] = cs
	}
	return out
}

// The analyst's example: a variant that changes only the first afbouw
// schedule keeps the closure of the other 21 regions and the small-scale
// rebuild. Before lists merged by name, it silently dropped them and
// 3,711 large-scale places stayed open in 2030.
func TestVariantChangesOneNamedSchedule(t *testing.T) {
	plan := mustLoad(t, "eerst-een-thuis")
	v := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"shelter:",
		"  schedules:",
		"    - name: large-first-22-by-2025",
		"      factor: {unit: factor, choice: \"the first 22 regions close by 2027\", schedule: {2023-01-01: 1, 2027-01-01: 0}}",
	))
	if len(v.Shelter.Schedules) != len(plan.Shelter.Schedules) {
		t.Fatalf("%d schedules, want the plan's %d", len(v.Shelter.Schedules), len(plan.Shelter.Schedules))
	}
	for i, cs := range v.Shelter.Schedules {
		if cs.Name != plan.Shelter.Schedules[i].Name {
			t.Errorf("schedule %d is %q, want %q in the plan's order", i, cs.Name, plan.Shelter.Schedules[i].Name)
		}
	}
	got, want := schedulesByName(t, v), schedulesByName(t, plan)
	first := got["large-first-22-by-2025"]
	if first.Kind != scenario.KindLarge || len(first.Regions) != 22 || first.Regions[0] != "Alkmaar" {
		t.Errorf("the changed schedule lost its kind or regions: %s, %d regions", first.Kind, len(first.Regions))
	}
	if f := first.Factor.At(date("2025-01-01")); math.Abs(f-0.5) > 1e-3 {
		t.Errorf("changed schedule in 2025: factor %g, want 0.5 (halfway from 2023 to 2027)", f)
	}
	if first.Factor.Note != "the first 22 regions close by 2027" || first.Factor.File != "variant.yaml" {
		t.Errorf("changed factor carries %q from %s", first.Factor.Note, first.Factor.File)
	}
	for _, name := range []string{"large-rest-by-2030", "small-rebuild"} {
		g, w := got[name], want[name]
		if g.Kind != w.Kind || strings.Join(g.Regions, ",") != strings.Join(w.Regions, ",") || g.Factor.Describe() != w.Factor.Describe() {
			t.Errorf("%s: got %s %v %s, want the plan's %s %v %s", name, g.Kind, g.Regions, g.Factor.Describe(), w.Kind, w.Regions, w.Factor.Describe())
		}
	}
	// Every region's large-scale places still close by 2030.
	closed := map[string]bool{}
	for _, cs := range v.Shelter.Schedules {
		if cs.Kind == scenario.KindLarge && cs.Factor.At(date("2030-01-01")) == 0 {
			for _, r := range cs.Regions {
				closed[r] = true
			}
		}
	}
	if len(closed) != 43 {
		t.Errorf("%d of 43 regions have no large-scale places in 2030", len(closed))
	}
}

func TestVariantAddsAndRemovesNamedItems(t *testing.T) {
	v := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"shelter:",
		"  schedules:",
		"    - {name: small-rebuild, remove: true}",
		"    - name: more-night-shelter",
		"      kind: emergency",
		"      regions: all",
		"      factor: {unit: factor, choice: x, value: 2}",
	))
	var names []string
	for _, cs := range v.Shelter.Schedules {
		names = append(names, cs.Name)
	}
	if got := strings.Join(names, " "); got != "large-first-22-by-2025 large-rest-by-2030 more-night-shelter" {
		t.Errorf("schedules %s", got)
	}

	none := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"shelter:",
		"  schedules: !replace []",
	))
	if len(none.Shelter.Schedules) != 0 {
		t.Errorf("schedules: !replace [] left %d schedules", len(none.Shelter.Schedules))
	}
	one := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"shelter:",
		"  schedules: !replace",
		"    - kind: emergency",
		"      regions: all",
		"      factor: {unit: factor, choice: x, value: 2}",
	))
	if len(one.Shelter.Schedules) != 1 || one.Shelter.Schedules[0].Kind != scenario.KindEmergency || len(one.Shelter.Schedules[0].Regions) != 43 {
		t.Errorf("!replace: schedules %+v, want the one emergency schedule for all 43 regions", one.Shelter.Schedules)
	}
}

// A variant's list never silently drops its parent's items.
func TestVariantListErrors(t *testing.T) {
	const parent = "the parent has: large-first-22-by-2025, large-rest-by-2030, small-rebuild"
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"an item without a name", lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:",
			"    - kind: large", "      regions: all", "      factor: {unit: factor, choice: x, value: 0}"),
			`variant.yaml:5: shelter.schedules[0]: needs a name: in a variant an item changes the parent's item of that name or adds a new one (` + parent + `); to replace the whole list write "schedules: !replace"`},
		{"an empty list", lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules: []"),
			`variant.yaml:4: shelter.schedules: an empty list changes nothing in a variant: items merge with the parent's by name (` + parent + `); to remove one list {name: NAME, remove: true}, to remove all write "schedules: !replace []"`},
		{"removing an unknown item", lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:", "    - {name: large-everywhere, remove: true}"),
			`variant.yaml:5: shelter.schedules[0].name: no item "large-everywhere" to remove; ` + parent},
		{"remove: false", lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:", "    - {name: small-rebuild, remove: false}"),
			`variant.yaml:5: shelter.schedules[0].remove: must be true (to remove the parent's item "small-rebuild"), got "false"; to keep it, leave remove out`},
		{"removing and changing", lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:", "    - {name: small-rebuild, remove: true, kind: large}"),
			`variant.yaml:5: shelter.schedules[0]: an item to remove has only name and remove: true; to change item "small-rebuild" instead, leave remove out`},
		{"two items of one name", lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:",
			"    - {name: small-rebuild, kind: small}", "    - {name: small-rebuild, kind: large}"),
			`variant.yaml:6: shelter.schedules[1].name: duplicate name "small-rebuild" (first at line 5); each item of a list has its own name`},
		{"a name with spaces", lines("name: v", "extends: history", "shelter:", "  schedules:",
			"    - {name: large everywhere, kind: large, regions: all, factor: {unit: factor, choice: x, value: 0}}"),
			`variant.yaml:5: shelter.schedules[0].name: "large everywhere": an item name may hold only letters, digits, - and _ (a variant refers to the item by it)`},
		{"remove without a parent's item", lines("name: v", "extends: history", "shelter:", "  schedules:",
			"    - {name: x, remove: true, kind: large, regions: all, factor: {unit: factor, choice: x, value: 0}}"),
			`variant.yaml:5: shelter.schedules[0].remove: only a variant removes an item, one its parent has (this list has no parent's list to remove it from)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loader.Parse("variant.yaml", c.data)
			if err == nil || err.Error() != c.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
		})
	}
}

// A variant of a variant: the grandchild changes one field of an item the
// child changed, and keeps the rest of both.
func TestNamedItemsMergeThroughTheChain(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/later.yaml", lines(
		"name: later",
		"extends: eerst-een-thuis",
		"shelter:",
		"  schedules:",
		"    - name: large-rest-by-2030",
		"      factor: {unit: factor, choice: later, schedule: {2023-01-01: 1, 2032-01-01: 0}}",
	))
	write(t, dir+"/fewer.yaml", lines(
		"name: fewer",
		"extends: later",
		"shelter:",
		"  schedules:",
		"    - name: large-rest-by-2030",
		"      regions: [Amsterdam, Rotterdam]",
	))
	s, err := loader.Load(dir + "/fewer.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rest := schedulesByName(t, s)["large-rest-by-2030"]
	if strings.Join(rest.Regions, ",") != "Amsterdam,Rotterdam" || rest.Factor.Note != "later" || len(s.Shelter.Schedules) != 3 {
		t.Errorf("large-rest-by-2030: regions %v, factor %q; %d schedules", rest.Regions, rest.Factor.Note, len(s.Shelter.Schedules))
	}
}

// A Dutch "4.000" (four thousand) is refused where a count is meant;
// decimals of shares, factors and durations keep working.
func TestAmbiguousNumbers(t *testing.T) {
	refused := []struct {
		name, line, want string
	}{
		{"programme homes", "    clustered: {unit: units/year, choice: x, schedule: {2023-01-01: 500, 2025-01-01: 4.000}}",
			"variant.yaml:5: housing.programme.clustered.schedule.2025-01-01: 4.000 is ambiguous: write 4000 if the dot separates thousands (Dutch notation), or 4.0 if it is a decimal point"},
		{"a constant", "    clustered: {unit: units/year, choice: x, value: 1.500}",
			"variant.yaml:5: housing.programme.clustered.value: 1.500 is ambiguous: write 1500 if the dot separates thousands (Dutch notation), or 1.5 if it is a decimal point"},
		{"a range bound", "    clustered: {unit: units/year, assumption: x, value: 500, range: [200, 1.000]}",
			"variant.yaml:5: housing.programme.clustered.range: 1.000 is ambiguous: write 1000 if the dot separates thousands (Dutch notation), or 1.0 if it is a decimal point"},
		{"a lever level", "    clustered: {unit: units/year, choice: x, value: 500, levels: [500, 2.000]}",
			"variant.yaml:5: housing.programme.clustered.levels: 2.000 is ambiguous: write 2000 if the dot separates thousands (Dutch notation), or 2.0 if it is a decimal point"},
		{"millions", "    clustered: {unit: units/year, choice: x, value: 1.000.000}",
			`variant.yaml:5: housing.programme.clustered.value: must be a number, got "1.000.000": write numbers without thousands separators and with a decimal point, e.g. 4000 for four thousand, 4.5 for four and a half`},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			_, err := loader.Parse("variant.yaml", lines("name: v", "extends: eerst-een-thuis", "housing:", "  programme:", c.line))
			if err == nil || err.Error() != c.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
		})
	}
	// Real decimals: a share, a scale factor on a count schedule, a
	// duration, and a count written 4000.0.
	s := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"housing:",
		"  homeless_share: {value: 0.125, unit: share, choice: x}",
		"  programme:",
		"    clustered: {unit: units/year, assumption: x, schedule: {2023-01-01: 500, 2025-01-01: 4000.0}, scale: [0.5, 1.250]}",
		"cbs:",
		"  short_stay: {value: 106.293, unit: days, assumption: x, range: [30, 180]}",
	))
	if got := s.Housing.Programme[0].Units.At(date("2026-01-01")); got != 4000 {
		t.Errorf("clustered in 2026: %g, want 4000", got)
	}
	if s.Housing.HomelessShare.At(date("2026-01-01")) != 0.125 || s.CBS.ShortStay.Value != 106.293 {
		t.Errorf("decimals lost: share %g, short stay %g", s.Housing.HomelessShare.At(date("2026-01-01")), s.CBS.ShortStay.Value)
	}
}
