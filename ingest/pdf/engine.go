package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/socle-project/socle"
)

// Options configure an Engine. The zero value is ready to use.
type Options struct {
	// Workers is how many PDFium instances may run at once; 0 means GOMAXPROCS. An instance is
	// not safe for concurrent use, so this is also how many files are read in parallel.
	Workers int
	// MaxMemory is the hard cap on the linear memory of one instance; 0 means 1 GiB. A file
	// that needs more fails with ETOOLARGE instead of taking the process down.
	MaxMemory int64
	// CacheDir, when set, keeps wazero's compiled PDFium there, so that a new process starts in
	// a fraction of the ~3 s it takes to compile the 5 MB module.
	CacheDir string
}

// UserCacheDir is where a program keeps its compiled PDFium (Options.CacheDir) unless told
// otherwise: socle/pdfium in the user's cache directory, or "" (no cache) on a system without one.
func UserCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "socle", "pdfium")
}

// Engine reads PDFs with a pool of sandboxed PDFium instances. It starts its pool on first use,
// because compiling PDFium costs seconds, and keeps it until Close. It is safe for concurrent
// use; make one per process and share it.
type Engine struct {
	opts Options

	start   sync.Once
	pool    pdfium.Pool
	cache   wazero.CompilationCache
	initErr error

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup // reads whose goroutine still uses an instance
}

// NewEngine returns an engine that starts when first used.
func NewEngine(opts Options) *Engine {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxMemory <= 0 {
		opts.MaxMemory = 1 << 30
	}
	return &Engine{opts: opts}
}

// Start compiles PDFium and starts the pool now rather than on the first file, so that a
// server pays the few seconds at boot instead of on its first upload.
func (e *Engine) Start() error {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return socle.Errorf(socle.EUNAVAILABLE, "the PDF engine is closed")
	}
	_, err := e.startPool()
	return err
}

// Close releases the pool. It waits a few seconds for reads still running; if some are still
// inside PDFium after that (a read past its deadline), the pool is left to them rather than
// freed under their feet.
func (e *Engine) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	idle := make(chan struct{})
	go func() {
		e.inflight.Wait()
		close(idle)
	}()
	select {
	case <-idle:
	case <-time.After(closeGrace):
		return errors.New("pdf: engine closed with reads still running; their instances are not freed")
	}
	var err error
	if e.pool != nil {
		err = e.pool.Close()
	}
	if e.cache != nil {
		_ = e.cache.Close(context.Background())
	}
	return err
}

// closeGrace is how long Close waits for reads in progress.
const closeGrace = 5 * time.Second

// wasmPage is the size of a WebAssembly memory page.
const wasmPage = 64 << 10

func (e *Engine) startPool() (pdfium.Pool, error) {
	e.start.Do(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.closed {
			e.initErr = errors.New("engine closed")
			return
		}
		pages := e.opts.MaxMemory / wasmPage
		if pages > 65536 {
			pages = 65536
		}
		rc := wazero.NewRuntimeConfig().
			// PDFium's setjmp/longjmp are lowered to wasm exception handling.
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(uint32(pages))
		if e.opts.CacheDir != "" {
			if c, err := wazero.NewCompilationCacheWithDir(e.opts.CacheDir); err == nil {
				e.cache = c
				e.pool, e.initErr = initPool(rc.WithCompilationCache(c), e.opts.Workers)
				if e.initErr == nil {
					return
				}
				// The cache is an optimization: a full disk or a damaged entry must not keep
				// the engine from starting.
				_ = c.Close(context.Background())
				e.cache = nil
			}
		}
		e.pool, e.initErr = initPool(rc, e.opts.Workers)
	})
	if e.initErr != nil {
		return nil, fmt.Errorf("pdf: start PDFium: %w", e.initErr)
	}
	return e.pool, nil
}

func initPool(rc wazero.RuntimeConfig, workers int) (pdfium.Pool, error) {
	return webassembly.Init(webassembly.Config{
		// Instances are created with this context, which carries the memory allocator.
		Context:       experimental.WithMemoryAllocator(context.Background(), memoryAllocator()),
		MinIdle:       0,
		MaxIdle:       workers,
		MaxTotal:      workers,
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		// No file system at all: PDFium must not read host files, and scanning system
		// font folders through WASI costs more than it brings to text extraction.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   discard{},
		Stderr:   discard{},
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Extract reads a PDF into blocks. Errors carry a socle kind: EINVALID for files that cannot be
// read as they are (damaged, password-protected, scanned), ETOOLARGE for files over a limit.
func (e *Engine) Extract(ctx context.Context, data []byte, l Limits) (doc *Document, err error) {
	return e.ExtractWithProgress(ctx, data, l, nil)
}

// ExtractWithProgress is Extract calling progress, if not nil, after each page read, with the
// number of pages read and the number of pages in the file: a large file takes minutes, and
// whoever uploaded it wants to see it advance.
func (e *Engine) ExtractWithProgress(ctx context.Context, data []byte, l Limits, progress func(page, pages int)) (doc *Document, err error) {
	l.progress = progress
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, socle.Errorf(socle.EINTERNAL, "pdf: unexpected failure: %v", r)
		}
	}()
	raw, err := e.read(ctx, data, l.withDefaults())
	if err != nil {
		return nil, err
	}
	return layoutDocument(raw)
}

// read runs the engine part: everything that needs PDFium, nothing that does not.
func (e *Engine) read(ctx context.Context, data []byte, l Limits) (*rawDoc, error) {
	if int64(len(data)) > l.MaxBytes {
		return nil, socle.Errorf(socle.ETOOLARGE, "this PDF is %s, over the limit of %s: split it or compress its images",
			humanBytes(int64(len(data))), humanBytes(l.MaxBytes))
	}
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF")) {
		return nil, socle.Errorf(socle.EINVALID, "this file is not a PDF (no %%PDF header in its first bytes): export it again as PDF")
	}
	pool, err := e.openPool()
	if err != nil {
		return nil, err
	}
	// In Go and before taking an instance, so that files being prepared do not hold one. Its
	// work is bounded by the file's size; the time limit stops it too, leaving the streams not
	// yet rewritten as they are.
	sctx, cancelStrip := context.WithTimeout(ctx, l.Timeout)
	data, _ = stripInlineImages(sctx, data)
	cancelStrip()
	var raw *rawDoc
	err = e.withInstance(ctx, pool, l, func(tctx context.Context, inst pdfium.Pdfium, rl Limits) error {
		var err error
		raw, err = readDocument(tctx, inst, data, rl)
		return err
	})
	if err != nil {
		return nil, err // raw may still be written by a read past its deadline
	}
	return raw, nil
}

// openPool returns the engine's pool, started if need be.
func (e *Engine) openPool() (pdfium.Pool, error) {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "the PDF engine is closed")
	}
	pool, err := e.startPool()
	if err != nil {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "the PDF engine cannot start: %w", err)
	}
	return pool, nil
}

// withInstance runs work on an instance of the pool within l's time and memory limits.
//
// The work runs in its own goroutine so that a file running over its time gets its answer
// on time. The instance is only ever touched by that goroutine: when the deadline passes it
// stops between two engine calls and drops the instance. wazero could interrupt a call in
// the middle (WithCloseOnContextDone), but that makes PDFium 4-5 times slower, so a single
// call that never returns would keep its goroutine; PDFium is fuzzed continuously and
// no corpus file has a call longer than a second (docs/pdf-robustness.md).
func (e *Engine) withInstance(ctx context.Context, pool pdfium.Pool, l Limits, work func(context.Context, pdfium.Pdfium, Limits) error) error {
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("pdf: waiting for a free engine: %w", ctx.Err())
		}
		return socle.Errorf(socle.EUNAVAILABLE, "the PDF engine is not available: %w", err)
	}
	tctx, cancel := context.WithTimeout(ctx, l.Timeout)
	done := make(chan error, 1)
	defer cancel()
	e.inflight.Add(1)
	go func() {
		defer e.inflight.Done()
		var res error
		defer func() {
			if r := recover(); r != nil {
				res = socle.Errorf(socle.EINTERNAL, "pdf: unexpected failure: %v", r)
				_ = inst.Kill()
			}
			done <- res
		}()
		rl := l
		rl.MaxMemory = min(l.MaxMemory, e.opts.MaxMemory)
		res = work(tctx, inst, rl)
		// An instance that trapped, was stopped, or grew large is not given back: a later file
		// would find its memory state, or keep paying for memory it no longer needs. One that
		// merely refused a damaged or protected file is fine.
		if tctx.Err() != nil || (res != nil && !alive(inst)) || memorySize(inst) > keepMemory {
			_ = inst.Kill()
		} else {
			_ = inst.Close()
		}
	}()
	select {
	case err := <-done:
		if err != nil && tctx.Err() != nil {
			return timeoutError(ctx, l)
		}
		return err
	case <-tctx.Done():
		select {
		case err := <-done: // finished just in time
			if err == nil {
				return nil
			}
		default:
		}
		return timeoutError(ctx, l)
	}
}

func timeoutError(ctx context.Context, l Limits) error {
	if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("pdf: %w", err)
	}
	return socle.Errorf(socle.ETOOLARGE, "reading this PDF took longer than %s and was stopped: split it into smaller files, or print it again to PDF", l.Timeout)
}

// keepMemory is the instance memory above which an instance is dropped after use.
const keepMemory = 256 << 20

// memorySize returns the size of an instance's linear memory, or 0 if it cannot be told.
// go-pdfium exposes its wasm implementation only as `any` with an internal type, so this goes
// through reflection; on a library change it degrades to "unknown" rather than failing.
func memorySize(inst pdfium.Pdfium) (size uint64) {
	defer func() {
		if recover() != nil {
			size = 0
		}
	}()
	impl := reflect.ValueOf(inst.GetImplementation())
	if impl.Kind() == reflect.Pointer {
		impl = impl.Elem()
	}
	if impl.Kind() != reflect.Struct {
		return 0
	}
	mod := impl.FieldByName("Module")
	if !mod.IsValid() || mod.IsNil() {
		return 0
	}
	m := mod.MethodByName("Memory")
	if !m.IsValid() {
		return 0
	}
	out := m.Call(nil)
	if len(out) != 1 {
		return 0
	}
	if s, ok := out[0].Interface().(interface{ Size() uint32 }); ok {
		return uint64(s.Size())
	}
	return 0
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
