package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// FieldError is one problem in a scenario file: where, which field, what was
// wrong and what is allowed.
type FieldError struct {
	File  string
	Line  int
	Field string // dotted path, e.g. "inflow.eviction.rate"
	Msg   string
}

func (e *FieldError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", loc, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Msg)
}

// ErrorList is every problem found in a scenario, sorted by file and line.
type ErrorList []*FieldError

// MaxErrors is how many problems ErrorList.Error shows; a count stands
// for the rest. A file with a million unknown keys gives a readable
// message, not hundreds of megabytes.
const MaxErrors = 50

func (l ErrorList) Error() string {
	n := min(len(l), MaxErrors)
	lines := make([]string, n, n+1)
	for i, e := range l[:n] {
		lines[i] = e.Error()
	}
	if len(l) > n {
		lines = append(lines, fmt.Sprintf("... and %d more problems", len(l)-n))
	}
	return strings.Join(lines, "\n")
}

func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
	return l
}

// maxNames is how many allowed names a message lists; a count stands for
// the rest, so a file with 300 profiles does not give lines of 2,000
// characters. The 43 regions of the Netherlands are listed whole.
const maxNames = 50

// nameList joins names for a message, at most maxNames of them.
func nameList(names []string) string {
	if len(names) <= maxNames {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxNames], ", "), len(names)-maxNames)
}
