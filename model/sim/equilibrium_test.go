package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/thuis-nl/thuis/model/ethos"
)

// TestEquilibriumStart: in a stationary system with non-exponential stays,
// the people present at the start draw the remaining part of a stay under
// way, so neither the stock nor the outflow jumps or dips at the start. A
// stream of 12,000 a year enters ETHOS 6 and leaves after a triangular or
// lognormal stay; the start stock is λ·mean. Month by month over the first
// year, the mean stock and outflow over replications stay within 4
// standard errors of λ·mean and of the inflow, and of a run that settled
// in a five-year warm-up. (Fresh full stays for the people present would
// drain almost nobody in the first month of a triangular(0, 6, 8) stay:
// a dip of over 70% that this test fails on.)
func TestEquilibriumStart(t *testing.T) {
	const lambda = 12000.0 // a year
	for _, c := range []struct {
		name, stay string
		mean       float64 // months
	}{
		{"triangular", "{dist: triangular, min: 0, mode: 6, max: 8, unit: months, choice: c}", 14.0 / 3},
		{"lognormal", "{dist: lognormal, mean: 5, sd: 6, unit: months, choice: c}", 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			stock := math.Round(lambda / 12 * c.mean)
			base := fmt.Sprintf(`
name: stationary
description: "a stationary stream through ETHOS 6"
extends: mmc
end: 2022-01-01
population:
  ethos6: {value: %g, unit: people, choice: "lambda times the mean stay"}
inflow:
  arrivals:
    into: homeless
    rate: {value: %g, unit: people/year, choice: "lambda"}
    prevented: {value: 0, unit: share, choice: "none"}
entry:
  shares: {ethos6: 1}
  unit: share
  choice: "all to ETHOS 6"
moves:
  ethos6:
    stay: %s
    to: {shares: {exit: 1}, unit: share, choice: "leave"}
`, stock, lambda, c.stay)
			cold := variant(t, base)
			warm := variant(t, base+"warmup: {value: 5, unit: years, choice: \"settle\"}\n")
			const reps = 24
			var coldStock, warmStock, coldOut, warmOut [12][]float64
			for i := 0; i < reps; i++ {
				for _, run := range []struct {
					res        *Result
					stock, out *[12][]float64
				}{
					{runChecked(t, cold, uint64(100+i)), &coldStock, &coldOut},
					{runChecked(t, warm, uint64(500+i)), &warmStock, &warmOut},
				} {
					for mo := 0; mo < 12; mo++ {
						s := run.res.Snapshots[mo+1]
						run.stock[mo] = append(run.stock[mo], StockTotal(run.res, &s, ethos.FamilyFriends))
						run.out[mo] = append(run.out[mo], float64(flowTotalMonth(run.res, "exit_from.ethos6", mo)))
					}
				}
			}
			for mo := 0; mo < 12; mo++ {
				days := float64(cold.Start.AddDate(0, mo+1, 0).Sub(cold.Start.AddDate(0, mo, 0)).Hours() / 24)
				wantOut := lambda / 365.25 * days
				for _, x := range []struct {
					what       string
					cold, warm []float64
					want       float64
				}{
					{"stock", coldStock[mo], warmStock[mo], stock},
					{"outflow", coldOut[mo], warmOut[mo], wantOut},
				} {
					m, se := meanSE(x.cold)
					wm, wse := meanSE(x.warm)
					if math.Abs(m-x.want) > 4*se+0.005*x.want {
						t.Errorf("month %d %s: %.0f ± %.0f, want %.0f (stationary)", mo+1, x.what, m, se, x.want)
					}
					if math.Abs(m-wm) > 4*math.Hypot(se, wse) {
						t.Errorf("month %d %s: %.0f ± %.0f from the start, %.0f ± %.0f after a warm-up", mo+1, x.what, m, se, wm, wse)
					}
				}
			}
		})
	}
}

// StockTotal is the national number of people in st at snapshot s.
func StockTotal(r *Result, s *Snapshot, st ethos.State) float64 {
	S, P := int(ethos.NumStates), len(r.Profiles)
	var n float64
	for reg := range r.Regions {
		for p := 0; p < P; p++ {
			n += float64(s.Stock[(reg*S+int(st))*P+p])
		}
	}
	return n
}

func flowTotalMonth(r *Result, name string, month int) int64 {
	R, F := len(r.Regions), len(r.FlowNames)
	for f, n := range r.FlowNames {
		if n == name {
			var sum int64
			for reg := 0; reg < R; reg++ {
				sum += int64(r.Flows[(month*R+reg)*F+f])
			}
			return sum
		}
	}
	panic("no flow " + name)
}
