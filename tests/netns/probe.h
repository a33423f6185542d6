/*
 * The controller's health probes (R4.1), for real: from the controller's
 * namespace, every interval, an ICMP echo to each gateway's DIP (the VM
 * probe) and a UDP datagram to its service port (the service probe), fed
 * with their times to a librasgw health tracker. Events land in a queue the
 * main thread waits on.
 */
#ifndef RASGW_NETNS_PROBE_H
#define RASGW_NETNS_PROBE_H

#include <rasgw/errors.h>
#include <rasgw/health.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define PR_MAX_GW 3
#define PR_MAX_EVENTS 16

typedef struct pr_event {
	rasgw_health_event_kind kind;
	char id[32];
	uint64_t t_us; /* when the tracker reported it */
} pr_event;

typedef struct prober {
	rasgw_health *health;
	char ids[PR_MAX_GW][32];
	char dips[PR_MAX_GW][64];
	int n;
	unsigned int interval_ms;
	unsigned int service_port;
	int icmp_fd;
	int udp_fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_bool stop;
	pr_event events[PR_MAX_EVENTS];
	int nevents;
	atomic_uint_fast64_t rounds;
	atomic_uint_fast64_t answers;
	atomic_uint_fast64_t round_us; /* when the last round of probes was sent */
} prober;

/* Start probing from namespace <prefix><role>. Returns 0 or -1 (message printed). */
int pr_start(prober *p, const char *role, unsigned int interval_ms, unsigned int service_port,
	     const char *const *ids, const char *const *dips, int n);
void pr_stop(prober *p);
/* Wait up to timeout_ms for an event; 1 with *out filled, 0 on timeout. */
int pr_wait(prober *p, pr_event *out, unsigned int timeout_ms);
/* Number of events so far. */
int pr_event_count(prober *p);

#endif
