// This file implements the pool of workers that runs the simulations of
// an analysis.

package analysis

import (
	"context"
	"runtime"
	"sync"
)

// parallel calls do(i) for i in 0..n-1 on workers goroutines (0: as many
// as cores), reporting each finished call to progress. It stops handing
// out work at the first error or when ctx is done, and returns that error.
// do must write its result where only call i writes.
func parallel(ctx context.Context, n, workers int, do func(ctx context.Context, i int) error, progress func(done, total int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	errs := make(chan error)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs <- do(ctx, i)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := 0; i < n; i++ {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(errs) }()
	var first error
	done := 0
	if progress != nil {
		progress(0, n)
	}
	for err := range errs {
		switch {
		case err == nil:
			done++
			if progress != nil {
				progress(done, n)
			}
		case first == nil:
			first = err
			cancel()
		}
	}
	if first == nil && ctx.Err() != nil && done < n {
		first = ctx.Err()
	}
	return first
}
