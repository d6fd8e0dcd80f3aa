package main

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// availableMemory returns the bytes a sweep may use: four fifths of what
// the machine (or the container's cgroup) has free, or 0 where that is
// not known (not Linux). read is os.ReadFile, or a map in tests.
func availableMemory(read func(string) ([]byte, error)) uint64 {
	var free uint64
	if data, err := read("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) >= 2 && f[0] == "MemAvailable:" {
				if kb, err := strconv.ParseUint(f[1], 10, 64); err == nil {
					free = kb << 10
				}
			}
		}
	}
	// A container's limit: cgroup v2, then v1.
	for _, files := range [][2]string{
		{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
		{"/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"},
	} {
		limit, err1 := readUint(read, files[0])
		used, err2 := readUint(read, files[1])
		if err1 == nil && err2 == nil && limit > used && (free == 0 || limit-used < free) {
			free = limit - used
			break
		}
	}
	return free / 5 * 4
}

func readUint(read func(string) ([]byte, error), path string) (uint64, error) {
	data, err := read(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64) // "max" is no limit: an error
}
