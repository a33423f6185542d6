/*
 * What one step of a simulation produced (the plans of one event, the
 * health events behind them, a planning error), shared by the runner, the
 * printers and the expectation checker.
 */
#ifndef RASGW_SIM_SIM_H
#define RASGW_SIM_SIM_H

#include "scenario.h"

#include <rasgw/errors.h>
#include <rasgw/health.h>
#include <rasgw/model.h>
#include <rasgw/plan.h>

#include <stdio.h>

typedef struct sim_health_event {
	rasgw_health_event_kind kind;
	char *id;
	uint64_t time_ms;
} sim_health_event;

typedef struct sim_step {
	size_t index;            /* 1-based event number */
	const sim_event *event;
	rasgw_plan **plans;      /* committed plans, in order */
	size_t plan_count;
	const char **plan_causes; /* why each plan was made ("gatewayFailure gw1", "health gateway-vm-failed gw1") */
	sim_health_event *health;
	size_t health_count;
	rasgw_connection spec;   /* connectionPlace: the record being placed again */
	int error;               /* planning error code (0 none); the model is then unchanged */
	char error_msg[512];
} sim_step;

/* "ENOCAPACITY" ... for a status code; NULL if unknown. */
const char *sim_error_name(int code);
/* The code for "ENOCAPACITY" (or "RASGW_ENOCAPACITY"); 1 if unknown (never a status). */
int sim_error_parse(const char *name);

/* Check the step's expectations. Returns 0, or -1 with the first mismatch in msg. */
int expect_check(const rasgw_model *m, const sim_step *st, const sim_expect *x, char *msg,
		 size_t len);

/* print.c */
typedef struct sim_out {
	FILE *f;
	bool json;
} sim_out;
void print_header(const sim_out *o, const sim_scenario *s, const rasgw_model *m);
void print_step(const sim_out *o, const sim_step *st);
void print_health(const sim_out *o, const sim_step *st, const sim_health_event *ev);
void print_note(const sim_out *o, const sim_step *st, const char *note);
void print_error(const sim_out *o, const sim_step *st, bool expected);
void print_plan(const sim_out *o, const sim_step *st, size_t plan_index);
void print_expect(const sim_out *o, const sim_step *st, const sim_expect *x, bool ok,
		  const char *msg);
void print_check(const sim_out *o, const sim_step *st, bool ok, const char *msg);
void print_summary(const sim_out *o, const rasgw_model *m);
void print_result(const sim_out *o, const char *scenario, size_t steps, size_t expects,
		  int failures, const char *why);

/* svg.c: a picture of every pool; returns 0, or -1 with errno set. */
int svg_write(const char *path, const rasgw_model *m, const char *title);

#endif
