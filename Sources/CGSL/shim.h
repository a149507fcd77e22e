#ifndef SCSIM_CGSL_SHIM_H
#define SCSIM_CGSL_SHIM_H

/* The only C that scsim sees. Swift 6 cannot read GSL's global generator-type
   variables (they are mutable globals), so each is returned from a function. */

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_qrng.h>

static inline const gsl_rng_type *scsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *scsim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *scsim_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *scsim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

static inline const gsl_qrng_type *scsim_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *scsim_qrng_halton(void) { return gsl_qrng_halton; }

#endif
