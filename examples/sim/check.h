/*
 * `rasgw-sim --check`: invariants of the model, recomputed from scratch
 * through the public API after every step, so that a planner or commit that
 * breaks a rule of DOMAIN.md is caught at the step that broke it.
 */
#ifndef RASGW_SIM_CHECK_H
#define RASGW_SIM_CHECK_H

#include <rasgw/model.h>

#include <stddef.h>

/*
 * Check every invariant. Returns 0, or -1 with the first violation in msg
 * ("R1.3: gateway 'gw1' is over capacity: ...").
 */
int check_invariants(const rasgw_model *m, char *msg, size_t len);

#endif
