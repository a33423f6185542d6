/**
 * @file rasgw/errors.h
 * @brief Status codes and the per-thread last error.
 *
 * Every fallible librasgw call returns 0 on success or one of the negative
 * RASGW_E* codes below. The numbers are part of the ABI and never change.
 * On failure the call leaves its outputs untouched and records a message in
 * a thread-local slot that rasgw_error_last() returns.
 *
 * Thread-safety: the last error is per thread; these functions are safe from
 * any thread.
 */
#ifndef RASGW_ERRORS_H
#define RASGW_ERRORS_H

#include "common.h"

RASGW_BEGIN_DECL

/** Status codes (fixed numbers, part of the ABI). */
typedef enum rasgw_status {
	RASGW_OK = 0,           /**< Success. */
	RASGW_EINVAL = -1,      /**< An argument is invalid (NULL, out of range). */
	RASGW_ENOMEM = -2,      /**< An allocation failed; nothing changed. */
	RASGW_EPARSE = -3,      /**< Input text is not well formed (file:line:column in the error). */
	RASGW_EVALIDATE = -4,   /**< Input is well formed but breaks a rule (R1.2 ...). */
	RASGW_ENOTFOUND = -5,   /**< An id names nothing in the model. */
	RASGW_EEXISTS = -6,     /**< An id is already taken. */
	RASGW_ENOCAPACITY = -7, /**< No gateway can take the connection. */
	RASGW_ESTALE = -8,      /**< A plan's base fingerprint is not the model's. */
	RASGW_EVERSION = -9,    /**< A versioned struct has a version this library does not know. */
	RASGW_EIO = -10,        /**< Reading or writing a file failed. */
	RASGW_EBACKEND = -11,   /**< A backend failed to apply an operation. */
	RASGW_ESTATE = -12,     /**< The request does not fit the current state (e.g. gateway not active). */
	RASGW_ELIMIT = -13,     /**< Input exceeds a size or depth limit. */
	RASGW_EUSER = -14       /**< A user callback returned non-zero and stopped a walk. */
} rasgw_status;

/** Details of the last error on this thread. */
typedef struct rasgw_error {
	int code;            /**< The RASGW_E* code, or 0 if no error was recorded. */
	const char *message; /**< Human message with context; never NULL. */
	const char *file;    /**< For parse/validation errors: the input's name, else NULL. */
	unsigned int line;   /**< 1-based line for parse errors, else 0. */
	unsigned int column; /**< 1-based column for parse errors, else 0. */
} rasgw_error;

/**
 * A short static description of a status code ("no capacity" ...).
 * @return a static string, never NULL (unknown codes give "unknown error").
 */
RASGW_EXTERN(const char *) rasgw_strerror(int code);

/**
 * The last error recorded on the calling thread.
 *
 * @return a pointer that is never NULL; it stays valid until the next
 *         librasgw call on this thread. A thread with no error yet gets a
 *         record with code 0 and message "no error".
 */
RASGW_EXTERN(const rasgw_error *) rasgw_error_last(void);

/** Forget the last error of the calling thread. */
RASGW_EXTERN(void) rasgw_error_clear(void);

RASGW_END_DECL

#endif
