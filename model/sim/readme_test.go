package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMECodeReferences keeps model/README.md true to the code: every
// "code:" note names files that exist and, after each file, identifiers
// declared in that file. An evaluator who asks "where is this rule?" is
// sent to the right place.
func TestREADMECodeReferences(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	spans := regexp.MustCompile(`(?is)\*code: (.*?)\*`).FindAllStringSubmatch(text, -1)
	if len(spans) < 20 {
		t.Fatalf("found %d code notes in model/README.md; the parser or the README changed", len(spans))
	}
	tick := regexp.MustCompile("`([^`]+)`")
	decls := map[string]map[string]bool{}
	checked := 0
	for _, span := range spans {
		file := ""
		for _, m := range tick.FindAllStringSubmatch(span[1], -1) {
			tok := m[1]
			switch {
			case strings.HasSuffix(tok, ".go"):
				file = resolveGoFile(tok)
				if _, err := os.Stat(file); err != nil {
					t.Errorf("model/README.md names %s, which does not exist (%s)", tok, file)
					file = ""
					continue
				}
				if decls[file] == nil {
					decls[file] = declared(t, file)
				}
			case file != "" && regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(tok):
				checked++
				if !decls[file][tok] {
					t.Errorf("model/README.md says %s is in %s; it is not declared there", tok, file)
				}
			}
		}
	}
	if checked < 40 {
		t.Errorf("checked only %d identifiers", checked)
	}
}

// resolveGoFile maps a README path to a file: "engine.go" is in model/sim,
// "scenario/load.go" in model/scenario, "model/output/write.go" from the
// repository root.
func resolveGoFile(p string) string {
	switch {
	case strings.HasPrefix(p, "model/"):
		return filepath.Join("../..", p)
	case strings.Contains(p, "/"):
		return filepath.Join("..", p)
	default:
		return p
	}
}

// declared lists the top-level names (functions, methods, types, vars,
// consts) and struct fields of a Go file.
func declared(t *testing.T, file string) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			out[d.Name.Name] = true
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out[n.Name] = true
					}
				}
			}
		}
	}
	return out
}
