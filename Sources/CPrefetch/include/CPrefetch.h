#ifndef SCSIM_CPREFETCH_H
#define SCSIM_CPREFETCH_H

/* A hint to start loading a cache line, which Swift cannot express. The model's passes over
   friends read one record per friend at a random address; asking for the friends of a
   citizen a few places ahead lets those misses overlap instead of queueing. A hint only:
   it never changes a value, so results do not depend on it. */

static inline void scsim_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/* The processor's spin-wait hint (x86 PAUSE, ARM YIELD), which Swift cannot emit either: a
   worker watching a counter for its next job tells the core it is waiting, so that a
   sibling hardware thread keeps the core's resources and the loop's exit is not a
   misspeculation (WorkerPool). */
static inline void scsim_spin_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
