/* Health probes fed to a librasgw tracker (see probe.h). */
#include "probe.h"

#include "netx.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CH_VM, CH_SERVICE, CH_COUNT };

typedef struct pr_state {
	bool outstanding[PR_MAX_GW][CH_COUNT];
	uint16_t seq;
	uint64_t last_ms; /* times fed to the tracker never go backwards */
} pr_state;

static uint64_t feed_ms(pr_state *s)
{
	uint64_t t = nx_now_us() / 1000u;
	if (t < s->last_ms)
		t = s->last_ms;
	s->last_ms = t;
	return t;
}

static int on_event(const rasgw_health_event *ev, void *payload)
{
	prober *p = payload;
	pthread_mutex_lock(&p->lock);
	if (p->nevents < PR_MAX_EVENTS) {
		pr_event *e = &p->events[p->nevents++];
		e->kind = ev->kind;
		snprintf(e->id, sizeof(e->id), "%s", ev->id);
		e->t_us = nx_now_us();
	}
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

static void result(prober *p, pr_state *s, int gw, int ch, bool ok)
{
	rasgw_probe probe = { ch == CH_VM ? RASGW_PROBE_GATEWAY_VM : RASGW_PROBE_GATEWAY_SERVICE,
			      p->ids[gw], ok, feed_ms(s) };
	s->outstanding[gw][ch] = false;
	rasgw_health_probe(p->health, &probe, on_event, p);
}

static uint16_t csum(const void *data, size_t len)
{
	const uint8_t *b = data;
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)(b[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static void send_round(prober *p, pr_state *s)
{
	s->seq++;
	for (int g = 0; g < p->n; g++) {
		struct sockaddr_in to = { .sin_family = AF_INET };
		inet_pton(AF_INET, p->dips[g], &to.sin_addr);
		struct {
			struct icmphdr h;
			uint8_t data[8];
		} echo = { 0 };
		echo.h.type = ICMP_ECHO;
		echo.h.un.echo.id = htons((uint16_t)getpid());
		echo.h.un.echo.sequence = htons(s->seq);
		echo.data[0] = (uint8_t)g;
		echo.h.checksum = csum(&echo, sizeof(echo));
		sendto(p->icmp_fd, &echo, sizeof(echo), 0, (struct sockaddr *)&to, sizeof(to));
		s->outstanding[g][CH_VM] = true;

		char msg[32];
		int len = snprintf(msg, sizeof(msg), "PRB %u %d", s->seq, g);
		to.sin_port = htons((uint16_t)p->service_port);
		sendto(p->udp_fd, msg, (size_t)len, 0, (struct sockaddr *)&to, sizeof(to));
		s->outstanding[g][CH_SERVICE] = true;
	}
}

static int gw_of(prober *p, const struct in_addr *a)
{
	char text[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, a, text, sizeof(text));
	for (int g = 0; g < p->n; g++)
		if (strcmp(p->dips[g], text) == 0)
			return g;
	return -1;
}

static void read_icmp(prober *p, pr_state *s)
{
	for (;;) {
		uint8_t buf[256];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(p->icmp_fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &fl);
		if (r < 0)
			return;
		const struct iphdr *ip = (const void *)buf;
		size_t hl = (size_t)ip->ihl * 4;
		if ((size_t)r < hl + sizeof(struct icmphdr))
			continue;
		const struct icmphdr *h = (const void *)(buf + hl);
		if (h->type != ICMP_ECHOREPLY || ntohs(h->un.echo.id) != (uint16_t)getpid() ||
		    ntohs(h->un.echo.sequence) != s->seq)
			continue;
		int g = gw_of(p, &from.sin_addr);
		if (g >= 0 && s->outstanding[g][CH_VM]) {
			p->answers++;
			result(p, s, g, CH_VM, true);
		}
	}
}

static void read_udp(prober *p, pr_state *s)
{
	for (;;) {
		char buf[64];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(p->udp_fd, buf, sizeof(buf) - 1, MSG_DONTWAIT,
				     (struct sockaddr *)&from, &fl);
		if (r < 0)
			return;
		buf[r] = '\0';
		unsigned int seq;
		int g;
		if (sscanf(buf, "PRB %u %d", &seq, &g) != 2 || seq != s->seq)
			continue;
		if (g >= 0 && g < p->n && g == gw_of(p, &from.sin_addr) && s->outstanding[g][CH_SERVICE]) {
			p->answers++;
			result(p, s, g, CH_SERVICE, true);
		}
	}
}

static void *pr_main(void *arg)
{
	prober *p = arg;
	pr_state s = { .seq = 0 };
	uint64_t next = nx_now_us();
	uint64_t period = (uint64_t)p->interval_ms * 1000u;
	while (!p->stop) {
		uint64_t now = nx_now_us();
		if (now >= next) {
			/* A probe unanswered by the next round is an explicit miss. */
			for (int g = 0; g < p->n; g++)
				for (int ch = 0; ch < CH_COUNT; ch++)
					if (s.outstanding[g][ch])
						result(p, &s, g, ch, false);
			p->round_us = nx_now_us();
			send_round(p, &s);
			p->rounds++;
			next += period;
			if (next <= now)
				next = now + period;
		}
		/* Silence is noticed by ticks; every 5 ms keeps detection sharp. */
		rasgw_health_tick(p->health, feed_ms(&s), on_event, p);
		uint64_t wait_us = next > now ? next - now : 0;
		if (wait_us > 5000)
			wait_us = 5000;
		struct pollfd pfd[2] = { { p->icmp_fd, POLLIN, 0 }, { p->udp_fd, POLLIN, 0 } };
		if (poll(pfd, 2, (int)((wait_us + 999) / 1000)) > 0) {
			if (pfd[0].revents & POLLIN)
				read_icmp(p, &s);
			if (pfd[1].revents & POLLIN)
				read_udp(p, &s);
		}
	}
	return NULL;
}

int pr_start(prober *p, const char *role, unsigned int interval_ms, unsigned int service_port,
	     const char *const *ids, const char *const *dips, int n)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->interval_ms = interval_ms;
	p->service_port = service_port;
	p->n = n < PR_MAX_GW ? n : PR_MAX_GW;
	rasgw_health_options o = RASGW_HEALTH_OPTIONS_INIT;
	o.probe_interval_ms = interval_ms;
	if (rasgw_health_new(&p->health, &o) < 0) {
		fprintf(stderr, "rasgw_health_new: %s\n", rasgw_error_last()->message);
		return -1;
	}
	for (int g = 0; g < p->n; g++) {
		snprintf(p->ids[g], sizeof(p->ids[g]), "%s", ids[g]);
		snprintf(p->dips[g], sizeof(p->dips[g]), "%s", dips[g]);
		if (rasgw_health_add_gateway(p->health, ids[g], NULL) < 0) {
			fprintf(stderr, "rasgw_health_add_gateway: %s\n", rasgw_error_last()->message);
			return -1;
		}
	}
	p->icmp_fd = nx_socket(role, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	p->udp_fd = nx_socket(role, AF_INET, SOCK_DGRAM, 0);
	if (p->icmp_fd < 0 || p->udp_fd < 0)
		return -1;
	return pthread_create(&p->thread, NULL, pr_main, p) == 0 ? 0 : -1;
}

void pr_stop(prober *p)
{
	p->stop = true;
	pthread_join(p->thread, NULL);
	close(p->icmp_fd);
	close(p->udp_fd);
	rasgw_health_free(p->health);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
}

int pr_wait(prober *p, pr_event *out, unsigned int timeout_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_nsec -= 1000000000L;
		until.tv_sec++;
	}
	pthread_mutex_lock(&p->lock);
	while (p->nevents == 0) {
		if (pthread_cond_timedwait(&p->cond, &p->lock, &until) == ETIMEDOUT)
			break;
	}
	int got = 0;
	if (p->nevents > 0) {
		*out = p->events[0];
		memmove(&p->events[0], &p->events[1], (size_t)(p->nevents - 1) * sizeof(p->events[0]));
		p->nevents--;
		got = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return got;
}

int pr_event_count(prober *p)
{
	pthread_mutex_lock(&p->lock);
	int n = p->nevents;
	pthread_mutex_unlock(&p->lock);
	return n;
}
