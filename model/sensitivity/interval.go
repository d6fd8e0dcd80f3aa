// This file implements the bootstrap percentile intervals that the Morris
// and Saltelli analyses share (doc.go, "Confidence intervals").

package sensitivity

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Interval is a confidence interval [Low, High]. Both are NaN when no
// interval was computed.
type Interval struct {
	Low, High float64
}

// Width returns High − Low: how precisely the estimate is known.
func (iv Interval) Width() float64 { return iv.High - iv.Low }

// Contains reports whether x lies in the interval, ends included.
func (iv Interval) Contains(x float64) bool { return iv.Low <= x && x <= iv.High }

// CoversZero reports whether the interval contains 0: at this sample size
// the estimate cannot be told from no effect. A negative sensitivity index
// with such an interval is numerical noise around 0, not a negative share
// of variance, which does not exist.
func (iv Interval) CoversZero() bool { return iv.Contains(0) }

// noInterval is the interval of an analysis without a random source.
var noInterval = Interval{math.NaN(), math.NaN()}

// percentile returns the two-sided percentile interval at confidence c of
// the bootstrap replicates xs (Efron and Tibshirani 1993, ch. 13), the
// empirical (1−c)/2 and (1+c)/2 quantiles. It sorts xs.
func percentile(xs []float64, c float64) Interval {
	sort.Float64s(xs)
	return Interval{
		Low:  stat.Quantile((1-c)/2, stat.Empirical, xs, nil),
		High: stat.Quantile((1+c)/2, stat.Empirical, xs, nil),
	}
}

// Defaults of the bootstrap.
const (
	defaultResamples  = 1000
	defaultConfidence = 0.95
)

// bootstrapSettings returns the number of resamples and the confidence
// level, zero meaning the defaults.
func bootstrapSettings(resamples int, confidence float64) (int, float64, error) {
	if resamples < 0 {
		return 0, 0, fmt.Errorf("sensitivity: %d bootstrap resamples; want 0 (the default, %d) or more", resamples, defaultResamples)
	}
	if resamples == 0 {
		resamples = defaultResamples
	}
	if confidence < 0 || confidence >= 1 || math.IsNaN(confidence) {
		return 0, 0, fmt.Errorf("sensitivity: confidence level %g; want 0 (the default, %g) or a level in (0, 1)", confidence, defaultConfidence)
	}
	if confidence == 0 {
		confidence = defaultConfidence
	}
	return resamples, confidence, nil
}
