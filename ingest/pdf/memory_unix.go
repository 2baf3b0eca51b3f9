//go:build unix

package pdf

import (
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// mmapAllocator backs each engine instance's linear memory with its own anonymous mapping,
// reserved once at its maximum size and committed by the kernel page by page as PDFium
// touches it. Growing never copies (wazero's default reallocates and copies a Go slice, so a
// file that makes PDFium grow to 256 MB briefly costs three times that in Go heap), the memory
// is outside the Go heap so it does not inflate the garbage collector's goal, and it goes back
// to the system the moment the instance is dropped.
type mmapAllocator struct{}

func (mmapAllocator) Allocate(_, max uint64) experimental.LinearMemory {
	return &mmapMemory{max: max}
}

type mmapMemory struct {
	max uint64
	buf []byte
}

func (m *mmapMemory) Reallocate(size uint64) []byte {
	if size > m.max {
		return nil
	}
	if m.buf == nil {
		b, err := syscall.Mmap(-1, 0, int(m.max), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON|mapNoReserve)
		if err != nil {
			return nil
		}
		m.buf = b
	}
	return m.buf[:size]
}

func (m *mmapMemory) Free() {
	if m.buf != nil {
		_ = syscall.Munmap(m.buf)
		m.buf = nil
	}
}

func memoryAllocator() experimental.MemoryAllocator { return mmapAllocator{} }
