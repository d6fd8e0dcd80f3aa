package i18n

// catalog holds every text, one map per language. Keys are grouped by
// prefix: fig (figure titles), sub (subtitles), axis, legend, panel, state
// (ETHOS categories and housed states, short, by their metric names),
// word (the sector's words), target (scorecard words), name (names).
// A text may hold fmt verbs (%d, %s); both languages must have the same.
var catalog = map[string]map[string]string{
	"en": {
		// Figure titles.
		"fig.cbs_count":      "Homeless people, CBS count",
		"fig.rough_sleeping": "Rough sleepers",
		"fig.shelter":        "Shelter: occupied places and capacity",
		"fig.waiting_list":   "Waiting list for a home",
		"fig.stay_p90":       "Length of shelter stays: 90th percentile per year",
		"fig.ethos_stacked":  "People by ETHOS category",
		"fig.regions_large":  "Large-scale shelter by region",

		// Subtitles.
		"sub.run":                  "one run (seed %d)",
		"sub.sweep":                "median of %d runs",
		"sub.stacked_sweep":        "medians per category of %d runs",
		"sub.cbs_count":            "people aged 18 to 65 without a home (CBS definition)",
		"sub.stay_p90":             "9 in 10 stays (ended in the year or ongoing at its end) are shorter",
		"sub.same_scale":           "places; the same scale in every region",
		"sub.no_regional_capacity": "a sweep keeps no capacity per region, only open places",

		// Axes.
		"axis.people": "people",
		"axis.places": "places",
		"axis.days":   "days",
		"axis.year":   "year",

		// Legend entries.
		"legend.median":                "median",
		"legend.simulated":             "simulation",
		"legend.band50":                "50% band (P25–P75)",
		"legend.band90":                "90% band (P5–P95)",
		"legend.cbs_observation":       "CBS observation with 95% margin",
		"legend.level_2021":            "level on 1 January 2021: %s",
		"legend.target_year":           "target %d",
		"legend.norm_3_months":         "3-month norm (%s days)",
		"legend.capacity":              "capacity",
		"legend.occupied":              "occupied",
		"legend.open":                  "open places (capacity, or still occupied)",
		"legend.large":                 "large-scale",
		"legend.small":                 "small-scale",
		"legend.rough":                 "rough sleepers (ETHOS 1)",
		"legend.rough_lack_of_shelter": "sleeping rough for lack of shelter",
		"legend.waiting_list":          "on the waiting list",
		"legend.stay_p90":              "90th percentile of stays",

		// Panels of a figure.
		"panel.large": "large-scale shelter",
		"panel.small": "small-scale shelter",

		// States, short, by metric name.
		"state.ethos1":             "rough sleeping",
		"state.ethos2":             "emergency shelter",
		"state.ethos3":             "24-hour shelter",
		"state.ethos4":             "institution, longer than needed",
		"state.ethos5":             "non-conventional dwelling",
		"state.ethos6":             "sofa surfing (family, friends)",
		"state.ethos7":             "facing eviction",
		"state.housed":             "housed",
		"state.housed_supported":   "housed with support (Housing First)",
		"state.housed_unsupported": "housed without support",
		"state.homeless":           "homeless people",

		// The sector's words.
		"word.rough_sleepers":      "rough sleepers",
		"word.emergency_shelter":   "night and emergency shelter",
		"word.residential_shelter": "24-hour residential shelter",
		"word.large_scale":         "large-scale",
		"word.small_scale":         "small-scale",
		"word.sofa_surfers":        "sofa surfers",
		"word.housing_first":       "Housing First",
		"word.afbouw":              "phasing out of shelter",
		"word.waiting_list":        "waiting list",
		"word.homeless_people":     "homeless people",
		"word.cbs_count":           "CBS count",
		"word.region":              "region",

		// Scorecard words.
		"target.reached":       "target reached",
		"target.not_reached":   "target not reached",
		"target.first_reached": "first reached in %d",

		// Sensitivity analysis (thuis sensitivity).
		"sens.title":          "What drives %s",
		"tradeoff.title":      "%s needed to reach %s",
		"tradeoff.sub":        "with probability %.0f%%, for each value of the other lever; %d runs per pair of values, 95%% intervals",
		"sens.sub_morris":     "Morris screening, %d trajectories: mean absolute elementary effect μ* with 95%% interval, in the output's unit per unit of quantile",
		"sens.sub_sobol":      "Sobol' indices, N = %d: total (ST) and first-order (S1) share of the output's variance, with 95%% intervals",
		"sens.axis_mu_star":   "μ* (%s)",
		"sens.axis_share":     "share of variance",
		"sens.legend_st":      "total index ST (alone and through interactions)",
		"sens.legend_s1":      "first-order index S1 (alone)",
		"sens.legend_mu_star": "μ*, with 95%% interval",
		"sens.header":         "Sensitivity of %s to its %d uncertain parameters: %s, %d design points × %d replications = %d runs",
		"sens.output":         "output",
		"sens.parameter":      "parameter",
		"sens.interval":       "95% interval",
		"sens.constant":       "%s does not vary over the design: no parameter drives it",
		"sens.noise":          "stochastic noise: %.0f%% of one run's variance, %.0f%% of the variance of the means the indices use",
		"sens.noise_high":     "the indices are mostly noise: more replications per design point would separate the parameters from it",
		"sens.no_noise":       "one replication: stochastic noise is not separated from parameter effects (2 or more replications separate it)",
		"sens.enough_sobol":   "N was enough: the widest 95%% interval is %s wide",
		"sens.short_sobol":    "N was too small: the widest 95%% interval is %s wide; intervals shrink as 1/√N, so 4 × N halves them",
		"sens.negative":       "%d negative indices; their intervals cover 0: noise around a true index of (nearly) 0",
		"sens.negative_bad":   "%d negative indices whose intervals exclude 0: N too small, or the output is dominated by noise",
		"sens.enough_morris":  "the ranking is clear: the first parameter's interval lies above the second's",
		"sens.short_morris":   "the first two parameters cannot be told apart at this number of trajectories (intervals overlap); more trajectories would separate them",
		"sens.series":         "key series, the three largest drivers",
		"sens.within":         "within the posterior, rank correlation over the %d distinct rows the design drew (correlated columns: association, not a share of the variance):",
		"sens.few_rows":       "the calibrated parameters are drawn together as one factor, posterior; the design drew %d distinct rows of it, too few to say which of them go with each output (--method sobol draws a row per base point)",

		// Names.
		"name.cbs":   "CBS",
		"name.ethos": "ETHOS Light",
	},
	"nl": {
		// Figuurtitels.
		"fig.cbs_count":      "Dakloze mensen volgens de CBS-telling",
		"fig.rough_sleeping": "Buitenslapers",
		"fig.shelter":        "Opvang: bezette plaatsen en capaciteit",
		"fig.waiting_list":   "Wachtlijst voor een woning",
		"fig.stay_p90":       "Verblijfsduur in de opvang: 90e percentiel per jaar",
		"fig.ethos_stacked":  "Mensen per ETHOS-categorie",
		"fig.regions_large":  "Grootschalige opvang per regio",

		// Ondertitels.
		"sub.run":                  "één run (seed %d)",
		"sub.sweep":                "mediaan van %d runs",
		"sub.stacked_sweep":        "medianen per categorie van %d runs",
		"sub.cbs_count":            "feitelijk daklozen van 18 tot 65 jaar (CBS-definitie)",
		"sub.stay_p90":             "9 op de 10 verblijven (beëindigd in het jaar of nog lopend aan het eind) duren korter",
		"sub.same_scale":           "plaatsen; dezelfde schaal in elke regio",
		"sub.no_regional_capacity": "een sweep bewaart geen capaciteit per regio, alleen open plaatsen",

		// Assen.
		"axis.people": "personen",
		"axis.places": "plaatsen",
		"axis.days":   "dagen",
		"axis.year":   "jaar",

		// Legenda.
		"legend.median":                "mediaan",
		"legend.simulated":             "simulatie",
		"legend.band50":                "50%-band (P25–P75)",
		"legend.band90":                "90%-band (P5–P95)",
		"legend.cbs_observation":       "CBS-telling met 95%-marge",
		"legend.level_2021":            "niveau 1 januari 2021: %s",
		"legend.target_year":           "doel %d",
		"legend.norm_3_months":         "norm: 3 maanden (%s dagen)",
		"legend.capacity":              "capaciteit",
		"legend.occupied":              "bezet",
		"legend.open":                  "open plaatsen (capaciteit, of nog bezet)",
		"legend.large":                 "grootschalig",
		"legend.small":                 "kleinschalig",
		"legend.rough":                 "buitenslapers (ETHOS 1)",
		"legend.rough_lack_of_shelter": "buiten door gebrek aan opvang",
		"legend.waiting_list":          "op de wachtlijst",
		"legend.stay_p90":              "90e percentiel verblijfsduur",

		// Panelen van een figuur.
		"panel.large": "grootschalige opvang",
		"panel.small": "kleinschalige opvang",

		// Toestanden, kort, naar metriek.
		"state.ethos1":             "buitenslapers",
		"state.ethos2":             "nachtopvang en noodopvang",
		"state.ethos3":             "24-uursopvang",
		"state.ethos4":             "instelling, langer dan nodig",
		"state.ethos5":             "niet-reguliere woonvorm",
		"state.ethos6":             "bankslapers (familie, vrienden)",
		"state.ethos7":             "dreigende huisuitzetting",
		"state.housed":             "gehuisvest",
		"state.housed_supported":   "wonen met begeleiding (Wonen Eerst)",
		"state.housed_unsupported": "wonen zonder begeleiding",
		"state.homeless":           "dakloze mensen",

		// Woorden van de sector.
		"word.rough_sleepers":      "buitenslapers",
		"word.emergency_shelter":   "nachtopvang / noodopvang",
		"word.residential_shelter": "24-uursopvang",
		"word.large_scale":         "grootschalig",
		"word.small_scale":         "kleinschalig",
		"word.sofa_surfers":        "bankslapers",
		"word.housing_first":       "Wonen Eerst",
		"word.afbouw":              "afbouw",
		"word.waiting_list":        "wachtlijst",
		"word.homeless_people":     "dakloze mensen",
		"word.cbs_count":           "CBS-telling",
		"word.region":              "regio",

		// Scorekaart.
		"target.reached":       "doel bereikt",
		"target.not_reached":   "doel niet bereikt",
		"target.first_reached": "voor het eerst bereikt in %d",

		// Gevoeligheidsanalyse (thuis sensitivity).
		"sens.title":          "Wat bepaalt %s",
		"tradeoff.title":      "%s nodig om %s te halen",
		"tradeoff.sub":        "met kans %.0f%%, voor elke waarde van de andere hefboom; %d runs per paar waarden, 95%%-intervallen",
		"sens.sub_morris":     "Morris-screening, %d trajecten: gemiddeld absoluut elementair effect μ* met 95%%-interval, in de eenheid van de uitkomst per eenheid kwantiel",
		"sens.sub_sobol":      "Sobol'-indices, N = %d: totaal (ST) en eerste-orde (S1) aandeel in de variantie van de uitkomst, met 95%%-intervallen",
		"sens.axis_mu_star":   "μ* (%s)",
		"sens.axis_share":     "aandeel in de variantie",
		"sens.legend_st":      "totale index ST (alleen en via interacties)",
		"sens.legend_s1":      "eerste-orde-index S1 (alleen)",
		"sens.legend_mu_star": "μ*, met 95%%-interval",
		"sens.header":         "Gevoeligheid van %s voor de %d onzekere parameters: %s, %d ontwerppunten × %d herhalingen = %d runs",
		"sens.output":         "uitkomst",
		"sens.parameter":      "parameter",
		"sens.interval":       "95%-interval",
		"sens.constant":       "%s varieert niet over het ontwerp: geen parameter bepaalt het",
		"sens.noise":          "toevalsruis: %.0f%% van de variantie van één run, %.0f%% van de variantie van de gemiddelden waarop de indices rusten",
		"sens.noise_high":     "de indices zijn vooral ruis: meer herhalingen per ontwerppunt scheiden de parameters ervan",
		"sens.no_noise":       "één herhaling: toevalsruis is niet gescheiden van de effecten van parameters (2 of meer herhalingen scheiden hem)",
		"sens.enough_sobol":   "N was genoeg: het breedste 95%%-interval is %s breed",
		"sens.short_sobol":    "N was te klein: het breedste 95%%-interval is %s breed; intervallen krimpen met 1/√N, dus 4 × N halveert ze",
		"sens.negative":       "%d negatieve indices; hun intervallen bevatten 0: ruis rond een ware index van (bijna) 0",
		"sens.negative_bad":   "%d negatieve indices waarvan het interval 0 uitsluit: N te klein, of de uitkomst is vooral ruis",
		"sens.enough_morris":  "de rangorde is duidelijk: het interval van de eerste parameter ligt boven dat van de tweede",
		"sens.short_morris":   "de eerste twee parameters zijn bij dit aantal trajecten niet te onderscheiden (intervallen overlappen); meer trajecten scheiden ze",
		"sens.series":         "kernreeksen, de drie grootste drijfveren",
		"sens.within":         "binnen de posterior, rangcorrelatie over de %d verschillende rijen die het ontwerp trok (gecorreleerde kolommen: samenhang, geen aandeel in de variantie):",
		"sens.few_rows":       "de gekalibreerde parameters worden samen getrokken als één factor, posterior; het ontwerp trok er %d verschillende rijen van, te weinig om te zeggen welke bij elke uitkomst horen (--method sobol trekt een rij per basispunt)",

		// Namen.
		"name.cbs":   "CBS",
		"name.ethos": "ETHOS Light",
	},
}

// same lists the keys whose Dutch and English texts may be identical:
// names, and words spelled alike in both languages (such as "status").
// Every other key must differ between the languages, so that a text
// copied into the wrong language shows in the tests.
var same = map[string]bool{
	"name.cbs":   true,
	"name.ethos": true,
	// thuis sensitivity: a word alike in both, and a symbol.
	"sens.parameter":    true,
	"sens.axis_mu_star": true,
}
