/*
 * Shared helpers of the fuzz targets. A broken property calls fz_fail(),
 * which prints what broke and aborts, so libFuzzer records the input as a
 * crash (doc/hardening.md, "Reproducing a fuzz finding").
 */
#ifndef RASGW_FUZZ_COMMON_H
#define RASGW_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "model/model_int.h"
#include "rasgw/errors.h"
#include "rasgw/load.h"
#include "rasgw/model.h"

#if defined(__GNUC__)
#define FZ_NORETURN __attribute__((noreturn, format(printf, 3, 4)))
#else
#define FZ_NORETURN
#endif

void fz_fail(const char *file, int line, const char *fmt, ...) FZ_NORETURN;

#define FZ_CHECK(cond, ...)                                                   \
	do {                                                                  \
		if (!(cond))                                                  \
			fz_fail(__FILE__, __LINE__, __VA_ARGS__);             \
	} while (0)

/*
 * A failed call must return a documented code and record that same code,
 * with a message, as the thread's last error (errors.h).
 */
void fz_check_error(const char *call, int rc);

/* The model's invariants (rasgw__model_check_invariants) or abort. */
void fz_check_model(const char *when, const rasgw_model *m);

/* Load examples/topologies/<name> or abort (fixed models of the targets). */
rasgw_model *fz_load_example(const char *name);

/* The canonical snapshot of m, or abort; free with rasgw_free(). */
char *fz_snapshot(const rasgw_model *m);

/* A new model from snapshot text, or abort. */
rasgw_model *fz_from_snapshot(const char *json);

#endif
