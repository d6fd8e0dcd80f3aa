package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/thuis-nl/thuis/model/explorer"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
)

// hint prints what the user may have meant or should do next, after an
// error: the library's errors say what is wrong, the CLI says what to type.
func hint(w io.Writer, err error) {
	var nf *scenario.NotFoundError
	if errors.As(err, &nf) {
		if s := suggest(nf.Name, nf.Shipped); s != "" {
			fmt.Fprintf(w, "thuis: hint: did you mean %s?\n", s)
		}
	}
	var fe *flagError
	if errors.As(err, &fe) && fe.suggestion != "" {
		fmt.Fprintf(w, "thuis: hint: did you mean --%s?\n", fe.suggestion)
	}
	var kind *output.KindError
	if errors.As(err, &kind) {
		fmt.Fprintf(w, "thuis: hint: give --out a new directory\n")
	}
	var source *explorer.NoModuleError
	if errors.As(err, &source) {
		fmt.Fprintf(w, "thuis: hint: the explorer's engine is built with Go from the thuis source: run it in a clone (go run ./cmd/thuis explorer), or give --source a clone's directory\n")
	}
}

// flagError is a flag the command does not know, with the nearest one it
// does.
type flagError struct {
	err        error
	suggestion string
}

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

// unknownFlag is the commands' flag error function: for "unknown flag:
// --seeed" it finds the nearest flag of the command, "seed".
func unknownFlag(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	return &flagError{err: err, suggestion: suggest(name, names)}
}

// suggest returns the candidate nearest to s in edit distance, if it is
// near enough to be a typing slip (at most a third of its length, and at
// least 1 and at most 3 edits), or the only candidate s is a prefix of.
func suggest(s string, candidates []string) string {
	best, bestD := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(1, min(3, len(s)/3)) {
		return best
	}
	var prefixed []string
	for _, c := range candidates {
		if s != "" && strings.HasPrefix(c, s) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// completeScenarios completes a scenario argument with the shipped
// scenario names, and lets the shell complete file names (YAML files) too.
func completeScenarios(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var names []string
	for _, n := range loader().ShippedNames() {
		if strings.HasPrefix(n, toComplete) {
			names = append(names, n)
		}
	}
	return names, cobra.ShellCompDirectiveDefault
}

// takesScenario reports whether a command's arguments are scenarios, by
// its usage line ("run [SCENARIO]", "compare SCENARIO_OR_DIR...",
// "validate FILE...").
func takesScenario(c *cobra.Command) bool {
	_, args, _ := strings.Cut(c.Use, " ")
	return strings.Contains(args, "SCENARIO") || strings.Contains(args, "VARIANT") || strings.HasPrefix(args, "FILE")
}
