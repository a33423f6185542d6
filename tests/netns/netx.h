/*
 * Small helpers of the namespace test driver: clocks, entering the test's
 * network namespaces, shell checks, and the UDP traffic and probe threads.
 */
#ifndef RASGW_NETNS_NETX_H
#define RASGW_NETNS_NETX_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NX_MAX_GW 3

/* Monotonic microseconds. */
uint64_t nx_now_us(void);
/* Sleep for ms milliseconds. */
void nx_sleep_ms(unsigned int ms);

/* The namespace prefix of this run ("rgw1234-"); set once at start. */
extern const char *nx_prefix;

/* Enter the namespace <prefix><role> on the calling thread; returns the fd to leave with, or -1. */
int nx_enter(const char *role);
/* Go back to the namespace saved by nx_enter. */
void nx_leave(int saved);
/* A socket created inside <prefix><role>, or -1. */
int nx_socket(const char *role, int domain, int type, int proto);

/*
 * Run a shell command, capture its output (sorted lines when sort is true)
 * into a malloc'ed string (*out, may be NULL). Returns the exit status.
 */
int nx_sh(char **out, bool sort, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Take every link of <prefix><role> except lo down; *t_us gets the time just before. */
int nx_links_down(const char *role, uint64_t *t_us);
/* Bring every link of <prefix><role> up again. */
int nx_links_up(const char *role);

/* ------------------------------------------------------ traffic (UDP) */

typedef struct nx_rx_gw {
	char role[16];
	int fd;
	uint64_t count;    /* data datagrams received */
	uint64_t first_us; /* first one since the last arm, 0 if none */
} nx_rx_gw;

/*
 * Receivers: one UDP socket per gateway namespace bound to `port`. Data
 * ("IKE ...") is counted and acknowledged; service probes ("PRB ...") are
 * echoed, as the gateway service's health check.
 */
typedef struct nx_rx {
	nx_rx_gw gw[NX_MAX_GW];
	size_t n;
	pthread_t thread;
	pthread_mutex_t lock;
	atomic_bool stop;
} nx_rx;

int nx_rx_start(nx_rx *rx, const char *const *roles, size_t n, unsigned int port);
void nx_rx_stop(nx_rx *rx);
/* Forget first arrivals (before a kill). */
void nx_rx_arm(nx_rx *rx);
/* Copy of one gateway's counters. */
nx_rx_gw nx_rx_get(nx_rx *rx, size_t i);

/* Sender: from the site, one datagram per millisecond to dst:port; replies counted. */
typedef struct nx_tx {
	int fd;
	char dst[64];
	unsigned int port;
	pthread_t thread;
	pthread_mutex_t lock;
	atomic_bool stop;
	uint64_t sent;
	uint64_t replies;
	char reply_from[64]; /* source address of the last reply */
} nx_tx;

int nx_tx_start(nx_tx *tx, const char *role, const char *src, unsigned int sport, const char *dst,
		unsigned int port);
void nx_tx_stop(nx_tx *tx);
void nx_tx_get(nx_tx *tx, uint64_t *replies, char *from, size_t fromlen);

#endif
