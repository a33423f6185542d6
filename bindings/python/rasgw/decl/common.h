/*
 * cffi declarations mirroring include/rasgw/common.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

#define RASGW_VERSION_MAJOR ...

#define RASGW_VERSION_MINOR ...

#define RASGW_VERSION_PATCH ...

#define RASGW_VERSION_NUMBER ...

const char *rasgw_version(void);

int rasgw_version_number(void);
