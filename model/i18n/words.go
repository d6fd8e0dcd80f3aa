package i18n

// The words of comparisons (compare.*) and reports (report.*), merged into
// the catalog so that its tests cover them too.

var compareText = map[string]map[string]string{
	"en": {
		"targets": "target", "key_numbers": "key numbers (end of year; sweeps: median)",
		"reached": "reached", "not_reached": "not reached", "first": "first %d",
		"cbs_count": "CBS-comparable count", "rough_sleeping": "rough sleepers", "places_large": "shelter places, large-scale",
		"places_small": "shelter places, small-scale", "housed": "people housed", "stay_p90": "shelter stay, p90 (days)",
		"runs": "%d runs",
	},
	"nl": {
		"targets": "doel", "key_numbers": "kerncijfers (einde jaar; bij sweeps: mediaan)",
		"reached": "doel bereikt", "not_reached": "niet bereikt", "first": "eerst %d",
		"cbs_count": "CBS-telling dakloze mensen", "rough_sleeping": "buitenslapers", "places_large": "opvangplekken, grootschalig",
		"places_small": "opvangplekken, kleinschalig", "housed": "mensen gehuisvest", "stay_p90": "verblijfsduur opvang, p90 (dagen)",
		"runs": "%d runs",
	},
}

var reportText = map[string]map[string]string{
	"en": {
		"title":           "Simulation of the transition from shelter to housing",
		"subtitle":        "Scenarios compared against the targets of the Nationaal Actieplan Dakloosheid \"Eerst een Thuis\"",
		"scorecard":       "Targets",
		"scorecard_run":   "Each cell says whether the target is reached in the target year (one run; in brackets the first year it is reached, if earlier).",
		"scorecard_sweep": "Each cell gives the probability that the target is reached, over all runs, with its 95% interval.",
		"key_numbers":     "Key numbers",
		"figures":         "Figures",
		"assumes":         "What each scenario assumes",
		"assumes_root":    "%s is a root scenario: all its parameters are listed under Assumptions.",
		"assumes_diff":    "%s differs from %s in:",
		"assumes_same":    "%s does not differ from %s in any parameter.",
		"assumptions":     "Assumptions and sources",
		"assumptions_of":  "All parameters of %s, with their unit, status and source.",
		"parameter":       "parameter", "value": "value", "unit": "unit", "status": "status", "uncertainty": "uncertainty", "where_from": "where from",
		"method":      "Method",
		"method_text": "The model is a discrete-event simulation of individuals. People move between the ETHOS Light categories (rough sleeping, emergency shelter, 24-hour shelter, institutions, non-conventional dwellings, staying with family or friends, facing eviction), housing with or without support, and exit, in the 43 centre-municipality regions. Shelter admits people only when a place is free in their region; otherwise they sleep rough for lack of shelter. Homes arrive per type and year and go to waiting people whose need profile fits, in the scenario's priority order. Large-scale shelter closes per region according to the scenario's afbouw schedule. Every parameter is an observed figure with its source, a policy choice, or an assumption with a plausible range; sweeps draw the assumptions from their ranges. The full description, following the ODD protocol, is in model/README.md.",
		"reproduce":   "Reproduce",
		"version":     "model version", "command": "command", "seed": "seed", "runs": "runs", "sha": "scenario SHA-256",
		"target": "target", "year": "year", "description": "description",
	},
	"nl": {
		"title":           "Simulatie van de overgang van opvang naar wonen",
		"subtitle":        "Scenario's vergeleken met de doelen van het Nationaal Actieplan Dakloosheid \"Eerst een Thuis\"",
		"scorecard":       "Doelen",
		"scorecard_run":   "Per cel: is het doel in het doeljaar bereikt (één run; tussen haakjes het eerste jaar waarin het bereikt is, als dat eerder was).",
		"scorecard_sweep": "Per cel: de kans dat het doel bereikt wordt, over alle runs, met het 95%-interval.",
		"key_numbers":     "Kerncijfers",
		"figures":         "Figuren",
		"assumes":         "Wat elk scenario aanneemt",
		"assumes_root":    "%s is een basisscenario: alle parameters staan onder Aannames.",
		"assumes_diff":    "%s verschilt van %s in:",
		"assumes_same":    "%s verschilt in geen enkele parameter van %s.",
		"assumptions":     "Aannames en bronnen",
		"assumptions_of":  "Alle parameters van %s, met eenheid, status en bron.",
		"parameter":       "parameter", "value": "waarde", "unit": "eenheid", "status": "status", "uncertainty": "onzekerheid", "where_from": "herkomst",
		"method":      "Methode",
		"method_text": "Het model is een discrete-event-simulatie van individuen. Mensen bewegen tussen de ETHOS Light-categorieën (buitenslapers, nachtopvang en noodopvang, 24-uursopvang, instellingen, niet-reguliere woonvormen, bankslapers bij familie of vrienden, dreigende huisuitzetting), wonen met of zonder begeleiding (Wonen Eerst) en uitstroom, in de 43 regio's van de centrumgemeenten. De opvang neemt alleen mensen op als er in hun regio een plek vrij is; anders slapen zij buiten bij gebrek aan opvang. Woningen komen per type en jaar beschikbaar en gaan naar wachtenden bij wie het profiel past, in de volgorde die het scenario kiest. Grootschalige opvang sluit per regio volgens het afbouwschema van het scenario. Elke parameter is een waargenomen cijfer met bron, een beleidskeuze, of een aanname met een plausibele bandbreedte; sweeps trekken de aannames uit hun bandbreedte. De volledige beschrijving volgens het ODD-protocol staat in model/README.md.",
		"reproduce":   "Reproduceren",
		"version":     "modelversie", "command": "opdracht", "seed": "seed", "runs": "runs", "sha": "SHA-256 van het scenario",
		"target": "doel", "year": "jaar", "description": "omschrijving",
	},
}

func init() {
	for prefix, texts := range map[string]map[string]map[string]string{"compare.": compareText, "report.": reportText} {
		for lang, m := range texts {
			for k, v := range m {
				catalog[lang][prefix+k] = v
			}
		}
	}
	for _, k := range []string{"compare.runs", "report.parameter", "report.status", "report.seed", "report.runs"} {
		same[k] = true
	}
}
