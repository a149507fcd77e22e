#ifndef SCSIM_CPREFETCH_H
#define SCSIM_CPREFETCH_H

/* A hint to start loading a cache line, which Swift cannot express. The model's passes over
   friends read one record per friend at a random address; asking for the friends of a
   citizen a few places ahead lets those misses overlap instead of queueing. A hint only:
   it never changes a value, so results do not depend on it. */

static inline void scsim_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
