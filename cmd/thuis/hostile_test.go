package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestHostile runs the hostile corpus of issue 9: cases a hostile new user
// tries, from the README only, one archive per class of failure in
// testdata/hostile (a-panic.txtar ... g-message.txtar). An archive's
// files are the inputs; its comment is the table of cases:
//
//	case NAME                      a case; the lines below belong to it
//	do ARGS...                     setup: thuis ARGS must succeed
//	flip FILE OFFSET               setup: invert the byte at OFFSET (from the end if negative)
//	cut FILE SIZE                  setup: truncate FILE to SIZE bytes
//	cp SRC DST / rm PATH / mkdir DIR / chmod MODE PATH / ln TARGET LINK / write FILE TEXT
//	gen FILE N HEAD LINE           setup: write HEAD and N lines LINE, %d in it the line's number
//	thuis ARGS...                  the command under test (quotes group words)
//	err TEXT                       it fails (exit 1) and stderr is exactly these lines
//	err... TEXT                    stderr starts with these lines (a long list)
//	ok [TEXT]                      it succeeds, and stdout holds TEXT
//	out TEXT                       stdout is exactly these lines
//	same PATH                      PATH is unchanged by the command (a file or a directory)
//	equal FILE1 FILE2              the two files are the same bytes after the command
//	absent PATH                    the command left no PATH
//
// Each command runs in the process with a context deadline: a command
// still running at the deadline hung. Every message is also checked for
// what makes it weak: a panic or a Go type name, a doubled prefix, more
// than 55 lines. A case without an outcome fails and prints what
// happened, in the table's syntax, to review and paste in.
//
// The heavy cases (kill -9 then --resume, a full disk, a read-only file
// system, two commands on one directory at once, Ctrl-C and SIGTERM)
// are in robust_test.go, stop_test.go and testdata/kill.txtar; the
// tally in the README counts them with these.
func TestHostile(t *testing.T) {
	archives, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no hostile corpus: %v", err)
	}
	small := mustRead(t, smallScenario)
	three := mustRead(t, filepath.Join(filepath.Dir(smallScenario), "regions", "three.yaml"))
	type tally struct{ cases, errors, results, failed int }
	var total tally
	for _, path := range archives {
		class := strings.TrimSuffix(filepath.Base(path), ".txtar")
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := parseHostile(string(ar.Comment))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var n tally
		t.Run(class, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			os.MkdirAll("regions", 0o755)
			os.WriteFile("small.yaml", []byte(small), 0o644)
			os.WriteFile(filepath.Join("regions", "three.yaml"), []byte(three), 0o644)
			for _, f := range ar.Files {
				os.MkdirAll(filepath.Dir(f.Name), 0o755)
				if err := os.WriteFile(f.Name, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range cases {
				n.cases++
				ok := t.Run(c.name, func(t *testing.T) { c.check(t) })
				switch {
				case !ok:
					n.failed++
				case c.wantOK:
					n.results++
				default:
					n.errors++
				}
			}
		})
		t.Logf("%-12s %3d cases: %3d clear errors, %3d correct results, %d failing", class, n.cases, n.errors, n.results, n.failed)
		total.cases += n.cases
		total.errors += n.errors
		total.results += n.results
		total.failed += n.failed
	}
	t.Logf("%-12s %3d cases: %3d clear errors, %3d correct results, %d failing", "total", total.cases, total.errors, total.results, total.failed)
}

// hostileBound is how long one command of the corpus may take; the
// largest runs a small scenario for a few years.
const hostileBound = 30 * time.Second

type hostileCase struct {
	name    string
	line    int        // in the archive's comment
	setup   [][]string // setup steps, each a verb and its arguments
	args    []string   // the command under test
	wantErr []string   // stderr lines
	prefix  bool       // wantErr is a prefix of stderr
	wantOK  bool
	stdout  string      // a text stdout holds
	wantOut []string    // stdout lines, exactly (validate prints its problems there)
	same    []string    // paths the command must not change
	equal   [][2]string // files that must be the same bytes after the command
	absent  []string    // paths the command must not leave
}

func parseHostile(table string) ([]*hostileCase, error) {
	var cases []*hostileCase
	var c *hostileCase
	for i, line := range strings.Split(table, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		if verb == "case" {
			c = &hostileCase{name: rest, line: i + 1}
			cases = append(cases, c)
			continue
		}
		if c == nil {
			return nil, fmt.Errorf("line %d: %q before the first case", i+1, line)
		}
		words, err := splitWords(rest)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		switch verb {
		case "do", "flip", "cut", "cp", "rm", "mkdir", "chmod", "ln", "write", "gen":
			c.setup = append(c.setup, append([]string{verb}, words...))
		case "thuis":
			if c.args != nil {
				return nil, fmt.Errorf("line %d: case %s has two commands", i+1, c.name)
			}
			c.args = words
			if c.args == nil {
				c.args = []string{}
			}
		case "err", "err...":
			c.wantErr = append(c.wantErr, rest)
			c.prefix = c.prefix || verb == "err..."
		case "ok":
			c.wantOK, c.stdout = true, rest
		case "out":
			c.wantOut = append(c.wantOut, rest)
		case "equal":
			if len(words) != 2 {
				return nil, fmt.Errorf("line %d: equal takes two files", i+1)
			}
			c.equal = append(c.equal, [2]string{words[0], words[1]})
		case "same":
			c.same = append(c.same, words...)
		case "absent":
			c.absent = append(c.absent, words...)
		default:
			return nil, fmt.Errorf("line %d: unknown verb %q", i+1, verb)
		}
	}
	for _, c := range cases {
		if c.args == nil {
			return nil, fmt.Errorf("line %d: case %s has no thuis command", c.line, c.name)
		}
	}
	return cases, nil
}

// splitWords splits a line into words; double quotes group words, and
// \n, \t, \xHH and \" inside them are escapes.
func splitWords(s string) ([]string, error) {
	var words []string
	for s = strings.TrimLeft(s, " "); s != ""; s = strings.TrimLeft(s, " ") {
		if s[0] != '"' {
			w, rest, _ := strings.Cut(s, " ")
			words, s = append(words, w), rest
			continue
		}
		end := 1
		for end < len(s) && s[end] != '"' {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(s) {
			return nil, fmt.Errorf("unclosed quote in %s", s)
		}
		w, err := strconv.Unquote(s[:end+1])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", s[:end+1], err)
		}
		words, s = append(words, w), s[end+1:]
	}
	return words, nil
}

// goTypeName finds Go's words in a message: a type name such as
// target.Target or []float64, or a runtime error.
var goTypeName = regexp.MustCompile(`\*?\b(yaml|scenario|target|sweep|sim|output|observed|costs|report)\.[A-Z]\w+|\[\](float64|string|int)|map\[string\]|\bgoroutine \d|runtime error|invalid memory address|index out of range`)

func (c *hostileCase) check(t *testing.T) {
	for _, s := range c.setup {
		if err := hostileSetup(t, s); err != nil {
			t.Fatalf("setup %s: %v", strings.Join(s, " "), err)
		}
	}
	before := map[string]string{}
	for _, p := range c.same {
		before[p] = snapshotPath(t, p)
	}
	code, stdout, stderr, panicked := runBounded(c.args)
	if panicked != "" {
		t.Fatalf("thuis %s panicked: %s", strings.Join(c.args, " "), panicked)
	}
	if code < 0 {
		t.Fatalf("thuis %s did not end within %s: it hangs", strings.Join(c.args, " "), hostileBound)
	}
	if m := goTypeName.FindString(stderr); m != "" {
		t.Errorf("Go's words %q in:\n%s", m, stderr)
	}
	if m := doubled(stderr); m != "" {
		t.Errorf("a doubled prefix %q in:\n%s", m, stderr)
	}
	if n := strings.Count(stderr, "\n"); n > 55 {
		t.Errorf("%d lines of errors; the list is not capped", n)
	}
	for p, snap := range before {
		if snapshotPath(t, p) != snap {
			t.Errorf("%s changed", p)
		}
	}
	for _, pair := range c.equal {
		if x, y := snapshotPath(t, pair[0]), snapshotPath(t, pair[1]); x == "" || x[strings.Index(x, " "):] != y[strings.Index(y, " "):] {
			t.Errorf("%s and %s differ", pair[0], pair[1])
		}
	}
	for _, p := range c.absent {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s was written", p)
			os.RemoveAll(p) // so the next case starts without it
		}
	}
	switch {
	case c.wantOK:
		if code != 0 {
			t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr)
		}
		if !strings.Contains(stdout, c.stdout) {
			t.Errorf("stdout does not hold %q:\n%s", c.stdout, stdout)
		}
	case c.wantErr != nil:
		want := strings.Join(c.wantErr, "\n") + "\n"
		if code != 1 || (c.prefix && !strings.HasPrefix(stderr, want)) || (!c.prefix && stderr != want) {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr, want)
		}
		if want := strings.Join(c.wantOut, "\n") + "\n"; c.wantOut != nil && stdout != want {
			t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
		}
	default:
		var b strings.Builder
		if code == 0 {
			fmt.Fprintf(&b, "ok\n")
		} else {
			for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
				fmt.Fprintf(&b, "err %s\n", l)
			}
			for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
				if stdout != "" {
					fmt.Fprintf(&b, "out %s\n", l)
				}
			}
		}
		t.Errorf("no outcome given (line %d); exit %d, stdout %.200q, so:\n%s", c.line, code, stdout, b.String())
	}
}

// runBounded runs thuis in this process within hostileBound: code -1 if
// it did not end, and the panic if one reached here.
func runBounded(args []string) (code int, stdout, stderr, panicked string) {
	ctx, cancel := context.WithTimeout(context.Background(), hostileBound)
	defer cancel()
	var out, errs bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				panicked = fmt.Sprintf("%v\n%s", r, debug.Stack())
			}
		}()
		code = runContext(ctx, args, &out, &errs)
	}()
	if ctx.Err() != nil {
		code = -1
	}
	return code, out.String(), errs.String(), panicked
}

func hostileSetup(t *testing.T, s []string) error {
	verb, args := s[0], s[1:]
	need := map[string]int{"gen": 4, "flip": 2, "cut": 2, "cp": 2, "rm": 1, "mkdir": 1, "chmod": 2, "ln": 2, "write": 2}
	if n, ok := need[verb]; ok && len(args) != n {
		return fmt.Errorf("%s takes %d arguments", verb, n)
	}
	switch verb {
	case "do":
		code, _, stderr, panicked := runBounded(args)
		if code != 0 || panicked != "" {
			return fmt.Errorf("exit %d: %s%s", code, stderr, panicked)
		}
	case "flip", "cut":
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return err
		}
		data, err := os.ReadFile(args[0])
		if err != nil {
			return err
		}
		if verb == "cut" {
			return os.WriteFile(args[0], data[:min(n, len(data))], 0o644)
		}
		if n < 0 {
			n += len(data)
		}
		if n < 0 || n >= len(data) {
			return fmt.Errorf("offset %s outside %d bytes", args[1], len(data))
		}
		data[n] ^= 0xff
		return os.WriteFile(args[0], data, 0o644)
	case "cp":
		data, err := os.ReadFile(args[0])
		if err != nil {
			return err
		}
		return os.WriteFile(args[1], data, 0o644)
	case "rm":
		return os.RemoveAll(args[0])
	case "mkdir":
		return os.MkdirAll(args[0], 0o755)
	case "chmod":
		mode, err := strconv.ParseUint(args[0], 8, 32)
		if err != nil {
			return err
		}
		if err := os.Chmod(args[1], os.FileMode(mode)); err != nil {
			return err
		}
		t.Cleanup(func() { os.Chmod(args[1], 0o755) })
	case "ln":
		return os.Symlink(args[0], args[1])
	case "write":
		return os.WriteFile(args[0], []byte(args[1]), 0o644)
	case "gen":
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString(args[2])
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, args[3], i)
		}
		return os.WriteFile(args[0], []byte(b.String()), 0o644)
	default:
		return fmt.Errorf("unknown setup %s", verb)
	}
	return nil
}

// snapshotPath is a file's or a directory tree's names and contents.
func snapshotPath(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	var paths []string
	filepath.Walk(path, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	for _, p := range paths {
		data, _ := os.ReadFile(p)
		fmt.Fprintf(&b, "%s %d %x\n", p, len(data), sha256.Sum256(data))
	}
	return b.String()
}
