/* A program built against an installed librasgw through pkg-config. */
#include <rasgw/common.h>
#include <rasgw/errors.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	if (rasgw_version_number() != RASGW_VERSION_NUMBER) {
		fprintf(stderr, "header version %d, library version %d\n", RASGW_VERSION_NUMBER,
			rasgw_version_number());
		return 1;
	}
	const char *msg = rasgw_strerror(RASGW_ENOCAPACITY);
	if (!msg || strcmp(msg, rasgw_strerror(12345)) == 0) {
		fprintf(stderr, "rasgw_strerror(RASGW_ENOCAPACITY) gave no message\n");
		return 1;
	}
	printf("%s\n", rasgw_version());
	return 0;
}
