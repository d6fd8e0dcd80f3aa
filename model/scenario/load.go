package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Loader reads scenarios from disk, falling back to the shipped ones.
//
// A scenario argument is a file path, or the name of a shipped scenario
// ("eerst-een-thuis"). Inside a file, "extends: NAME" and "regions: NAME"
// are looked up next to the file first (NAME.yaml, regions/NAME.yaml) and
// then among the shipped files, so a policymaker's variant can live anywhere.
type Loader struct {
	// Shipped holds the shipped scenarios, regions and targets, with
	// paths like "baseline.yaml" and "regions/centrumgemeenten-43.yaml".
	Shipped fs.FS
	// ShippedPrefix is prepended to shipped paths in messages, e.g. "scenarios/".
	ShippedPrefix string
}

// source is one file as read.
type source struct {
	display string // path shown in messages
	dir     string // directory, for relative look-ups
	shipped bool
	data    []byte
}

func (l Loader) read(name string) (*source, error) {
	if data, err := os.ReadFile(name); err == nil {
		return &source{display: filepath.ToSlash(name), dir: filepath.Dir(name), data: data}, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		if st, statErr := os.Stat(name); statErr == nil && st.IsDir() {
			return nil, fmt.Errorf("%s: a directory; give a scenario file (.yaml) or a shipped name", name)
		}
		return nil, err
	}
	if l.Shipped != nil {
		p := strings.TrimPrefix(filepath.ToSlash(name), l.ShippedPrefix)
		if !strings.HasSuffix(p, ".yaml") {
			p += ".yaml"
		}
		if data, err := fs.ReadFile(l.Shipped, p); err == nil {
			return &source{display: l.ShippedPrefix + p, dir: path.Dir(p), shipped: true, data: data}, nil
		}
	}
	return nil, &NotFoundError{Name: name, Shipped: l.ShippedNames()}
}

// NotFoundError is a scenario named on the command line that is neither a
// file nor a shipped scenario. It carries the shipped names, so a caller
// can suggest the one that was meant.
type NotFoundError struct {
	Name    string
	Shipped []string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s: no such file, and no shipped scenario of that name (shipped: %s)", e.Name, strings.Join(e.Shipped, ", "))
}

// relative finds NAME(.yaml) next to from, then among the shipped files.
func (l Loader) relative(from *source, name string) (*source, error) {
	file := name
	if !strings.HasSuffix(file, ".yaml") {
		file += ".yaml"
	}
	if from.shipped {
		if data, err := fs.ReadFile(l.Shipped, path.Join(from.dir, file)); err == nil {
			p := path.Join(from.dir, file)
			return &source{display: l.ShippedPrefix + p, dir: path.Dir(p), shipped: true, data: data}, nil
		}
	} else if data, err := os.ReadFile(filepath.Join(from.dir, file)); err == nil {
		p := filepath.Join(from.dir, file)
		return &source{display: filepath.ToSlash(p), dir: filepath.Dir(p), data: data}, nil
	}
	if l.Shipped != nil {
		if data, err := fs.ReadFile(l.Shipped, file); err == nil {
			return &source{display: l.ShippedPrefix + file, dir: path.Dir(file), shipped: true, data: data}, nil
		}
	}
	return nil, fmt.Errorf("%q: not found next to %s nor among the shipped files (shipped scenarios: %s)", name, from.display, strings.Join(l.ShippedNames(), ", "))
}

// beside reads a data file (not a scenario) named in from: next to it,
// else among the shipped files.
func (l Loader) beside(from *source, name string) (*source, error) {
	if strings.Contains(name, "..") || path.IsAbs(name) {
		return nil, fmt.Errorf("%q: name a file next to %s (no .. or absolute paths)", name, from.display)
	}
	if from.shipped {
		p := path.Join(from.dir, name)
		if data, err := fs.ReadFile(l.Shipped, p); err == nil {
			return &source{display: l.ShippedPrefix + p, dir: path.Dir(p), shipped: true, data: data}, nil
		}
	} else {
		p := filepath.Join(from.dir, name)
		if data, err := os.ReadFile(p); err == nil {
			return &source{display: filepath.ToSlash(p), dir: filepath.Dir(p), data: data}, nil
		}
	}
	if l.Shipped != nil {
		if data, err := fs.ReadFile(l.Shipped, name); err == nil {
			return &source{display: l.ShippedPrefix + name, dir: path.Dir(name), shipped: true, data: data}, nil
		}
	}
	return nil, fmt.Errorf("%q: not found next to %s nor among the shipped files", name, from.display)
}

// ShippedNames lists the shipped scenarios.
func (l Loader) ShippedNames() []string {
	if l.Shipped == nil {
		return nil
	}
	ms, _ := fs.Glob(l.Shipped, "*.yaml")
	var out []string
	for _, m := range ms {
		if m == "targets.yaml" {
			continue
		}
		out = append(out, strings.TrimSuffix(m, ".yaml"))
	}
	sort.Strings(out)
	return out
}

// Load reads, merges (extends) and validates a scenario. All problems are
// returned at once as an ErrorList.
func (l Loader) Load(name string) (*Scenario, error) {
	src, err := l.read(name)
	if err != nil {
		return nil, err
	}
	return l.load(src)
}

// Parse validates a scenario held in memory, as if read from file display.
func (l Loader) Parse(display string, data []byte) (*Scenario, error) {
	return l.load(&source{display: display, dir: filepath.Dir(display), data: data})
}

func (l Loader) load(src *source) (*Scenario, error) {
	d := &decoder{file: src.display, origin: map[*yaml.Node]string{}, sources: map[string]*source{}}
	h := sha256.New()
	var files []string
	hash := func(s *source) {
		files = append(files, s.display)
		fmt.Fprintf(h, "%s\n%d\n", s.display, len(s.data))
		h.Write(s.data)
	}

	root, parent, err := l.resolve(d, src, hash, nil)
	if err != nil {
		return nil, err
	}
	d.chain = append([]string(nil), files...) // the file, its parent, ...
	s := &Scenario{File: src.display, Extends: parent}
	d.posteriorFile = func(name string, n *yaml.Node) (*source, error) {
		from := src
		if decl, ok := d.sources[d.fileOf(n)]; ok {
			from = decl // next to the file that names it
		}
		ps, err := l.beside(from, name)
		if err == nil {
			hash(ps)
		}
		return ps, err
	}
	d.decodeScenario(root, s, func(setName string, n *yaml.Node) []Region {
		from := src
		if decl, ok := d.sources[d.fileOf(n)]; ok {
			from = decl // next to the file that names the region set
		}
		rs, err := l.relative(from, path.Join("regions", setName))
		if err != nil {
			d.errorf(n, "regions", "region set %v", err)
			return nil
		}
		hash(rs)
		return d.regions(rs)
	})
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	s.Files = files
	s.SHA256 = hex.EncodeToString(h.Sum(nil))
	return s, nil
}

// resolve parses src and merges it over its parents. It returns the merged
// document node and the name of the direct parent.
func (l Loader) resolve(d *decoder, src *source, hash func(*source), chain []string) (*yaml.Node, string, error) {
	hash(src) // cycles are caught before recursing, with the extends line
	d.sources[src.display] = src
	doc, err := parseYAML(src)
	if err != nil {
		return nil, "", err
	}
	markOrigin(doc, src.display, d.origin)
	d.duplicates(doc, "") // before merging, which would hide them
	ext := lookup(doc, "extends")
	if lookup(doc, "name") == nil && doc.Kind == yaml.MappingNode {
		d.errs = append(d.errs, &FieldError{File: src.display, Line: doc.Line, Field: "name", Msg: "missing required field: every scenario file names itself"})
	}
	if ext == nil {
		return doc, "", nil
	}
	if ext.Kind != yaml.ScalarNode || ext.Value == "" {
		return nil, "", &FieldError{File: src.display, Line: ext.Line, Field: "extends", Msg: "must name a scenario, e.g. extends: baseline"}
	}
	psrc, err := l.relative(src, ext.Value)
	if err != nil {
		return nil, "", &FieldError{File: src.display, Line: ext.Line, Field: "extends", Msg: err.Error()}
	}
	for _, c := range append(chain, src.display) {
		if c == psrc.display {
			return nil, "", &FieldError{File: src.display, Line: ext.Line, Field: "extends",
				Msg: fmt.Sprintf("%q makes a cycle: %s → %s", ext.Value, strings.Join(append(chain, src.display), " → "), psrc.display)}
		}
	}
	base, _, err := l.resolve(d, psrc, hash, append(chain, src.display))
	if err != nil {
		return nil, "", err
	}
	return d.mergeTop(base, doc), strings.TrimSuffix(path.Base(filepath.ToSlash(ext.Value)), ".yaml"), nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// parserProblems are the problems libyaml's parser (not its scanner) reports.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
}

// SyntaxError reads a yaml.v3 error: the line it is on (0 if it names
// none) and what is wrong, without yaml.v3's prefixes. yaml.v3
// (decode.go, parser.fail) adds 1 to the 0-based line of scanner errors
// but not of parser errors, which are one line early; the kinds share
// wording, so they are told apart by libyaml's exact parser problems
// (parserc.go). The other strict YAML readers (observed series, targets)
// use it too.
func SyntaxError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(m[1])
	if parserProblems[m[2]] {
		line++
	}
	return line, m[2]
}

// parseYAML parses src as one YAML document and returns its root, or a
// FieldError naming the line.
func parseYAML(src *source) (*yaml.Node, error) {
	fail := func(line int, format string, args ...any) (*yaml.Node, error) {
		return nil, &FieldError{File: src.display, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if line, what := CheckText(src.data); line > 0 {
		return fail(line, "%s; a scenario or region file is UTF-8 text", what)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src.data))
	err := dec.Decode(&doc)
	if err == nil {
		var second yaml.Node
		if dec.Decode(&second) != io.EOF {
			line := second.Line
			if len(second.Content) > 0 {
				line = second.Content[0].Line
			}
			return fail(line, "a second YAML document (after ---) is not allowed: one scenario per file")
		}
	}
	if errors.Is(err, io.EOF) {
		return fail(0, "empty file")
	}
	if err != nil {
		// yaml.v3 says "yaml: line 16: ..."; say "file:16: ..." like every other error.
		line, msg := SyntaxErrorIn(err, src.data)
		return fail(line, "%s", msg)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return fail(0, "empty file")
	}
	n := doc.Content[0]
	if a := FirstAlias(n); a != nil {
		return fail(a.Line, "YAML anchors and aliases are not supported; write each value out")
	}
	return n, nil
}

// HasAlias reports anchors and aliases, which would let a small file expand
// hugely and make "which line" ambiguous. Every strict YAML reader of the
// project refuses them.
func HasAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return true
	}
	for _, c := range n.Content {
		if HasAlias(c) {
			return true
		}
	}
	return false
}

func markOrigin(n *yaml.Node, file string, origin map[*yaml.Node]string) {
	origin[n] = file
	for _, c := range n.Content {
		markOrigin(c, file, origin)
	}
}

func lookup(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// regions decodes a region set file.
func (d *decoder) regions(src *source) []Region {
	doc, err := parseYAML(src)
	if err != nil {
		d.errs = append(d.errs, err.(*FieldError))
		return nil
	}
	markOrigin(doc, src.display, d.origin)
	d.duplicates(doc, "")
	var out []Region
	d.mapping(doc, "", map[string]field{
		"name":        req(func(v *yaml.Node, p string) { d.str(v, p) }),
		"description": req(func(v *yaml.Node, p string) { d.str(v, p) }),
		"regions": req(func(v *yaml.Node, p string) {
			d.entries(v, p, func(name string, k, v *yaml.Node, p string) {
				out = append(out, Region{Name: name, Weight: d.quantity(v, p, []string{"relative"}, weightBounds)})
			})
			if v.Kind == yaml.MappingNode && len(out) == 0 {
				d.errorf(v, p, "needs at least one region")
			}
		}),
	})
	return out
}
