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

/* n must be in [1, max - min]; the Swift caller checks. */
static inline unsigned long scsim_uniform_int(const gsl_rng *r, unsigned long n) {
    unsigned long offset = r->type->min;
    unsigned long range = r->type->max - offset;
    unsigned long scale = range / n;
    unsigned long k;
    do { k = ((r->type->get)(r->state) - offset) / scale; } while (k >= n);
    return k;
}

#endif
