package scenario_test

import (
	"reflect"
	"strings"
	"testing"
)

// TestLevers: a choice may declare levels or a lever range; anything
// else is refused with one located message per problem.
func TestLevers(t *testing.T) {
	sc, err := loader.Parse("variant.yaml", lines(
		"name: v",
		"extends: baseline",
		"shelter:",
		`  emergency: {value: 3000, unit: places, choice: "x", levels: [2000, 3000, 4000]}`,
		`  large_scale_share: {value: 0.7, unit: share, choice: "x", lever: [0.2, 0.8]}`,
		"housing:",
		`  social_relets: {value: 8000, unit: units/year, choice: "x", lever: [6000, 12000]}`,
	))
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Shelter.Emergency.Levels; !reflect.DeepEqual(got, []float64{2000, 3000, 4000}) {
		t.Errorf("emergency levels %v", got)
	}
	if got := sc.Shelter.LargeShare.Lever; !reflect.DeepEqual(got, []float64{0.2, 0.8}) {
		t.Errorf("large-scale share lever %v", got)
	}
	if got := sc.Housing.SocialRelets.Lever; !reflect.DeepEqual(got, []float64{6000, 12000}) {
		t.Errorf("social relets lever %v", got)
	}
	for _, c := range []struct {
		name  string
		param string
		want  string
	}{
		{"an assumption", `emergency: {value: 3000, unit: places, assumption: "x", range: [1, 5000], levels: [1, 2]}`,
			"variant.yaml:4: shelter.emergency: is assumed, and only a choice declares levels or a lever range: a lever is what we do, not how the world works"},
		{"both", `emergency: {value: 3000, unit: places, choice: "x", levels: [1, 2], lever: [1, 5]}`,
			"variant.yaml:4: shelter.emergency: give levels or lever, not both"},
		{"one level", `emergency: {value: 3000, unit: places, choice: "x", levels: [1]}`,
			"variant.yaml:4: shelter.emergency.levels: must be a list of two or more numbers, got a list"},
		{"not increasing", `emergency: {value: 3000, unit: places, choice: "x", levels: [1, 3, 2]}`,
			"variant.yaml:4: shelter.emergency.levels: levels must increase; 2 follows 3"},
		{"empty range", `emergency: {value: 3000, unit: places, choice: "x", lever: [5, 5]}`,
			"variant.yaml:4: shelter.emergency.lever: [5, 5] is empty; give low < high"},
		{"reversed range", `emergency: {value: 3000, unit: places, choice: "x", lever: [5, 1]}`,
			"variant.yaml:4: shelter.emergency.lever: low 5 is above high 1"},
		{"outside the bounds", `large_scale_share: {value: 0.7, unit: share, choice: "x", lever: [0.5, 1.5]}`,
			"variant.yaml:4: shelter.large_scale_share.lever: lever bound 1.5 is not allowed: must be in [0, 1]"},
		{"a level outside the bounds", `emergency: {value: 3000, unit: places, choice: "x", levels: [-1, 2]}`,
			"variant.yaml:4: shelter.emergency.levels: level -1 is not allowed: must be in [0, 1000000]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := loader.Parse("variant.yaml", lines("name: v", "extends: baseline", "shelter:", "  "+c.param))
			if err == nil || err.Error() != c.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
		})
	}
	// A schedule of several dates, and a duration, have no lever.
	_, err = loader.Parse("variant.yaml", lines(
		"name: v",
		"extends: baseline",
		"housing:",
		`  social_new_build: {unit: units/year, choice: "x", schedule: {2021-01-01: 100, 2025-01-01: 200}, lever: [1, 2]}`,
		"moves:",
		"  ethos1:",
		`    stay: {dist: exponential, mean: 3, unit: months, choice: "x", levels: [1, 2]}`,
	))
	want := []string{
		"variant.yaml:4: housing.social_new_build: levels and lever apply to a constant value; give value: instead of schedule:",
		"variant.yaml:7: moves.ethos1.stay.levels: unknown field; allowed: alpha, assumption, beta, calibrate, calibrated, choice, dist, max, mean, min, mode, sample, scale, sd, source, unit, value",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("got\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}
