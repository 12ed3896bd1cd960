// Memory hints and atomics Swift cannot spell without a package: compiler
// builtins behind inline functions.
#pragma once

/// Starts loading the cache line at `address` for reading, without waiting for
/// it (x86 PREFETCHNTA; a no-op where the CPU has no such instruction).
static inline void prefetch_for_reading(const void *address) {
    __builtin_prefetch(address, 0, 0);
}

/// `*counter += delta`, seen by every thread; returns the new value.
static inline long atomic_add_long(long *counter, long delta) {
    return __atomic_add_fetch(counter, delta, __ATOMIC_SEQ_CST);
}

/// `*counter`, with every write made before the last `atomic_add_long` visible.
static inline long atomic_load_long(const long *counter) {
    return __atomic_load_n(counter, __ATOMIC_SEQ_CST);
}

#ifdef __linux__
#define _GNU_SOURCE 1
#include <pthread.h>
#include <sched.h>

/// Lets `thread` run on every CPU of this process except `cpu`: a helper
/// woken by the main thread then lands beside it, on another core, instead of
/// taking the main thread's core away. Returns 0 on success.
static inline int keep_thread_off_cpu(pthread_t thread, int cpu) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    if (CPU_COUNT(&set) < 2 || !CPU_ISSET(cpu, &set)) return -1;
    CPU_CLR(cpu, &set);
    return pthread_setaffinity_np(thread, sizeof set, &set);
}

/// The CPU the calling thread runs on now.
static inline int current_cpu(void) { return sched_getcpu(); }
#else
#include <pthread.h>

/// Thread affinity is Linux's; elsewhere the scheduler places the helper.
static inline int keep_thread_off_cpu(pthread_t thread, int cpu) { (void)thread; (void)cpu; return -1; }
static inline int current_cpu(void) { return -1; }
#endif
