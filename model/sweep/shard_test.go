package sweep

import (
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		s     string
		env   map[string]string
		count int
		want  Shard
		err   string
	}{
		{s: "", want: Shard{}},
		{s: "2/5", want: Shard{2, 5}},
		{s: "5/5", err: `--shard "5/5": use I/N with 0 <= I < N`},
		{s: "x", err: `use I/N`},
		{s: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, want: Shard{3, 4}},
		{s: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, want: Shard{3, 4}},
		{s: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4"}, err: "outside 0..3"},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, count: 3, want: Shard{2, 3}},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "2", "THUIS_SHARD_COUNT": "8"}, want: Shard{2, 8}},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, err: "--shard-count or THUIS_SHARD_COUNT"},
		{s: "auto", env: map[string]string{}, err: "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX"},
	} {
		got, err := ParseShard(c.s, env(c.env), c.count)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseShard(%q, %v): err = %v, want %q", c.s, c.env, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseShard(%q, %v) = %v, %v; want %v", c.s, c.env, got, err, c.want)
		}
	}
}
