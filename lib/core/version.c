/* rasgw_version(): the version of the library actually linked. */
#include "core.h"

#define STR2(x) #x
#define STR(x) STR2(x)

const char *rasgw_version(void)
{
	return STR(RASGW_VERSION_MAJOR) "." STR(RASGW_VERSION_MINOR) "." STR(RASGW_VERSION_PATCH);
}

int rasgw_version_number(void)
{
	return RASGW_VERSION_NUMBER;
}
