//go:build linux && (amd64 || arm64 || riscv64 || loong64 || s390x || mips64 || mips64le)

package output

import (
	"os"
	"syscall"
)

// startWriteback asks Linux to start writing n bytes of f from offset
// off to disk, and returns without waiting: sync_file_range(2) with
// SYNC_FILE_RANGE_WRITE. It is only a head start for the fsync that
// commits the file, so its error is of no use and is ignored. (On these
// architectures the call takes its arguments in this order; 32-bit ones
// split the offsets, and use the fallback.)
func startWriteback(f *os.File, off, n int64) {
	const syncFileRangeWrite = 2 // SYNC_FILE_RANGE_WRITE
	c, err := f.SyscallConn()
	if err != nil {
		return
	}
	c.Control(func(fd uintptr) {
		syscall.Syscall6(syscall.SYS_SYNC_FILE_RANGE, fd, uintptr(off), uintptr(n), syncFileRangeWrite, 0, 0)
	})
}
