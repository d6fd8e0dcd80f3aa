package sim

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/thuis-nl/thuis/model/ethos"
)

// erlangC returns the probability that an arrival waits in an M/M/c queue
// with offered load a = λ/μ (a < c).
func erlangC(c int, a float64) float64 {
	// Sum a^k/k! stably.
	term, sum := 1.0, 1.0
	for k := 1; k < c; k++ {
		term *= a / float64(k)
		sum += term
	}
	last := term * a / float64(c) // a^c/c!
	rho := a / float64(c)
	top := last / (1 - rho)
	return top / (sum + top)
}

func TestErlangC(t *testing.T) {
	// Known values: c=1 is M/M/1, P(wait) = ρ; c=2, a=1: 1/3.
	if got := erlangC(1, 0.7); math.Abs(got-0.7) > 1e-12 {
		t.Errorf("erlangC(1, 0.7) = %v, want 0.7", got)
	}
	if got := erlangC(2, 1); math.Abs(got-1.0/3) > 1e-12 {
		t.Errorf("erlangC(2, 1) = %v, want 1/3", got)
	}
}

// TestMMc: shelter with c places, Poisson arrivals and exponential stays is
// an M/M/c queue; the mean wait for a place, the probability of waiting and
// the mean queue (rough sleepers waiting) match Erlang C.
//
// The tolerance comes from the simulation itself: waits near ρ = 0.88 are
// strongly autocorrelated, so one long run says little about its own
// error. We run independent replications (40 years, ~40,000 people each)
// and require the theoretical value within 4 standard errors of their
// mean, and that standard error below 10% of the value, so the test can
// tell a wrong queue from noise.
func TestMMc(t *testing.T) {
	sc := local(t, "testdata/mmc.yaml")
	const (
		lambda = 1000 / 365.25 // per day
		mu     = 1 / (365.25 / 12)
		c      = 95
		reps   = 24
	)
	a := lambda / mu
	pw := erlangC(c, a)
	wq := pw / (c*mu - lambda) // days
	lq := lambda * wq
	var waits, pwait, queues []float64
	people := int64(0)
	for seed := uint64(1); seed <= reps; seed++ {
		res, err := Run(context.Background(), sc, seed)
		if err != nil {
			t.Fatal(err)
		}
		w := res.ShelterWait
		waits = append(waits, w.Mean())
		pwait = append(pwait, 1-float64(w.Zeros)/float64(w.N))
		l := res.Little[ethos.PublicSpace]
		queues = append(queues, l.Area/l.Horizon)
		people += res.People
	}
	for _, c := range []struct {
		name   string
		xs     []float64
		theory float64
	}{{"mean wait (days)", waits, wq}, {"P(wait)", pwait, pw}, {"mean queue", queues, lq}} {
		m, se := meanSE(c.xs)
		t.Logf("M/M/%d, a=%.1f: %s %.4f ± %.4f, Erlang C %.4f", 95, a, c.name, m, se, c.theory)
		if se > 0.1*c.theory {
			t.Errorf("%s: standard error %.4f too large to test against %.4f", c.name, se, c.theory)
		}
		if math.Abs(m-c.theory) > 4*se {
			t.Errorf("%s: %.4f ± %.4f, Erlang C %.4f: off by %.1f standard errors", c.name, m, se, c.theory, math.Abs(m-c.theory)/se)
		}
	}
	t.Logf("%d people in %d replications", people, reps)
}

// meanSE returns the mean and its standard error.
func meanSE(xs []float64) (float64, float64) {
	m := mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	n := float64(len(xs))
	return m, math.Sqrt(ss / (n - 1) / n)
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// littleGap returns |L - λW| / L for one state, and the tolerance its edge
// effects allow. People in the state at the start (Initial = Final − Entered
// + Left, by conservation) left without having entered in the run, and
// people still in it at the end entered without leaving; W is their mean
// time in the state within the run. Then L − λW = (Sojourn·(Initial −
// Final)/Left + the finals' time)/Horizon, so the gap is bounded by about
// (Initial + Final)/Entered, plus slack for the randomness of W.
func littleGap(l LittleStats, slack float64) (L, lw, gap, tol float64) {
	L = l.Area / l.Horizon
	lw = float64(l.Entered) / l.Horizon * l.Sojourn / float64(l.Left)
	initial := l.Final - l.Entered + l.Left
	return L, lw, math.Abs(L-lw) / L, slack + float64(initial+l.Final)/float64(l.Entered)
}

// TestLittlesLaw: for every stock, the mean number present L equals the
// entry rate λ times the mean time spent W, up to edge effects.
func TestLittlesLaw(t *testing.T) {
	res := runChecked(t, local(t, "testdata/mmc.yaml"), 11)
	checked := 0
	for _, st := range ethos.All {
		if res.Little[st].Left < 1000 {
			continue // nobody leaves exit; unused states
		}
		if L, lw, gap, tol := littleGap(res.Little[st], 0.01); gap > tol {
			t.Errorf("%v: L = %.3f, λW = %.3f (relative gap %.4f > %.4f)", st, L, lw, gap, tol)
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("only %d stocks checked", checked)
	}
}

// TestLittlesLawNational checks the street, shelter, couch and at-risk
// stocks of the baseline, where people present at the start make up part
// of the stock.
func TestLittlesLawNational(t *testing.T) {
	res := runChecked(t, shipped(t, "baseline"), 5)
	for _, st := range []ethos.State{ethos.PublicSpace, ethos.EmergencyShelter, ethos.NonConventional, ethos.FamilyFriends, ethos.FacingEviction} {
		L, lw, gap, tol := littleGap(res.Little[st], 0.01)
		t.Logf("%v: L = %.1f, λW = %.1f, relative gap %.4f, tolerance %.4f", st, L, lw, gap, tol)
		if gap > tol {
			t.Errorf("%v: L = %.1f, λW = %.1f (relative gap %.4f > %.4f)", st, L, lw, gap, tol)
		}
	}
}

// closingVariant returns the closing test scenario with a closure mode and
// the large-scale places closed on 1 February 2021.
func closingVariant(t *testing.T, closure string) *Result {
	return runChecked(t, variant(t, `
name: closing-variant
extends: closing
shelter:
  closure: `+closure+`
  schedules:
    - kind: large
      regions: all
      factor: {unit: factor, choice: "close all", schedule: {2021-01-15: 1, 2021-02-01: 0}, interpolation: step}
`), 1)
}

func flowTotal(r *Result, name string) int64 {
	R, F := len(r.Regions), len(r.FlowNames)
	var n int64
	for f, fn := range r.FlowNames {
		if fn != name {
			continue
		}
		for m := 0; m+1 < len(r.Snapshots); m++ {
			for reg := 0; reg < R; reg++ {
				n += int64(r.Flows[(m*R+reg)*F+f])
			}
		}
		return n
	}
	panic("no flow " + name)
}

// TestAfbouwWhenEmpty: closing "when empty" never moves an occupant;
// residents who wait for a home keep their place after its closure date
// (blocking) and nobody new is admitted.
func TestAfbouwWhenEmpty(t *testing.T) {
	res := closingVariant(t, "when-empty")
	if n := flowTotal(res, "moved_out"); n != 0 {
		t.Errorf("when-empty moved %d occupants out", n)
	}
	for _, s := range res.Snapshots[1:] {
		cap, occ := s.Capacity[1], s.Occupied[1]
		if s.Date.Month() >= 3 && cap != 0 {
			t.Fatalf("%s: large capacity %d after closure, want 0", s.Date.Format("2006-01"), cap)
		}
		if occ != 100 {
			t.Fatalf("%s: %d occupied, want all 100 residents still there (blocking, no homes)", s.Date.Format("2006-01"), occ)
		}
	}
	if n := flowTotal(res, "shelter_admission"); n != 0 {
		t.Errorf("%d admitted to a closing shelter", n)
	}
	if n := flowTotal(res, "shelter_refused"); n == 0 {
		t.Error("nobody refused: arrivals should find no place")
	}
}

// TestAfbouwMoveOut: closing by moving people out empties the places on
// the closure date; with no other place free they end up on the street.
func TestAfbouwMoveOut(t *testing.T) {
	res := closingVariant(t, "move-out")
	if n := flowTotal(res, "moved_out_to_street"); n != 100 {
		t.Errorf("moved out to the street: %d, want 100", n)
	}
	feb := res.Snapshots[2] // 1 March: after the closure
	if feb.Occupied[1] != 0 || feb.LackOfShelter[0] < 100 {
		t.Errorf("after closure: %d occupied, %d rough sleepers waiting for shelter; want 0 and >= 100", feb.Occupied[1], feb.LackOfShelter[0])
	}
}

// TestBlockingReleasesOnlyToHousing: residents keep their place until a
// home comes; when homes come, every one of them leaves to a home.
func TestBlockingReleasesOnlyToHousing(t *testing.T) {
	res := runChecked(t, variant(t, `
name: closing-homes
extends: closing
housing:
  programme:
    room: {value: 200, unit: units/year, choice: "homes for the residents"}
`), 1)
	left := flowTotal(res, "left_shelter")
	housed := flowTotal(res, "housed_from.ethos3")
	if left != 0 {
		t.Errorf("%d left shelter other than to a home", left)
	}
	if housed < 150 {
		t.Errorf("%d housed from shelter in two years of 200 homes a year", housed)
	}
	for _, s := range res.Stays {
		if !s.Ongoing && s.Next != ethos.HousedUnsupported {
			t.Fatalf("a stay ended in %v; blocking residents leave only to a home", s.Next)
		}
	}
}

// TestDeterminism: the same scenario and seed give the same result;
// another seed gives another.
func TestDeterminism(t *testing.T) {
	sc := shipped(t, "eerst-een-thuis")
	a, err := Run(context.Background(), sc, 42)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(context.Background(), sc, 42)
	c, _ := Run(context.Background(), sc, 43)
	a.WallSeconds, b.WallSeconds, c.WallSeconds = 0, 0, 0
	a.CPUSeconds, b.CPUSeconds, c.CPUSeconds = 0, 0, 0
	if !reflect.DeepEqual(a.Snapshots, b.Snapshots) || !reflect.DeepEqual(a.Flows, b.Flows) || !equalStays(a.Stays, b.Stays) || a.Events != b.Events {
		t.Error("two runs with seed 42 differ")
	}
	if reflect.DeepEqual(a.Flows, c.Flows) {
		t.Error("seeds 42 and 43 give the same flows")
	}
}

// equalStays compares stays; NaN-free after a run.
func equalStays(a, b []Stay) bool { return reflect.DeepEqual(a, b) }

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, shipped(t, "baseline"), 1); err != context.Canceled {
		t.Errorf("cancelled run: err = %v, want context.Canceled", err)
	}
}

// TestTandem: the reference DES's shelter-then-housing system with
// blocking, written as a scenario. Housing never holds more tenants than
// units; nobody leaves shelter except to a home; whoever leaves housing
// frees a unit that the longest-waiting resident takes.
func TestTandem(t *testing.T) {
	res := runChecked(t, local(t, "testdata/tandem.yaml"), 3)
	for _, s := range res.Snapshots {
		housed := int32(0)
		for p := range res.Profiles {
			housed += s.Stock[int(ethos.HousedUnsupported)*len(res.Profiles)+p]
		}
		if housed+s.DedicatedVacant[0] != 12000 {
			t.Fatalf("%s: %d tenants + %d vacant != 12,000 units", s.Date.Format("2006-01"), housed, s.DedicatedVacant[0])
		}
	}
	if n := flowTotal(res, "left_shelter"); n != 0 {
		t.Errorf("%d left shelter other than to a home", n)
	}
	if last := res.Snapshots[len(res.Snapshots)-1]; last.LackOfShelter[0] == 0 || last.DedicatedVacant[0] != 0 {
		t.Errorf("at the end: %d waiting for shelter, %d units vacant; the scenario should be saturated", last.LackOfShelter[0], last.DedicatedVacant[0])
	}
	housed := flowTotal(res, "housed_in.room")
	relapse := flowTotal(res, "relapse")
	exits := flowTotal(res, "exit_from.housed_unsupported")
	if housed < 12000 || relapse+exits < 1000 {
		t.Fatalf("housed %d, relapses %d, exits from housing %d: the system did not turn over", housed, relapse, exits)
	}
	// Re-entry share: binomial, tested at 4 standard errors.
	n := float64(relapse + exits)
	p := float64(relapse) / n
	if se := math.Sqrt(0.17 * 0.83 / n); math.Abs(p-0.17) > 4*se {
		t.Errorf("re-entry %.3f of %v leavers, want 0.17 ± %.3f", p, n, 4*se)
	}
}
