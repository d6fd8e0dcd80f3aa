package scenario_test

import (
	"errors"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
)

// FuzzParse feeds Loader.Parse arbitrary bytes. It must never panic; an
// error must say something; a scenario it returns must list its
// parameters, each with a unit and a status.
//
// Run: go test ./model/scenario -run XXX -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, name := range loader.ShippedNames() {
		f.Add(mustShipped(name + ".yaml"))
	}
	f.Add(mustShipped("regions/centrumgemeenten-43.yaml"))
	for _, c := range brokenCases {
		f.Add(c.data)
	}
	for _, c := range limitCases {
		f.Add(c.data)
	}
	f.Add(lines("name: v", "extends: baseline", "shelter:", "  closure: move-out", "  closure: when-empty"))
	f.Add(lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:", "    - {kind: large, regions: rest, factor: {unit: factor, choice: x, value: 0}}"))
	f.Add(lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules:", "    - {name: small-rebuild, remove: true}", "    - {name: large-rest-by-2030, regions: [Amsterdam]}"))
	f.Add(lines("name: v", "extends: eerst-een-thuis", "shelter:", "  schedules: !replace []"))
	f.Add(lines("name: v", "extends: eerst-een-thuis", "housing:", "  programme:", "    clustered: {unit: units/year, choice: x, value: 4.000}"))
	f.Add(lines("name: v", "extends: baseline", "support:", "  capacity: {value: 100, unit: people, choice: x}"))
	f.Add([]byte("name: v\nextends: baseline\nmoves:\n  ethos3:\n    stay: {dist: normal, mean: 6, sd: 2, unit: months, source: x}\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := loader.Parse("fuzz.yaml", data)
		if err != nil {
			if s != nil {
				t.Errorf("returned a scenario along with error %q", err)
			}
			if err.Error() == "" {
				t.Fatalf("empty error text (%T)", err)
			}
			var list scenario.ErrorList
			if errors.As(err, &list) {
				if len(list) == 0 {
					t.Fatal("empty ErrorList returned as an error")
				}
				for _, e := range list {
					if e == nil || e.File == "" || e.Msg == "" {
						t.Fatalf("error without a file or message in %q", err)
					}
				}
			}
			return
		}
		if s == nil {
			t.Fatal("nil scenario and nil error")
		}
		for i, p := range s.Params() {
			if p == nil {
				t.Fatalf("parameter %d is nil", i)
			}
			m := p.Info()
			if m == nil || m.Unit == "" || m.Status == "" {
				t.Fatalf("parameter %d (%+v) lacks a unit or status", i, m)
			}
			_ = p.Describe()
			if sch, ok := p.(*scenario.Schedule); ok {
				_ = sch.At(s.Start)
				_ = sch.Integral(s.Start, s.End)
			}
		}
	})
}
