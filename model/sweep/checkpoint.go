// This file implements checkpoints: the two files a finished run leaves
// in parts/<scenario>/ (issue 9, part 5). Each carries the scenario and
// run it belongs to and a SHA-256 of its content, so that a file that is
// empty, truncated, bit-flipped or copied over another run's is found:
// --resume runs it again, and Finalize, Merge and Verify refuse it,
// naming the file.

package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// A checkpoint file is
//
//	magic     8 bytes  "thuis-ck"
//	format    1 byte   1
//	kind      1 byte   'r' (record) or 'f' (fan series)
//	run       8 bytes  little-endian
//	scenario  2-byte length, then the name
//	length    8 bytes  of the payload
//	payload
//	sha256    32 bytes of everything before it
const (
	checkpointMagic  = "thuis-ck"
	checkpointFormat = 1
	kindRecord       = 'r'
	kindFan          = 'f'
)

// CheckpointError is a checkpoint that cannot be used.
type CheckpointError struct {
	Path string
	Msg  string
}

func (e *CheckpointError) Error() string { return e.Path + ": " + e.Msg }

// encodeCheckpoint frames a payload.
func encodeCheckpoint(kind byte, scenario string, run int, payload []byte) []byte {
	var b bytes.Buffer
	b.WriteString(checkpointMagic)
	b.WriteByte(checkpointFormat)
	b.WriteByte(kind)
	binary.Write(&b, binary.LittleEndian, uint64(run))
	binary.Write(&b, binary.LittleEndian, uint16(len(scenario)))
	b.WriteString(scenario)
	binary.Write(&b, binary.LittleEndian, uint64(len(payload)))
	b.Write(payload)
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// decodeCheckpoint checks a checkpoint's frame and returns its payload
// and the payload's offset in data. The message says what is wrong, for
// a user who finds it in a file name's company.
func decodeCheckpoint(data []byte, kind byte, scenario string, run int) (payload []byte, offset int, err error) {
	bad := func(format string, args ...any) ([]byte, int, error) {
		return nil, 0, errors.New(fmt.Sprintf(format, args...))
	}
	const fixed = len(checkpointMagic) + 2 + 8 + 2
	switch {
	case len(data) == 0:
		return bad("empty (0 bytes): the run did not finish writing it")
	case len(data) < fixed || string(data[:len(checkpointMagic)]) != checkpointMagic:
		return bad("not a thuis checkpoint")
	case data[len(checkpointMagic)] != checkpointFormat:
		return bad("checkpoint format %d; this thuis reads format %d", data[len(checkpointMagic)], checkpointFormat)
	}
	p := len(checkpointMagic) + 1
	k := data[p]
	gotRun := binary.LittleEndian.Uint64(data[p+1:])
	n := int(binary.LittleEndian.Uint16(data[p+9:]))
	p = fixed
	if len(data) < p+n+8 {
		return bad("truncated: %d bytes", len(data))
	}
	gotScenario := string(data[p : p+n])
	p += n
	length := binary.LittleEndian.Uint64(data[p:])
	p += 8
	if want := uint64(p) + length + sha256.Size; length > uint64(len(data)) || want != uint64(len(data)) {
		if want > uint64(len(data)) || length > uint64(len(data)) {
			return bad("truncated: %d bytes, its header says %d", len(data), want)
		}
		return bad("%d bytes, its header says %d", len(data), want)
	}
	end := p + int(length)
	if sum := sha256.Sum256(data[:end]); !bytes.Equal(sum[:], data[end:]) {
		return bad("checksum mismatch: the file is damaged")
	}
	switch {
	case k != kind:
		names := map[byte]string{kindRecord: "a run record", kindFan: "fan series"}
		return bad("holds %s, not %s", names[k], names[kind])
	case gotScenario != scenario:
		return bad("holds a run of scenario %q, not %q", gotScenario, scenario)
	case gotRun != uint64(run):
		return bad("holds run %d, not run %d", gotRun, run)
	}
	return data[p:end], p, nil
}

// encodeRecord is a record's payload: fixed-width little-endian numbers,
// each list preceded by its length.
func encodeRecord(rec *record) []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	w(uint64(rec.Run))
	w(rec.Seed)
	w(rec.Events)
	w(uint32(len(rec.Values)))
	w(rec.Values)
	w(uint32(len(rec.Outcomes)))
	for _, o := range rec.Outcomes {
		w(o.Value)
		w(o.Reached)
		w(int32(o.First))
	}
	w(uint32(len(rec.Metrics)))
	w(rec.Metrics)
	return b.Bytes()
}

// decodeRecord reads a record's payload; lengths are checked against
// what is left, so no input allocates more than its own size.
func decodeRecord(data []byte) (*record, error) {
	r := bytes.NewReader(data)
	short := errors.New("record payload truncated")
	u64 := func() (uint64, error) {
		var v uint64
		err := binary.Read(r, binary.LittleEndian, &v)
		return v, err
	}
	// count reads a list's length, and checks that what is left holds it.
	count := func(size int) (int, error) {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return 0, short
		}
		if int64(n)*int64(size) > int64(r.Len()) {
			return 0, short
		}
		return int(n), nil
	}
	var rec record
	run, err1 := u64()
	seed, err2 := u64()
	events, err3 := u64()
	if err1 != nil || err2 != nil || err3 != nil || run > math.MaxInt32 {
		return nil, short
	}
	rec.Run, rec.Seed, rec.Events = int(run), seed, events
	n, err := count(8)
	if err != nil {
		return nil, err
	}
	values := make([]float64, n)
	if err := binary.Read(r, binary.LittleEndian, values); err != nil {
		return nil, short
	}
	rec.Values = values
	if n, err = count(8 + 1 + 4); err != nil {
		return nil, err
	}
	for range n {
		var o struct {
			Value   float64
			Reached uint8
			First   int32
		}
		if err := binary.Read(r, binary.LittleEndian, &o); err != nil {
			return nil, short
		}
		if o.Reached > 1 {
			return nil, fmt.Errorf("record payload: reached is %d, not 0 or 1", o.Reached)
		}
		rec.Outcomes = append(rec.Outcomes, outcome{Value: o.Value, Reached: o.Reached == 1, First: int(o.First)})
	}
	if n, err = count(8); err != nil {
		return nil, err
	}
	metrics := make([]float64, n)
	if err := binary.Read(r, binary.LittleEndian, metrics); err != nil {
		return nil, short
	}
	rec.Metrics = metrics
	if r.Len() != 0 {
		return nil, fmt.Errorf("record payload has %d bytes too many", r.Len())
	}
	return &rec, nil
}

// writeRun stores a finished run: the fan file first, then the record,
// each atomically; a run counts as finished once both exist and check.
func writeRun(dir, scenario string, rec *record, fan []int32) error {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, fan)
	if err := writeBytes(fanPath(dir, rec.Run), encodeCheckpoint(kindFan, scenario, rec.Run, b.Bytes())); err != nil {
		return err
	}
	return writeBytes(recordPath(dir, rec.Run), encodeCheckpoint(kindRecord, scenario, rec.Run, encodeRecord(rec)))
}

func writeBytes(path string, data []byte) error {
	return output.WriteFile(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// checker checks the checkpoints of one scenario of a sweep against its
// manifest.
type checker struct {
	man     *Manifest
	info    ScenarioInfo
	dir     string // parts/<scenario>
	targets int    // outcomes per record; -1: unknown
}

func newChecker(man *Manifest, dir, scenario string, targets int) checker {
	return checker{man: man, info: man.scenario(scenario), dir: partsDir(dir, scenario), targets: targets}
}

// record reads and checks run's record.
func (c checker) record(run int) (*record, error) {
	path := recordPath(c.dir, run)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	payload, _, err := decodeCheckpoint(data, kindRecord, c.info.Name, run)
	if err != nil {
		return nil, &CheckpointError{path, err.Error()}
	}
	rec, err := decodeRecord(payload)
	if err != nil {
		return nil, &CheckpointError{path, err.Error()}
	}
	first, last := wholeYears(c.info.Dates)
	wantSeed := uncertainty.RunSeed(c.man.Seed, run%c.man.Runs) // with levers, every policy reuses the seeds
	switch {
	case rec.Run != run:
		return nil, &CheckpointError{path, fmt.Sprintf("holds run %d, not run %d", rec.Run, run)}
	case rec.Seed != wantSeed:
		return nil, &CheckpointError{path, fmt.Sprintf("seed %d, not this sweep's %d", rec.Seed, wantSeed)}
	case len(rec.Values) != len(c.info.Columns):
		return nil, &CheckpointError{path, fmt.Sprintf("%d sampled values, the sweep samples %d", len(rec.Values), len(c.info.Columns))}
	case c.targets >= 0 && len(rec.Outcomes) != c.targets:
		return nil, &CheckpointError{path, fmt.Sprintf("%d target outcomes, the targets are %d", len(rec.Outcomes), c.targets)}
	case len(rec.Metrics) != len(keyMetricColumns(first, last)):
		return nil, &CheckpointError{path, fmt.Sprintf("%d key metrics, want %d", len(rec.Metrics), len(keyMetricColumns(first, last)))}
	}
	return rec, nil
}

// fanValues is the number of values in a run's fan file.
func (c checker) fanValues() int { return len(fanLayout(len(c.info.Regions))) * len(c.info.Dates) }

// fan checks run's fan file and returns the offset of its values.
func (c checker) fan(run int) (int64, error) {
	path := fanPath(c.dir, run)
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	payload, offset, err := decodeCheckpoint(data, kindFan, c.info.Name, run)
	if err != nil {
		return 0, &CheckpointError{path, err.Error()}
	}
	if want := c.fanValues() * 4; len(payload) != want {
		return 0, &CheckpointError{path, fmt.Sprintf("%d bytes of series, want %d (%d series × %d months)", len(payload), want, len(fanLayout(len(c.info.Regions))), len(c.info.Dates))}
	}
	return int64(offset), nil
}

// check checks both files of a run: nil if the run is done and sound, an
// error satisfying errors.Is(err, fs.ErrNotExist) if a file is missing,
// and a *CheckpointError if one is damaged.
// The record is written last, so a run without one did not finish, and
// its fan file, if any, is not looked at.
func (c checker) check(run int) error {
	if _, err := c.record(run); err != nil {
		return err
	}
	_, err := c.fan(run)
	return err
}

// missing reports whether err is a checkpoint that is not there (as
// opposed to one that is there and damaged).
func missing(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// Verify checks every checkpoint kept in a sweep directory's parts/, and
// names the first damaged one. A directory whose parts/ were removed
// after the sweep finished has nothing to check.
func Verify(dir string) error {
	man, err := readManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // outputs copied without what made them
	}
	if err != nil {
		return err
	}
	for _, s := range man.Scenarios {
		c := newChecker(man, dir, s.Name, -1)
		for i := 0; i < s.runs(man.Runs); i++ {
			if err := c.check(i); err != nil && !missing(err) {
				return err
			}
		}
	}
	return nil
}
