package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/thuis-nl/thuis/model/analysis"
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
	var ce *commandError
	if errors.As(err, &ce) {
		fmt.Fprintf(w, "thuis: hint: did you mean %s?\n", strings.Join(ce.suggestions, " or "))
	}
	var noRange *analysis.NoRangeError
	if errors.As(err, &noRange) {
		fmt.Fprintln(w, "thuis: hint: --range LOW,HIGH gives the range")
	}
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(w, "thuis: hint: usage: %s\n", usage.usage)
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

// invalidArgument is pflag's message for a flag value that does not parse.
var invalidArgument = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`)

// unknownFlag is the commands' flag error function: for "unknown flag:
// --seeed" it finds the nearest flag of the command, "seed". A value that
// does not parse is said in the user's words, not Go's:
// --runs "abc": not a whole number, rather than strconv.ParseInt: parsing
// "abc": invalid syntax.
func unknownFlag(cmd *cobra.Command, err error) error {
	if m := invalidArgument.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s %q: %s", m[2], m[1], flagValueProblem(m[1], m[3]))
	}
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	return &flagError{err: err, suggestion: suggest(name, names)}
}

// flagValueProblem says what is wrong with a flag's value, from the
// parser's message.
func flagValueProblem(value, msg string) string {
	switch {
	case strings.Contains(msg, "value out of range"):
		return "out of range"
	case strings.Contains(msg, "strconv.ParseInt"), strings.Contains(msg, "strconv.ParseUint"):
		return "not a whole number"
	case strings.Contains(msg, "strconv.ParseFloat"):
		return "not a number"
	case strings.Contains(msg, "strconv.ParseBool"):
		return "not true or false"
	}
	return strings.TrimPrefix(msg, strconv.Quote(value)+" is ")
}

// argCount is cobra's message for a wrong number of arguments.
var argCount = regexp.MustCompile(`^(accepts at most|requires at least|accepts|accepts between) (\d+(?: and \d+)?) arg\(s\), (?:only )?received (\d+)$`)

// checkArgs wraps the argument check of c and its subcommands so that a
// wrong number of arguments names the command, the arguments given and
// its usage line, instead of cobra's "accepts at most 1 arg(s)".
//
// It also refuses a text flag given as "" (--out "$OUT" with $OUT unset):
// thuis would otherwise quietly use the default, results/NAME.
func checkArgs(c *cobra.Command) {
	check := c.Args
	if check == nil && !c.HasSubCommands() {
		check = cobra.ArbitraryArgs // cobra's default for a command without subcommands
	}
	if check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			var empty error
			cmd.Flags().Visit(func(f *pflag.Flag) {
				if empty == nil && f.Value.Type() == "string" && f.Value.String() == "" {
					empty = fmt.Errorf("--%s \"\": empty; give a value, or omit --%s for its default", f.Name, f.Name)
				}
			})
			if empty != nil {
				return empty
			}
			err := check(cmd, args)
			if err == nil {
				return nil
			}
			m := argCount.FindStringSubmatch(err.Error())
			if m == nil {
				return err
			}
			want := map[string]string{"accepts at most": "takes at most", "requires at least": "needs at least", "accepts": "takes", "accepts between": "takes between"}[m[1]]
			noun := "arguments"
			if m[2] == "1" {
				noun = "argument"
			}
			msg := fmt.Sprintf("%s: %s %s %s, got %s", cmd.Name(), want, m[2], noun, m[3])
			if len(args) > 0 {
				msg += ": " + strings.Join(args, " ")
			}
			return &usageError{msg: msg, usage: cmd.UseLine()}
		}
	}
	for _, sub := range c.Commands() {
		checkArgs(sub)
	}
}

// tidyCommandError turns cobra's several-line "unknown command" message,
// with its "Did you mean this?" list, into one line and a hint.
func tidyCommandError(err error) error {
	head, rest, found := strings.Cut(err.Error(), "\n\nDid you mean this?\n")
	if !found || !strings.HasPrefix(head, "unknown command ") {
		return err
	}
	return &commandError{msg: head, suggestions: strings.Fields(rest)}
}

// commandError is a command thuis does not have, with the nearest ones.
type commandError struct {
	msg         string
	suggestions []string
}

func (e *commandError) Error() string { return e.msg }

// usageError is a command given the wrong arguments; the hint is its usage.
type usageError struct{ msg, usage string }

func (e *usageError) Error() string { return e.msg }

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
