// Package costs prices what a run of the model did: shelter nights,
// years of support, homes let, cases prevented and years spent homeless,
// each times a unit cost that carries its own provenance. It answers
// "what does a scenario cost, and what does it cost more than the
// baseline", and turns the plan's claim that "every euro in Wonen Eerst
// saves 2.5 euros" into a ratio computed under stated assumptions.
//
// # Unit costs
//
// Unit costs are data, in their own strict YAML file
// (scenarios/costs/costs.yaml, embedded; [Shipped], [Load], [Parse]),
// not in the scenarios: the same runs can be costed differently. Each
// [UnitCost] has a value, a unit, the year of its prices, a payer (one of
// [Payers]; "not known" where no source says who pays) and a source,
// an assumption with a plausible range, or both. Every problem in the
// file is a scenario.FieldError with file, line and field; unknown keys
// are refused. [UnitCosts.Check] says what a scenario needs that the file
// lacks. The shipped figures are weak (../shared/FACTS.md, "Costs"): every
// one is an assumption with a range.
//
// Prices are not indexed: an entry in 2011 prices and one in 2025 prices
// are added as they stand, and each says its price year.
//
// # What is priced
//
//	section     unit               times
//	shelter     euro/person-night  occupied place-nights, per kind (emergency, large, small)
//	support     euro/person-year   person-years housed with support, per need profile
//	homes       euro/home          people housed, per housing type (one-off)
//	prevention  euro/case          cases prevented, per inflow source
//	societal    euro/person-year   person-years in ETHOS 1-6
//
// Nights and years are exact integrals of the run's stocks over each
// month (sim.Result.OccupiedDays and PersonDays), not sums of monthly
// snapshots; homes and prevention are the run's monthly flows. A month
// counts in the year it begins. [Compute] gives a [Spend]: euros per
// whole year of the run, region, payer and [Category]. Societal is the
// cost to society of homelessness beyond shelter (health care, police,
// justice); it is not a budget, and [Spend.Public] leaves it out.
//
// Conservation, tested: the cells summed over regions, payers and years
// are the category totals; shelter person-nights equal the integral of
// occupancy, and support and homeless person-years the engine's
// Little's-law areas, which it integrates separately.
//
// # Incremental cost
//
// [Paired] compares runs of a scenario with runs of a baseline made with
// the same seeds and parameter draws (common random numbers; thuis costs
// sweeps both together, as thuis compare --runs does), run i with run i,
// so differences are the policy's, not the noise's. Per year and over
// all years it gives, as a median with a 90% band over the runs
// ([Band]):
//
//   - the public spend of each, and their difference;
//   - the difference per extra person housed, and per rough-sleeper
//     night avoided (in runs where there are such);
//   - the Wonen Eerst ratio: (societal cost avoided + shelter spend
//     avoided) / extra Wonen Eerst spend (support and homes), in runs
//     where that spend is higher; and the same ratio with the societal
//     cost at the low and high end of its range, its main sensitivity.
//
// The bands cover the runs' stochastic noise, the scenario's uncertain
// parameters as the sweep draws them and, when the runs are priced with
// drawn unit costs, the unit costs' uncertainty.
//
// # Unit costs varied per run
//
// [UnitCosts.Draw] gives run i its own unit costs: each one with an
// assumption and a range drawn from Triangle(low, value, high), the
// file's value the most likely, from a PCG seeded by (seed, i) with a
// stream per cost, so run i of the scenario and of its baseline share
// their draw (common random numbers) and a draw is reproducible. A run
// priced with drawn costs is conserved exactly as any other (tested):
// its categories are its quantities times the costs it drew.
// [RatioDrivers] then says which unit costs drive the Wonen Eerst ratio:
// each one's Spearman rank correlation with the run's ratio, with a 95%
// interval ([WriteRatioDrivers]: ratio-drivers.csv).
//
// # Outputs
//
// [WriteCSV] writes costs.csv (scenario, run, year, region, payer,
// category, euro); [Comparison.WriteIncremental] incremental.csv (per
// year and measure: median, low, high, with a unit column); [Package]
// their data dictionary; [Comparison.WriteTable] the table thuis costs
// prints.
package costs
