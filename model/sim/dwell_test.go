package sim

import (
	"math"
	"testing"

	"github.com/thuis-nl/thuis/model/ethos"
)

// TestDwellIntegrals: the monthly integrals are exact. Summed over months,
// regions and profiles, PersonDays is each state's Little area (integrated
// independently, event by event, over the whole run); OccupiedDays summed
// over emergency places is ETHOS 2's, over large and small places ETHOS
// 3's. Little's areas are integrated separately, per state and over the
// whole run, so this checks the monthly cells, their boundaries and the
// start of the record after the warm-up.
func TestDwellIntegrals(t *testing.T) {
	for _, c := range []struct {
		name string
		res  *Result
	}{
		{"tandem", runChecked(t, local(t, "testdata/tandem.yaml"), 3)},
		{"closing, move-out", closingVariant(t, "move-out")},
		{"baseline", runChecked(t, shipped(t, "baseline"), 5)},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := c.res
			if res.Months() != len(res.Snapshots)-1 || res.Months() == 0 {
				t.Fatalf("Months() = %d, %d snapshots", res.Months(), len(res.Snapshots))
			}
			var states [ethos.NumStates]float64
			var kinds [3]float64
			for i := 0; i < res.Months(); i++ {
				for r := range res.Regions {
					for _, st := range ethos.All {
						for p := range res.Profiles {
							v := res.PersonDays(i, r, st, p)
							if v < -1e-6 {
								t.Fatalf("month %d region %d %v profile %d: %g person-days", i, r, st, p, v)
							}
							states[st] += v
						}
					}
					for k := range kinds {
						kinds[k] += res.OccupiedDays(i, r, k)
					}
				}
			}
			close := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
					t.Errorf("%s: %.6f, want %.6f (Little area)", what, got, want)
				}
			}
			for _, st := range ethos.All {
				close(st.String(), states[st], res.Little[st].Area)
			}
			close("emergency places", kinds[0], res.Little[ethos.EmergencyShelter].Area)
			close("large and small places", kinds[1]+kinds[2], res.Little[ethos.ResidentialShelter].Area)
			if kinds[0]+kinds[1]+kinds[2] == 0 {
				t.Errorf("nobody in shelter: the test proves nothing")
			}
		})
	}
}
