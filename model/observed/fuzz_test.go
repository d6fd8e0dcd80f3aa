package observed_test

import (
	"errors"
	"math"
	"testing"

	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// FuzzParse feeds Parse arbitrary bytes. It must never panic; an error
// must be a non-empty scenario.ErrorList whose entries name the file; a
// series it returns must have a model, observations in time order, and a
// positive, finite SD inside a margin that holds the value.
//
// Run: go test ./model/observed -run XXX -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, name := range observed.Names(scenarios.FS) {
		data, err := scenarios.FS.ReadFile(observed.Dir + "/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, c := range brokenCases {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := observed.Parse("fuzz.yaml", data)
		if err != nil {
			if s != nil {
				t.Errorf("returned a series along with error %q", err)
			}
			var list scenario.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %q (%T) is not a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.File != "fuzz.yaml" || e.Msg == "" {
					t.Errorf("error without file or message: %+v", e)
				}
			}
			return
		}
		if len(s.Model.Terms) == 0 || s.Model.Note == "" || len(s.Observations) == 0 || (s.Role != observed.Fit && s.Role != observed.Check) {
			t.Fatalf("incomplete series: %+v", s)
		}
		for i, o := range s.Observations {
			sd := o.SD()
			if !(sd > 0) || math.IsInf(sd, 0) || !(o.Low <= o.Value && o.Value <= o.High) {
				t.Errorf("observation %d: value %v, margin [%v, %v], sd %v", i, o.Value, o.Low, o.High, sd)
			}
			if i > 0 && o.Date.Before(s.Observations[i-1].Date) {
				t.Errorf("observation %d out of order", i)
			}
		}
	})
}
