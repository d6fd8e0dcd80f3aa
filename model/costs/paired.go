// This file implements the incremental cost of a scenario against a
// baseline over paired runs (common random numbers), with bands.

package costs

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Band is the median and the 90% band (5th to 95th percentile, gonum's
// stat.LinInterp) of a quantity over the runs in which it is defined;
// N is how many those are (0: never, and the band is empty).
type Band struct {
	Median, Low, High float64
	N                 int
}

// BandOf is the Band of xs over the runs; xs is not changed.
func BandOf(xs []float64) Band { return band(xs) }

func band(xs []float64) Band {
	if len(xs) == 0 {
		return Band{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	q := func(p float64) float64 { return stat.Quantile(p, stat.LinInterp, s, nil) }
	return Band{Median: q(0.5), Low: q(0.05), High: q(0.95), N: len(s)}
}

// Row is one year (or, with Year 0, the total over the years) of a
// paired comparison. Spend is public spend: every category but societal.
type Row struct {
	Year      int
	Base, Alt Band // spend of each scenario
	Diff      Band // Alt − Base, run by run
	// PerHoused is Diff over the extra people housed (runs in which the
	// scenario houses more); PerRoughNight is Diff over the rough-sleeper
	// nights avoided (runs in which there are fewer).
	PerHoused, PerRoughNight Band
	// Ratio is the plan's "every euro in Wonen Eerst saves 2.5 euros"
	// computed: (societal cost avoided + shelter spend avoided) / extra
	// Wonen Eerst spend (support and homes), in runs in which that spend
	// is higher. RatioLow and RatioHigh are the same with the societal
	// cost of a person-year homeless at the low and high end of its range.
	Ratio, RatioLow, RatioHigh Band
}

// Comparison is the incremental cost of Alt against Base.
type Comparison struct {
	Base, Alt string
	Runs      int
	Societal  UnitCost // the societal cost per person-year homeless assumed
	Rows      []Row    // per year, then the total (Year 0)
	// Ratios is each run's Wonen Eerst ratio over all years (NaN where
	// the scenario spends no more on Wonen Eerst), for its sensitivity.
	Ratios []float64
	// Drawn is set when the runs were priced with unit costs drawn per
	// run (UnitCosts.Draw) rather than the file's values.
	Drawn bool
}

// Paired compares the spend of runs of two scenarios, run i of one
// paired with run i of the other (the same seed and parameter draws),
// over the years from first on (0: every year).
func Paired(base, alt []*Spend, uc *UnitCosts, first int) (*Comparison, error) {
	if len(base) != len(alt) || len(base) == 0 {
		return nil, fmt.Errorf("costs: %d baseline runs and %d scenario runs; want the same number, at least 1", len(base), len(alt))
	}
	soc := uc.Get(SectionSocietal, "homeless")
	c := &Comparison{Base: base[0].Scenario, Alt: alt[0].Scenario, Runs: len(base), Societal: *soc}
	var years []int
	for _, y := range base[0].Years {
		if y >= first {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return nil, fmt.Errorf("costs: no whole year from %d in %s (%d-%d)", first, c.Base, base[0].Years[0], base[0].Years[len(base[0].Years)-1])
	}
	for i := range base {
		if !slices.Equal(base[i].Years, alt[i].Years) {
			return nil, fmt.Errorf("costs: %s and %s cover different years; compare scenarios over the same period", c.Base, c.Alt)
		}
		if base[i].SocietalCost != alt[i].SocietalCost {
			return nil, fmt.Errorf("costs: run %d of %s and %s was priced with different unit costs; paired runs share their draw", i, c.Base, c.Alt)
		}
		c.Drawn = c.Drawn || base[i].SocietalCost != soc.Value
	}
	low, high := *soc, *soc
	if soc.Assumption != "" {
		low.Value, high.Value = soc.Range[0], soc.Range[1]
	}
	// per run: sums over the years of the row
	row := func(year int, ys []int) Row {
		n := len(base)
		var b, a, d, ph, pr, r, rl, rh []float64
		for i := 0; i < n; i++ {
			var q paired
			for _, y := range ys {
				q.add(base[i], alt[i], slices.Index(base[i].Years, y))
			}
			b, a, d = append(b, q.base), append(a, q.alt), append(d, q.alt-q.base)
			if q.housed > 0 {
				ph = append(ph, (q.alt-q.base)/q.housed)
			}
			if q.roughAvoided > 0 {
				pr = append(pr, (q.alt-q.base)/q.roughAvoided)
			}
			if q.wonenEerst > 0 {
				r = append(r, q.saved(base[i].SocietalCost)/q.wonenEerst)
				rl = append(rl, q.saved(low.Value)/q.wonenEerst)
				rh = append(rh, q.saved(high.Value)/q.wonenEerst)
			}
		}
		return Row{Year: year, Base: band(b), Alt: band(a), Diff: band(d), PerHoused: band(ph), PerRoughNight: band(pr),
			Ratio: band(r), RatioLow: band(rl), RatioHigh: band(rh)}
	}
	for _, y := range years {
		c.Rows = append(c.Rows, row(y, []int{y}))
	}
	c.Rows = append(c.Rows, row(0, years))
	c.Ratios = make([]float64, len(base))
	for i := range base {
		var q paired
		for _, y := range years {
			q.add(base[i], alt[i], slices.Index(base[i].Years, y))
		}
		c.Ratios[i] = math.NaN()
		if q.wonenEerst > 0 {
			c.Ratios[i] = q.saved(base[i].SocietalCost) / q.wonenEerst
		}
	}
	return c, nil
}

// paired sums one pair of runs over some years.
type paired struct {
	base, alt       float64 // public spend
	housed          float64 // extra people housed
	roughAvoided    float64 // rough-sleeper nights avoided
	homelessAvoided float64 // person-years homeless avoided
	shelterAvoided  float64 // shelter spend avoided
	wonenEerst      float64 // extra support and homes spend
}

func (q *paired) add(b, a *Spend, y int) {
	q.base += b.Public(y)
	q.alt += a.Public(y)
	q.housed += a.Housed[y] - b.Housed[y]
	q.roughAvoided += b.RoughNights[y] - a.RoughNights[y]
	q.homelessAvoided += b.HomelessYears[y] - a.HomelessYears[y]
	for _, c := range []Category{ShelterEmergency, ShelterLarge, ShelterSmall} {
		q.shelterAvoided += b.Year(y, c) - a.Year(y, c)
	}
	q.wonenEerst += a.Year(y, Support) - b.Year(y, Support) + a.Year(y, Homes) - b.Year(y, Homes)
}

// saved is what the scenario saves with a societal cost of perYear euros
// a person-year homeless.
func (q *paired) saved(perYear float64) float64 {
	return q.homelessAvoided*perYear + q.shelterAvoided
}
