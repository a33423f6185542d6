/* Helpers of the namespace test driver (see netx.h). */
#include "netx.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char *nx_prefix = "";

uint64_t nx_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void nx_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int nx_enter(const char *role)
{
	char path[256];
	snprintf(path, sizeof(path), "/run/netns/%s%s", nx_prefix, role);
	int target = open(path, O_RDONLY | O_CLOEXEC);
	if (target < 0) {
		fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0 || setns(target, CLONE_NEWNET) < 0) {
		fprintf(stderr, "cannot enter %s: %s\n", path, strerror(errno));
		if (saved >= 0)
			close(saved);
		close(target);
		return -1;
	}
	close(target);
	return saved;
}

void nx_leave(int saved)
{
	if (saved < 0)
		return;
	if (setns(saved, CLONE_NEWNET) < 0) {
		/* Staying in a test namespace would make every later step lie. */
		fprintf(stderr, "cannot return to the original namespace: %s\n", strerror(errno));
		abort();
	}
	close(saved);
}

int nx_socket(const char *role, int domain, int type, int proto)
{
	int saved = nx_enter(role);
	if (saved < 0)
		return -1;
	int fd = socket(domain, type | SOCK_CLOEXEC, proto);
	if (fd < 0)
		fprintf(stderr, "socket in %s%s: %s\n", nx_prefix, role, strerror(errno));
	nx_leave(saved);
	return fd;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sort_lines(char *text)
{
	size_t n = 0, cap = 16;
	char **lines = malloc(cap * sizeof(*lines));
	if (!lines)
		return text;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (n == cap) {
			char **grown = realloc(lines, (cap *= 2) * sizeof(*lines));
			if (!grown)
				break;
			lines = grown;
		}
		lines[n++] = l;
	}
	qsort(lines, n, sizeof(*lines), cmp_line);
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	char *out = malloc(len), *p = out;
	if (out) {
		for (size_t i = 0; i < n; i++)
			p += sprintf(p, "%s\n", lines[i]);
		*p = '\0';
	}
	free(lines);
	free(text);
	return out;
}

int nx_sh(char **out, bool sort, const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	FILE *f = popen(cmd, "r");
	if (!f) {
		if (out)
			*out = NULL;
		return -1;
	}
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += r;
		if (cap - len < 1024) {
			char *grown = realloc(buf, cap *= 2);
			if (!grown)
				break;
			buf = grown;
		}
	}
	if (buf)
		buf[len] = '\0';
	int status = pclose(f);
	if (sort && buf)
		buf = sort_lines(buf);
	if (out)
		*out = buf;
	else
		free(buf);
	return status < 0 ? -1 : (status >> 8) & 0xff;
}

static int links_set(const char *role, bool up, uint64_t *t_us)
{
	int saved = nx_enter(role);
	if (saved < 0)
		return -1;
	int rc = 0;
	struct if_nameindex *ifs = if_nameindex();
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (!ifs || fd < 0) {
		rc = -1;
		goto out;
	}
	if (t_us)
		*t_us = nx_now_us();
	for (struct if_nameindex *i = ifs; i->if_index; i++) {
		if (strcmp(i->if_name, "lo") == 0)
			continue;
		struct ifreq ifr = { 0 };
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
			rc = -1;
			continue;
		}
		if (up)
			ifr.ifr_flags |= IFF_UP;
		else
			ifr.ifr_flags &= (short)~IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			rc = -1;
	}
out:
	if (fd >= 0)
		close(fd);
	if (ifs)
		if_freenameindex(ifs);
	nx_leave(saved);
	return rc;
}

int nx_links_down(const char *role, uint64_t *t_us)
{
	return links_set(role, false, t_us);
}

int nx_links_up(const char *role)
{
	return links_set(role, true, NULL);
}

/* ------------------------------------------------------------ receivers */

static void *rx_main(void *arg)
{
	nx_rx *rx = arg;
	struct pollfd pfd[NX_MAX_GW];
	for (size_t i = 0; i < rx->n; i++)
		pfd[i] = (struct pollfd){ rx->gw[i].fd, POLLIN, 0 };
	while (!rx->stop) {
		if (poll(pfd, rx->n, 20) <= 0)
			continue;
		for (size_t i = 0; i < rx->n; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			char buf[256];
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			ssize_t r = recvfrom(pfd[i].fd, buf, sizeof(buf) - 1, MSG_DONTWAIT,
					     (struct sockaddr *)&from, &fl);
			if (r < 4)
				continue;
			uint64_t t = nx_now_us();
			if (memcmp(buf, "PRB", 3) == 0) {
				sendto(pfd[i].fd, buf, (size_t)r, 0, (struct sockaddr *)&from, fl);
				continue;
			}
			if (memcmp(buf, "IKE", 3) != 0)
				continue;
			pthread_mutex_lock(&rx->lock);
			rx->gw[i].count++;
			if (!rx->gw[i].first_us)
				rx->gw[i].first_us = t;
			pthread_mutex_unlock(&rx->lock);
			buf[0] = 'A', buf[1] = 'C', buf[2] = 'K';
			sendto(pfd[i].fd, buf, (size_t)r, 0, (struct sockaddr *)&from, fl);
		}
	}
	return NULL;
}

int nx_rx_start(nx_rx *rx, const char *const *roles, size_t n, unsigned int port)
{
	memset(rx, 0, sizeof(*rx));
	pthread_mutex_init(&rx->lock, NULL);
	for (size_t i = 0; i < n && i < NX_MAX_GW; i++) {
		snprintf(rx->gw[i].role, sizeof(rx->gw[i].role), "%s", roles[i]);
		int fd = nx_socket(roles[i], AF_INET, SOCK_DGRAM, 0);
		if (fd < 0)
			return -1;
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
			fprintf(stderr, "bind UDP %u in %s: %s\n", port, roles[i], strerror(errno));
			close(fd);
			return -1;
		}
		rx->gw[i].fd = fd;
		rx->n++;
	}
	return pthread_create(&rx->thread, NULL, rx_main, rx) == 0 ? 0 : -1;
}

void nx_rx_stop(nx_rx *rx)
{
	rx->stop = true;
	pthread_join(rx->thread, NULL);
	for (size_t i = 0; i < rx->n; i++)
		close(rx->gw[i].fd);
	pthread_mutex_destroy(&rx->lock);
}

void nx_rx_arm(nx_rx *rx)
{
	pthread_mutex_lock(&rx->lock);
	for (size_t i = 0; i < rx->n; i++)
		rx->gw[i].first_us = 0;
	pthread_mutex_unlock(&rx->lock);
}

nx_rx_gw nx_rx_get(nx_rx *rx, size_t i)
{
	pthread_mutex_lock(&rx->lock);
	nx_rx_gw g = rx->gw[i];
	pthread_mutex_unlock(&rx->lock);
	return g;
}

/* --------------------------------------------------------------- sender */

static void *tx_main(void *arg)
{
	nx_tx *tx = arg;
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons((uint16_t)tx->port) };
	inet_pton(AF_INET, tx->dst, &dst.sin_addr);
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	uint64_t seq = 0;
	while (!tx->stop) {
		char msg[64];
		int len = snprintf(msg, sizeof(msg), "IKE %llu", (unsigned long long)seq++);
		/* Errors (unreachable while a gateway is gone) are part of the test. */
		sendto(tx->fd, msg, (size_t)len, 0, (struct sockaddr *)&dst, sizeof(dst));
		for (;;) {
			char buf[128];
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			ssize_t r = recvfrom(tx->fd, buf, sizeof(buf), MSG_DONTWAIT,
					     (struct sockaddr *)&from, &fl);
			if (r < 0)
				break;
			if (r >= 3 && memcmp(buf, "ACK", 3) == 0) {
				pthread_mutex_lock(&tx->lock);
				tx->replies++;
				inet_ntop(AF_INET, &from.sin_addr, tx->reply_from,
					  sizeof(tx->reply_from));
				pthread_mutex_unlock(&tx->lock);
			}
		}
		pthread_mutex_lock(&tx->lock);
		tx->sent++;
		pthread_mutex_unlock(&tx->lock);
		next.tv_nsec += 1000000L;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	return NULL;
}

int nx_tx_start(nx_tx *tx, const char *role, const char *src, unsigned int sport, const char *dst,
		unsigned int port)
{
	memset(tx, 0, sizeof(*tx));
	pthread_mutex_init(&tx->lock, NULL);
	snprintf(tx->dst, sizeof(tx->dst), "%s", dst);
	tx->port = port;
	tx->fd = nx_socket(role, AF_INET, SOCK_DGRAM, 0);
	if (tx->fd < 0)
		return -1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)sport) };
	inet_pton(AF_INET, src, &a.sin_addr);
	if (bind(tx->fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		fprintf(stderr, "bind %s:%u in %s: %s\n", src, sport, role, strerror(errno));
		close(tx->fd);
		return -1;
	}
	return pthread_create(&tx->thread, NULL, tx_main, tx) == 0 ? 0 : -1;
}

void nx_tx_stop(nx_tx *tx)
{
	tx->stop = true;
	pthread_join(tx->thread, NULL);
	close(tx->fd);
	pthread_mutex_destroy(&tx->lock);
}

void nx_tx_get(nx_tx *tx, uint64_t *replies, char *from, size_t fromlen)
{
	pthread_mutex_lock(&tx->lock);
	*replies = tx->replies;
	snprintf(from, fromlen, "%s", tx->reply_from);
	pthread_mutex_unlock(&tx->lock);
}
