/* Internal view of the backend registry. */
#ifndef RASGW_EXEC_INT_H
#define RASGW_EXEC_INT_H

#include "core/core.h"
#include "plan/plan_int.h"
#include "rasgw/exec.h"

struct rasgw__backend_slot {
	rasgw_backend backend;
	char *name; /* owned copy; backend.name points here */
	bool set;
};

struct rasgw_backends {
	struct rasgw__backend_slot slots[RASGW_TARGET_KIND_COUNT];
	RASGW__VEC(void *) plugins; /* dlopen handles */
};

#endif
