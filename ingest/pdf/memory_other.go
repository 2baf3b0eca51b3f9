//go:build !unix

package pdf

import "github.com/tetratelabs/wazero/experimental"

// memoryAllocator is wazero's default on systems without mmap.
func memoryAllocator() experimental.MemoryAllocator { return nil }
