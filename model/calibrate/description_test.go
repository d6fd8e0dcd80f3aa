package calibrate

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestCalibratedDescription: the calibrated scenario describes itself in
// the languages its parent does: per language when the parent gives its
// description so, as one text otherwise.
func TestCalibratedDescription(t *testing.T) {
	sc, p := splitProblem(t)
	ln := math.Log
	res := &Result{Posterior: Posterior{Params: []string{"inflow.arrivals.rate", "moves.ethos6.to.exit.log_weight", "moves.ethos6.to.ethos1.log_weight", "moves.ethos6.to.ethos5.log_weight"},
		Weights: []float64{1}, Particles: [][]float64{{1500, ln(2), 0, 0}}}, Targets: p.Targets, Replicates: [][]float64{{705}}}
	when := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

	sc.Description, sc.Descriptions = "A test.", nil
	text, _ := p.CalibratedScenario(res, "split-calibrated", "split", "split-calibrated.posterior.csv", Method, when)
	if want := "\ndescription: \"A test, calibrated: obs 2022-2022\"\n"; !strings.Contains(text, want) {
		t.Errorf("plain description: want %q in\n%s", want, text)
	}

	sc.Description, sc.Descriptions = "A test.", map[string]string{"nl": "Een test.", "en": "A test."}
	text, _ = p.CalibratedScenario(res, "split-calibrated", "split", "split-calibrated.posterior.csv", Method, when)
	if want := "\ndescription:\n  nl: \"Een test, gekalibreerd op obs 2022-2022\"\n  en: \"A test, calibrated: obs 2022-2022\"\n"; !strings.Contains(text, want) {
		t.Errorf("description per language: want %q in\n%s", want, text)
	}
}
