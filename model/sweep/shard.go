package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseShard reads "I/N" (0 <= I < N), "" (all runs), or "auto": the
// shard from a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN,
// SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX, with the count from count or THUIS_SHARD_COUNT).
// getenv is os.Getenv, or a map's lookup in tests.
func ParseShard(s string, getenv func(string) string, count int) (Shard, error) {
	switch s {
	case "", "all":
		return Shard{}, nil
	case "auto":
		return autoShard(getenv, count)
	}
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(i)
	total, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || total < 1 || index < 0 || index >= total {
		return Shard{}, fmt.Errorf("--shard %q: use I/N with 0 <= I < N (e.g. 0/4), or auto", s)
	}
	return Shard{index, total}, nil
}

func autoShard(getenv func(string) string, count int) (Shard, error) {
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		task, err := strconv.Atoi(id)
		if err != nil {
			return Shard{}, fmt.Errorf("--shard auto: SLURM_ARRAY_TASK_ID=%q is not a number", id)
		}
		n, err := strconv.Atoi(getenv("SLURM_ARRAY_TASK_COUNT"))
		if err != nil || n < 1 {
			return Shard{}, fmt.Errorf("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT=%q is not a count", getenv("SLURM_ARRAY_TASK_COUNT"))
		}
		min := 0
		if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
			if min, err = strconv.Atoi(m); err != nil {
				return Shard{}, fmt.Errorf("--shard auto: SLURM_ARRAY_TASK_MIN=%q is not a number", m)
			}
		}
		if task-min < 0 || task-min >= n {
			return Shard{}, fmt.Errorf("--shard auto: Slurm task %d is outside %d..%d; use a contiguous array (e.g. --array=0-%d)", task, min, min+n-1, n-1)
		}
		return Shard{task - min, n}, nil
	}
	if id := getenv("JOB_COMPLETION_INDEX"); id != "" {
		index, err := strconv.Atoi(id)
		if err != nil {
			return Shard{}, fmt.Errorf("--shard auto: JOB_COMPLETION_INDEX=%q is not a number", id)
		}
		if count == 0 {
			if c := getenv("THUIS_SHARD_COUNT"); c != "" {
				if count, err = strconv.Atoi(c); err != nil {
					return Shard{}, fmt.Errorf("--shard auto: THUIS_SHARD_COUNT=%q is not a number", c)
				}
			}
		}
		if count < 1 {
			return Shard{}, fmt.Errorf("--shard auto: JOB_COMPLETION_INDEX is set; give the number of shards with --shard-count or THUIS_SHARD_COUNT (the Job's completions)")
		}
		if index >= count {
			return Shard{}, fmt.Errorf("--shard auto: JOB_COMPLETION_INDEX=%d is not below the shard count %d", index, count)
		}
		return Shard{index, count}, nil
	}
	return Shard{}, fmt.Errorf("--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")
}
