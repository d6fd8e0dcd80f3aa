package figure

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// Observation is an observed value with its margin, such as a CBS
// estimate of homeless people with its 95% interval.
type Observation struct {
	Date      time.Time
	Value     float64
	Low, High float64 // the margin; both Value if the file gives none
	Reference string  // what the date stands for ("year 2015", "1 January 2021")
}

type observedFile struct {
	Name         string      `yaml:"name"`
	Unit         string      `yaml:"unit"`
	Source       string      `yaml:"source"`
	Observations []yaml.Node `yaml:"observations"`
}

var knownFields = map[string]bool{"date": true, "value": true, "low": true, "high": true, "reference": true}

type observedRow struct {
	Date      string   `yaml:"date"`
	Value     *float64 `yaml:"value"`
	Low       *float64 `yaml:"low"`
	High      *float64 `yaml:"high"`
	Reference string   `yaml:"reference"`
}

// LoadObservations reads a file of observations (scenarios/observed/cbs.yaml:
// name, unit, source and a list of date, value, low, high, reference),
// strictly: unknown fields, a missing date or value, a margin that does
// not contain the value and dates out of order are errors naming the
// line.
func LoadObservations(data []byte) ([]Observation, error) {
	var f observedFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("observations: %w", err)
	}
	var out []Observation
	var errs []error
	for _, n := range f.Observations {
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("observations line %d: %s", n.Line, fmt.Sprintf(format, args...)))
		}
		if n.Kind != yaml.MappingNode {
			fail("want a mapping of date, value, low, high, reference")
			continue
		}
		unknown := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i].Value; !knownFields[k] {
				fail("unknown field %q (allowed: date, value, low, high, reference)", k)
				unknown = true
			}
		}
		if unknown {
			continue
		}
		var r observedRow
		if err := n.Decode(&r); err != nil {
			fail("%v", err)
			continue
		}
		d, err := time.Parse(time.DateOnly, r.Date)
		if err != nil {
			fail("date %q: want YYYY-MM-DD", r.Date)
			continue
		}
		if r.Value == nil {
			fail("no value")
			continue
		}
		o := Observation{Date: d, Value: *r.Value, Low: *r.Value, High: *r.Value, Reference: r.Reference}
		if (r.Low == nil) != (r.High == nil) {
			fail("give both low and high, or neither")
			continue
		}
		if r.Low != nil {
			o.Low, o.High = *r.Low, *r.High
			if !(o.Low <= o.Value && o.Value <= o.High) {
				fail("value %v outside its margin [%v, %v]", o.Value, o.Low, o.High)
				continue
			}
		}
		if len(out) > 0 && !out[len(out)-1].Date.Before(d) {
			fail("date %s not after %s", r.Date, out[len(out)-1].Date.Format(time.DateOnly))
		}
		out = append(out, o)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
