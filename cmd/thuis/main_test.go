package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/thuis-nl/thuis/model/output"
)

// TestMain lets the test binary double as the thuis command, so that the
// scripts in testdata/ can "exec thuis ..." without building it first.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"thuis": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every testdata/*.txtar. Each full simulation takes about
// a second and writes ~30 MB; the scripts together do at most six.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"jsonlist": cmdJSONList, "nodebris": cmdNoDebris,
			"killafter": cmdKillAfter, "datapackage": cmdDataPackage},
	})
}

// cmdJSONList is the script command
//
//	jsonlist FILE KEY[:TYPE]...
//
// It fails unless FILE (or stdout/stderr) is exactly one non-empty JSON list
// of objects in which every object has every KEY. TYPE, if given, is
// string, number, bool or number|null.
func cmdJSONList(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! jsonlist")
	}
	if len(args) < 1 {
		ts.Fatalf("usage: jsonlist FILE KEY[:TYPE]...")
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &list); err != nil {
		ts.Fatalf("%s is not one JSON list of objects: %v", args[0], err)
	}
	if len(list) == 0 {
		ts.Fatalf("%s: empty list", args[0])
	}
	for i, obj := range list {
		for _, spec := range args[1:] {
			key, typ, _ := strings.Cut(spec, ":")
			v, ok := obj[key]
			if !ok {
				ts.Fatalf("%s: object %d has no %q: %v", args[0], i, key, obj)
			}
			if typ != "" && jsonType(v) != typ && !(typ == "number|null" && (v == nil || jsonType(v) == "number")) {
				ts.Fatalf("%s: object %d: %q is %s (%v), want %s", args[0], i, key, jsonType(v), v, typ)
			}
		}
	}
	ts.Logf("%s: %d objects, each with %s", args[0], len(list), strings.Join(args[1:], " "))
}

// cmdDataPackage is the script command
//
//	datapackage DIR
//
// It fails unless DIR's datapackage.json describes every CSV file in DIR,
// and each file reads cleanly against it (output.CheckDataPackage).
func cmdDataPackage(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: datapackage DIR")
	}
	if err := output.CheckDataPackage(ts.MkAbs(args[0])); err != nil {
		ts.Fatalf("%v", err)
	}
}

// cmdNoDebris is the script command
//
//	nodebris DIR
//
// It fails if what a killed command leaves is in or beside DIR: a
// temporary file (.NAME.tmpDIGITS), a half-made replacement
// (.DIR.new-*, .DIR.old-*) or a lock file (.DIR.lock).
func cmdNoDebris(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: nodebris DIR")
	}
	if debris := findDebris(ts.MkAbs(args[0])); len(debris) > 0 {
		ts.Fatalf("debris of killed commands: %s", strings.Join(debris, ", "))
	}
}

// findDebris lists what an interrupted command may leave of output
// directory dir: a new or old copy or the lock beside it, and temporary
// files in it.
func findDebris(dir string) []string {
	base := filepath.Base(dir)
	var debris []string
	beside, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range beside {
		n := e.Name()
		if strings.HasPrefix(n, "."+base+".new-") || strings.HasPrefix(n, "."+base+".old-") || n == "."+base+".lock" {
			debris = append(debris, n)
		}
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".") && strings.Contains(d.Name(), ".tmp") {
			debris = append(debris, path)
		}
		return nil
	})
	return debris
}

// cmdKillAfter is the script command
//
//	killafter DURATION PROGRAM [ARGS...]
//
// It starts the program in the script's directory and environment, kills
// it with SIGKILL after DURATION (no chance to clean up), and logs whether
// it was killed or had ended. Either way the script goes on: what follows
// must hold for both.
func cmdKillAfter(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: killafter DURATION PROGRAM [ARGS...]")
	}
	d, err := time.ParseDuration(args[0])
	if err != nil {
		ts.Fatalf("killafter: %v", err)
	}
	path, err := exec.LookPath(filepath.Join(ts.Getenv("WORK"), "..", args[1]))
	if err != nil {
		// testscript puts its commands on the script's PATH.
		for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
			if p := filepath.Join(dir, args[1]); fileExists(p) {
				path = p
				break
			}
		}
	}
	if path == "" {
		ts.Fatalf("killafter: %s not found", args[1])
	}
	cmd := exec.Command(path, args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	for _, kv := range []string{"PATH", "HOME", "TMPDIR"} {
		cmd.Env = append(cmd.Env, kv+"="+ts.Getenv(kv))
	}
	if err := cmd.Start(); err != nil {
		ts.Fatalf("killafter: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		ts.Logf("%s ended before %s: %v", args[1], d, err)
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		ts.Logf("%s killed after %s", args[1], d)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "list"
	}
	return "object"
}

func TestRunScenariosWritesToInjectedStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"scenarios"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("run scenarios: exit code %d, want 0; stderr:\n%s", code, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("run scenarios: unexpected stderr:\n%s", stderr.String())
	}
	lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
	want := []string{"afbouw-zonder-woningen", "baseline", "eerst-een-thuis", "history", "history-calibrated", "preventie-eerst"}
	if len(lines) != len(want) {
		t.Fatalf("run scenarios: got %d lines, want %d:\n%s", len(lines), len(want), stdout.String())
	}
	for i, name := range want {
		fields := strings.Fields(lines[i])
		if len(fields) < 2 || fields[0] != name {
			t.Errorf("line %d = %q, want scenario %s followed by its description", i+1, lines[i], name)
		}
	}
	if !strings.Contains(stdout.String(), "(extends baseline)") {
		t.Errorf("run scenarios: no \"(extends baseline)\" in:\n%s", stdout.String())
	}
}

func TestRunBadFlagExitsOne(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"scenarios", "--no-such-flag"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "thuis: ") || !strings.Contains(stderr.String(), "no-such-flag") {
		t.Errorf("stderr does not name the bad flag:\n%s", stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("unexpected stdout:\n%s", stdout.String())
	}
}
