// This file implements the judgement of the plan's key assumptions
// (doc.go, "The key assumptions, and how each is judged").

package review

import (
	"math"

	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/scenario"
)

// Assumptions are the keys of the plan's key assumptions, in page order.
var Assumptions = []string{"afbouw", "prevention", "homes", "urgency"}

// judge judges every key assumption from the review's targets and the
// paired runs of the baseline and the scenario in the judging year.
func judge(rv *Review, sc *scenario.Scenario, base, alt []*perRun, year int) []AssumptionReview {
	prob := rv.Prob
	byMetric := func(metric string) []TargetReview {
		var out []TargetReview
		for _, t := range rv.Targets {
			if t.Target.Metric == metric {
				out = append(out, t)
			}
		}
		return out
	}
	probs := func(ts []TargetReview) []Figure {
		var out []Figure
		for _, t := range ts {
			out = append(out, Figure{Key: "p:" + t.Target.ID, Unit: "share", Value: t.Probability, Low: t.Low, High: t.High})
		}
		return out
	}
	// all and none: every target of ts is on track, or none is even
	// likely by 1 − prob.
	all := func(ts []TargetReview) bool {
		for _, t := range ts {
			if t.Probability < prob {
				return false
			}
		}
		return len(ts) > 0
	}
	none := func(ts []TargetReview) bool {
		for _, t := range ts {
			if t.Probability >= 1-prob {
				return false
			}
		}
		return len(ts) > 0
	}
	// verdict: supported when every target ts is on track, not when none
	// is, uncertain between, and not judged without targets.
	verdict := func(ts []TargetReview) Verdict {
		switch {
		case len(ts) == 0:
			return CannotJudge
		case all(ts):
			return Supported
		case none(ts):
			return NotSupported
		}
		return Uncertain
	}
	paired := func(f func(*perRun) float64) costs.Band {
		d := make([]float64, len(alt))
		for i := range alt {
			d[i] = f(alt[i]) - f(base[i])
		}
		return costs.BandOf(d)
	}
	relative := func(f func(*perRun) float64) (costs.Band, bool) {
		var d []float64
		for i := range alt {
			if b := f(base[i]); b > 0 {
				d = append(d, f(alt[i])/b-1)
			}
		}
		return costs.BandOf(d), len(d) > 0
	}
	band := func(key, unit string, b costs.Band) Figure {
		return Figure{Key: key, Unit: unit, Value: b.Median, Low: b.Low, High: b.High, Band: true}
	}
	var out []AssumptionReview

	// Afbouw keeps pace with housing: places close on schedule, without
	// more people on the street for lack of shelter than in the baseline.
	{
		afbouw := byMetric("regions_without_large_scale_share")
		lack := paired(func(p *perRun) float64 { return p.lack })
		a := AssumptionReview{Key: "afbouw", Figures: append(probs(afbouw), band("lack_diff", "people", lack))}
		switch {
		case len(afbouw) == 0:
			a.Verdict = CannotJudge
		case all(afbouw) && lack.Median <= 0:
			a.Verdict = Supported
		case none(afbouw) || lack.Low > 0:
			a.Verdict = NotSupported
		default:
			a.Verdict = Uncertain
		}
		out = append(out, a)
	}

	// Prevention reduces inflow as planned: the model takes the shares
	// prevented as given; it judges what they achieve.
	{
		prev := byMetric("became_homeless_share")
		a := AssumptionReview{Key: "prevention", Conditional: true, Figures: probs(prev)}
		if b, ok := relative(func(p *perRun) float64 { return p.became }); ok {
			a.Figures = append(a.Figures, band("became_change", "share", b))
		}
		a.Verdict = verdict(prev)
		out = append(out, a)
	}

	// 250,000 social homes suffice: for functional zero by the plan's
	// end, with the homes built as planned (an input).
	{
		zero := byMetric("functional_zero_ratio")
		a := AssumptionReview{Key: "homes", Conditional: true, Figures: append(probs(byMetric("social_homes_built")), probs(zero)...)}
		if b, ok := relative(func(p *perRun) float64 { return p.homeless }); ok {
			a.Figures = append(a.Figures, band("homeless_change", "share", b))
		}
		a.Verdict = verdict(zero)
		out = append(out, a)
	}

	// Urgency in every municipality: the model has regions, not
	// municipalities, and urgency as a national share of lettings.
	{
		a := AssumptionReview{Key: "urgency", Verdict: CannotJudge}
		if v := shareAt(sc, "housing.homeless_share", year); !math.IsNaN(v) {
			a.Figures = append(a.Figures, Figure{Key: "homeless_share", Unit: "share", Value: v, Low: v, High: v})
		}
		out = append(out, a)
	}
	return out
}
