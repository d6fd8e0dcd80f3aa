package report

import "github.com/thuis-nl/thuis/model/i18n"

// t returns a word of the report in lang (see i18n, keys report.*).
func t(lang, key string) string { return i18n.T(lang, "report."+key) }
