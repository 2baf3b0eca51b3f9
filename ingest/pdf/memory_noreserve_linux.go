package pdf

import "syscall"

// mapNoReserve keeps the kernel from reserving swap for the whole mapping up front.
const mapNoReserve = syscall.MAP_NORESERVE
