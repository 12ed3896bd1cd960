// Memory hints Swift cannot spell: compiler builtins behind inline functions.
#pragma once

/// Starts loading the cache line at `address` for reading, without waiting for
/// it (x86 PREFETCHNTA; a no-op where the CPU has no such instruction).
static inline void prefetch_for_reading(const void *address) {
    __builtin_prefetch(address, 0, 0);
}
