package scenario_test

import (
	"strings"
	"testing"
)

// TestDescriptionPerLanguage: a description is one text or a text per
// language; a report prints the one in its language, and a plain text in
// either.
func TestDescriptionPerLanguage(t *testing.T) {
	both := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"description:",
		"  nl: \"Het plan, met meer woningen.\"",
		"  en: \"The plan, with more homes.\"",
	))
	if got := both.DescriptionIn("nl"); got != "Het plan, met meer woningen." {
		t.Errorf("Dutch: %q", got)
	}
	if got := both.DescriptionIn("en"); got != "The plan, with more homes." || both.Description != got {
		t.Errorf("English: %q, Description %q", got, both.Description)
	}

	plain := mustParse(t, "variant.yaml", lines(
		"name: v",
		"extends: eerst-een-thuis",
		"description: \"Mijn variant.\"",
	))
	if plain.DescriptionIn("nl") != "Mijn variant." || plain.DescriptionIn("en") != "Mijn variant." || plain.Descriptions != nil {
		t.Errorf("plain: nl %q, en %q, per language %v", plain.DescriptionIn("nl"), plain.DescriptionIn("en"), plain.Descriptions)
	}

	// A variant without a description has its parent's, in both languages.
	inherited := mustParse(t, "variant.yaml", lines("name: v", "extends: eerst-een-thuis"))
	plan := mustLoad(t, "eerst-een-thuis")
	for _, lang := range []string{"nl", "en"} {
		if inherited.DescriptionIn(lang) != plan.DescriptionIn(lang) {
			t.Errorf("%s: %q, the plan's is %q", lang, inherited.DescriptionIn(lang), plan.DescriptionIn(lang))
		}
	}
}

// TestShippedDescriptionsInBothLanguages: every shipped scenario a report
// compares says what it is in Dutch and in English, and the two differ.
// history and history-calibrated are left out: the shipped calibration's
// identity is the SHA-256 of history.yaml, and history-calibrated.yaml is
// the file it wrote (model/calibrate TestShippedCalibrationMatchesItsInputs),
// so their descriptions change with the next calibration.
func TestShippedDescriptionsInBothLanguages(t *testing.T) {
	for _, name := range loader.ShippedNames() {
		if strings.HasPrefix(name, "history") {
			continue
		}
		sc := mustLoad(t, name)
		nl, en := sc.Descriptions["nl"], sc.Descriptions["en"]
		if nl == "" || en == "" || nl == en {
			t.Errorf("%s: description nl %q, en %q; give both, {nl: ..., en: ...}", name, nl, en)
		}
	}
}

// TestDescriptionErrors: a description in a bad form is refused with file,
// line and field.
func TestDescriptionErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		desc []string
		want string
	}{
		{"only English", []string{"description:", "  en: The plan."},
			"variant.yaml:4: description.nl: missing required field"}, // not the parent's Dutch text
		{"a third language", []string{"description:", "  nl: Het plan.", "  en: The plan.", "  fr: Le plan."},
			"variant.yaml:6: description.fr: unknown field; allowed: en, nl"},
		{"a list", []string{"description: [The plan.]"},
			`variant.yaml:3: description: must be text, or a text per language {nl: ..., en: ...}; got a list`},
		{"empty Dutch", []string{"description:", "  nl: \"\"", "  en: The plan."},
			"variant.yaml:4: description.nl: empty: give the description in this language"},
		{"Dutch not text", []string{"description:", "  nl: {a: b}", "  en: The plan."},
			"variant.yaml:4: description.nl: must be text, got a mapping"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := lines(append([]string{"name: v", "extends: eerst-een-thuis"}, c.desc...)...)
			_, err := loader.Parse("variant.yaml", data)
			if err == nil || err.Error() != c.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, c.want)
			}
		})
	}
}
