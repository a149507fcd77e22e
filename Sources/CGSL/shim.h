#ifndef SCSIM_CGSL_SHIM_H
#define SCSIM_CGSL_SHIM_H

/* The only C that scsim sees. Swift 6 cannot read GSL's global generator-type
   variables (they are mutable globals), so each is returned from a function. */

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_cdf.h>

static inline const gsl_rng_type *scsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *scsim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *scsim_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *scsim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

static inline const gsl_qrng_type *scsim_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *scsim_qrng_halton(void) { return gsl_qrng_halton; }

/* GSL's own gsl_rng_uniform, gsl_rng_uniform_pos and gsl_rng_uniform_int, as written in
   gsl_rng.h for builds with HAVE_INLINE, so that a draw is one indirect call into the
   generator instead of a call through the PLT into a wrapper that makes it. Same values. */
static inline double scsim_uniform(const gsl_rng *r) {
    return (r->type->get_double)(r->state);
}

static inline double scsim_uniform_pos(const gsl_rng *r) {
    double x;
    do { x = (r->type->get_double)(r->state); } while (x == 0);
    return x;
}

/* gsl_rng_uniform_int: for n = 0 or n beyond max - min, GSL's error (switched off here)
   and then 0, with no draw. */
static inline unsigned long scsim_uniform_int(const gsl_rng *r, unsigned long n) {
    unsigned long offset = r->type->min;
    unsigned long range = r->type->max - offset;
    if (n == 0 || n > range) return 0;
    unsigned long scale = range / n;
    unsigned long k;
    do { k = ((r->type->get)(r->state) - offset) / scale; } while (k >= n);
    return k;
}

/* GSL's taus2 generator (L'Ecuyer's three-component Tausworthe, taus.c: taus_get and
   taus_get_double, which taus and taus2 share; taus2 differs only in its seeding, left to
   gsl_rng_set). Written out here, over GSL's own state, so that the compiler inlines a
   draw: through the type's function pointer every draw is an indirect call, and a call
   makes the caller spill every live floating-point register (all are caller-saved), which
   in the model's loops cost more than the draw. Same state, same values: tested draw for
   draw against gsl_rng_uniform, gsl_rng_uniform_pos and gsl_rng_uniform_int. */
typedef struct { unsigned long s1, s2, s3; } scsim_taus_state;

static inline unsigned long scsim_taus_get(void *vstate) {
    scsim_taus_state *state = (scsim_taus_state *) vstate;
    const unsigned long mask = 0xffffffffUL;
    unsigned long s1 = state->s1, s2 = state->s2, s3 = state->s3;
    s1 = (((s1 & 4294967294UL) << 12) & mask) ^ ((((s1 << 13) & mask) ^ s1) >> 19);
    s2 = (((s2 & 4294967288UL) << 4) & mask) ^ ((((s2 << 2) & mask) ^ s2) >> 25);
    s3 = (((s3 & 4294967280UL) << 17) & mask) ^ ((((s3 << 3) & mask) ^ s3) >> 11);
    state->s1 = s1; state->s2 = s2; state->s3 = s3;
    return s1 ^ s2 ^ s3;
}

static inline double scsim_taus_uniform(void *vstate) {
    return scsim_taus_get(vstate) / 4294967296.0;
}

static inline double scsim_taus_uniform_pos(void *vstate) {
    double x;
    do { x = scsim_taus_get(vstate) / 4294967296.0; } while (x == 0);
    return x;
}

/* gsl_rng_uniform_int for taus2 (min 0, max 2^32 - 1). */
static inline unsigned long scsim_taus_uniform_int(void *vstate, unsigned long n) {
    /* n = 0 or beyond the range: 0 and no draw, as gsl_rng_uniform_int (above). */
    if (n == 0 || n > 0xffffffffUL) return 0;
    unsigned long scale = 0xffffffffUL / n;
    unsigned long k;
    do { k = scsim_taus_get(vstate) / scale; } while (k >= n);
    return k;
}

/* The size of a taus2 state, for checking at start-up that GSL's matches the struct above. */
static inline size_t scsim_taus_state_size(void) { return sizeof(scsim_taus_state); }

#endif
