/**
 * @file rasgw/common.h
 * @brief Export macros, C++ linkage guards and the version of librasgw.
 *
 * Thread-safety: everything here is safe from any thread.
 */
#ifndef RASGW_COMMON_H
#define RASGW_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/**
 * @def RASGW_BEGIN_DECL
 * Opens the declarations of a public header: `extern "C" {` in C++, nothing in C.
 */
/**
 * @def RASGW_END_DECL
 * Closes what RASGW_BEGIN_DECL opened.
 */
#ifdef __cplusplus
#define RASGW_BEGIN_DECL extern "C" {
#define RASGW_END_DECL }
#else
#define RASGW_BEGIN_DECL
#define RASGW_END_DECL
#endif

/** Marks a declaration as part of the public, exported ABI. */
#if defined(RASGW_BUILDING) && defined(__GNUC__)
#define RASGW_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define RASGW_EXTERN(type) type
#endif

/** Major version: changes only on a deliberate ABI break (it is the SOVERSION). */
#define RASGW_VERSION_MAJOR 0
/** Minor version: new API, appended struct fields. */
#define RASGW_VERSION_MINOR 1
/** Patch version: fixes only. */
#define RASGW_VERSION_PATCH 0
/** The version as one comparable number: major * 10000 + minor * 100 + patch. */
#define RASGW_VERSION_NUMBER \
	(RASGW_VERSION_MAJOR * 10000 + RASGW_VERSION_MINOR * 100 + RASGW_VERSION_PATCH)

RASGW_BEGIN_DECL

/**
 * The version of the library actually linked, as "MAJOR.MINOR.PATCH".
 *
 * @return a static string; never NULL, never to be freed.
 */
RASGW_EXTERN(const char *) rasgw_version(void);

/**
 * The version of the library actually linked as RASGW_VERSION_NUMBER would
 * compute it; compare with the macro to detect a header/library mismatch.
 */
RASGW_EXTERN(int) rasgw_version_number(void);

RASGW_END_DECL

#endif
