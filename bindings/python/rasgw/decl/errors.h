/*
 * cffi declarations mirroring include/rasgw/errors.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

typedef enum rasgw_status {
	RASGW_OK = 0,
	RASGW_EINVAL = -1,
	RASGW_ENOMEM = -2,
	RASGW_EPARSE = -3,
	RASGW_EVALIDATE = -4,
	RASGW_ENOTFOUND = -5,
	RASGW_EEXISTS = -6,
	RASGW_ENOCAPACITY = -7,
	RASGW_ESTALE = -8,
	RASGW_EVERSION = -9,
	RASGW_EIO = -10,
	RASGW_EBACKEND = -11,
	RASGW_ESTATE = -12,
	RASGW_ELIMIT = -13,
	RASGW_EUSER = -14
} rasgw_status;

typedef struct rasgw_error {
	int code;
	const char *message;
	const char *file;
	unsigned int line;
	unsigned int column;
} rasgw_error;

const char *rasgw_strerror(int code);

const rasgw_error *rasgw_error_last(void);

void rasgw_error_clear(void);
