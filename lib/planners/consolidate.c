/*
 * Consolidation (rasgw_plan_consolidate): pack a pool's connections onto as
 * few active gateways as possible, make before break. The model is only
 * read; everything below is the plan's own state.
 *
 * Candidate plans, each a set of moves:
 * - target packings, one per "keep level": gateways at least that full stay
 *   as they are, the rest of the connections are packed by best fit
 *   decreasing into bins opened on real gateways (so capacity and the
 *   per-gateway rules, R7.2 VLAN racks, are those of a gateway that can hold
 *   the bin); the bins are mapped onto the current gateways so that the
 *   least moves (largest overlap first, where the move is safe); then moves
 *   are accepted only while every target keeps its current load plus all it
 *   receives within capacity. Make before break configures every new
 *   connection (phase 3) before any old one is removed (phase 7), so what a
 *   gateway gives away does not make room for what it receives in the same
 *   plan; moves that would need that room stay and are reported.
 * - emptying: the least loaded gateways, one by one, into the others' gaps
 *   (targets only receive, so it is safe by construction); it makes progress
 *   where every gateway is nearly full and the packings are blocked.
 * The plan is the candidate that leaves the fewest gateways in use, then the
 * fewest moves, and only if that is fewer than today (so repeated
 * consolidation ends). Gateways left empty stay active; their route
 * reflectors move to a gateway that still serves the tenant (evacuate.c).
 */
#include "planners/evacuate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX

typedef struct item {
	rasgw__conn *c;
	size_t cur; /* index of its gateway in gws */
	size_t bin; /* NONE: stays where it is */
} item;

typedef struct bin {
	uint64_t load;
	size_t home; /* gateway the bin was built on */
	size_t gw;   /* gateway it is mapped to, NONE: stays unmapped */
	size_t first, n; /* its items in by_bin */
} bin;

typedef struct pair {
	size_t bin, gw;
	uint64_t overlap; /* cost of the bin's items already on gw */
} pair;

typedef struct cons {
	const rasgw_model *m;
	rasgw__gateway **gws; /* active gateways on live hosts, ascending id */
	size_t ngw;
	rasgw__map gw_index; /* gateway id -> index + 1 */
	item *items;          /* largest cost first, then id */
	size_t nitems;
	RASGW__VEC(bin) bins;
	size_t *by_bin;   /* item indexes grouped by bin */
	size_t *bin_of;   /* gateway -> bin + 1 built or mapped on it (0: none, NONE: kept) */
	bool *kept;       /* gateway left as it is by this attempt */
	pair *pairs;
	size_t npairs;
	size_t *pair_first; /* bin -> first pair of the bin in pairs sorted by bin */
} cons;

static void cons_free(cons *s)
{
	rasgw__free(s->gws);
	rasgw__map_free(&s->gw_index);
	rasgw__free(s->items);
	RASGW__VEC_FREE(&s->bins);
	rasgw__free(s->by_bin);
	rasgw__free(s->bin_of);
	rasgw__free(s->kept);
	rasgw__free(s->pairs);
	rasgw__free(s->pair_first);
}

static int cmp_item(const void *a, const void *b)
{
	const rasgw__conn *x = ((const item *)a)->c, *y = ((const item *)b)->c;
	if (x->pub.cost_kbps != y->pub.cost_kbps)
		return x->pub.cost_kbps > y->pub.cost_kbps ? -1 : 1;
	return strcmp(x->pub.id, y->pub.id);
}

/* Every rule but capacity: check_placement checks capacity last. */
static bool rules_allow(const cons *s, const rasgw__conn *c, const rasgw__gateway *g)
{
	int rc = rasgw__check_placement(s->m, c->tenant, &c->pub, g, 0, c, NULL);
	return rc == 0 || rc == RASGW_ENOCAPACITY;
}

static uint64_t cap_of(const cons *s, size_t g)
{
	return s->gws[g]->pub.capacity_kbps;
}

static int collect(cons *s, const rasgw__pool *pool)
{
	size_t n = pool->gateways.count;
	if (!n)
		return 0;
	if (!(s->gws = rasgw__calloc(n, sizeof(*s->gws))))
		return rasgw__error_nomem();
	size_t nconn = 0;
	for (size_t i = 0; i < n; i++) { /* ascending id */
		rasgw__gateway *g = pool->gateways.items[i];
		if (g->pub.role != RASGW_GATEWAY_ACTIVE || g->host->pub.failed)
			continue;
		if (rasgw__map_put(&s->gw_index, g->pub.id, (void *)(uintptr_t)(s->ngw + 1)) < 0)
			return rasgw__error_nomem();
		s->gws[s->ngw++] = g;
		nconn += g->conns.count;
	}
	if (!s->ngw)
		return 0;
	size_t G = s->ngw;
	if (!(s->bin_of = rasgw__calloc(G, sizeof(*s->bin_of))) ||
	    !(s->kept = rasgw__calloc(G, sizeof(*s->kept))))
		return rasgw__error_nomem();
	if (!nconn)
		return 0;
	if (!(s->items = rasgw__calloc(nconn, sizeof(*s->items))))
		return rasgw__error_nomem();
	for (size_t g = 0; g < G; g++)
		for (size_t k = 0; k < s->gws[g]->conns.count; k++) {
			item it = { s->gws[g]->conns.items[k], g, NONE };
			s->items[s->nitems++] = it;
		}
	qsort(s->items, s->nitems, sizeof(*s->items), cmp_item);
	return 0;
}

/* ------------------------------------------------- 1. best fit decreasing */

static int open_bin(cons *s, size_t g, size_t *out)
{
	bin b = { 0, g, NONE, 0, 0 };
	if (RASGW__VEC_PUSH(&s->bins, b) < 0)
		return rasgw__error_nomem();
	s->bin_of[g] = s->bins.count;
	*out = s->bins.count - 1;
	return 0;
}

/* A gateway for a new bin holding c: c's own if free, else the largest free one, then id. */
static size_t new_home(const cons *s, const item *it)
{
	uint64_t cost = it->c->pub.cost_kbps;
	if (!s->bin_of[it->cur] && cost <= cap_of(s, it->cur) && rules_allow(s, it->c, s->gws[it->cur]))
		return it->cur;
	size_t best = NONE;
	for (size_t g = 0; g < s->ngw; g++) {
		if (s->bin_of[g] || cost > cap_of(s, g) ||
		    (best != NONE && cap_of(s, g) <= cap_of(s, best)))
			continue;
		if (rules_allow(s, it->c, s->gws[g]))
			best = g;
	}
	return best;
}

static int pack(cons *s)
{
	int rc = 0;
	for (size_t i = 0; i < s->nitems && !rc; i++) {
		item *it = &s->items[i];
		if (s->kept[it->cur])
			continue;
		uint64_t cost = it->c->pub.cost_kbps;
		size_t best = NONE;
		uint64_t best_left = 0;
		for (size_t b = 0; b < s->bins.count; b++) {
			const bin *bn = &s->bins.items[b];
			uint64_t cap = cap_of(s, bn->home);
			if (bn->load > cap || cost > cap - bn->load)
				continue;
			uint64_t left = cap - bn->load - cost;
			/* Least room left (R3.1); on a tie, the bin on c's own gateway. */
			if (best != NONE &&
			    (left > best_left ||
			     (left == best_left &&
			      !(bn->home == it->cur && s->bins.items[best].home != it->cur))))
				continue;
			if (!rules_allow(s, it->c, s->gws[bn->home]))
				continue;
			best = b;
			best_left = left;
		}
		if (best == NONE) {
			size_t g = new_home(s, it);
			if (g == NONE)
				continue; /* fits no free gateway: it stays */
			rc = open_bin(s, g, &best);
		}
		if (!rc) {
			it->bin = best;
			s->bins.items[best].load += cost;
		}
	}
	if (rc)
		return rc;
	/* Items grouped by bin, in packing order within each. */
	if (s->nitems && !(s->by_bin = rasgw__calloc(s->nitems, sizeof(*s->by_bin))))
		return rasgw__error_nomem();
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].bin != NONE)
			s->bins.items[s->items[i].bin].n++;
	size_t at = 0;
	for (size_t b = 0; b < s->bins.count; b++) {
		s->bins.items[b].first = at;
		at += s->bins.items[b].n;
		s->bins.items[b].n = 0;
	}
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].bin != NONE) {
			bin *bn = &s->bins.items[s->items[i].bin];
			s->by_bin[bn->first + bn->n++] = i;
		}
	return 0;
}

/* ------------------------------------------- 2. bins onto current gateways */

static int cmp_pair_bin(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->bin != y->bin)
		return x->bin < y->bin ? -1 : 1;
	return x->gw < y->gw ? -1 : x->gw > y->gw;
}

static int cmp_pair_overlap(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->overlap != y->overlap)
		return x->overlap > y->overlap ? -1 : 1;
	return cmp_pair_bin(a, b);
}

/* Overlaps of every (bin, gateway) that share an item, sorted by bin. */
static int overlaps(cons *s)
{
	size_t nb = s->bins.count;
	if (!nb)
		return 0;
	if (!(s->pairs = rasgw__calloc(s->nitems, sizeof(*s->pairs))) ||
	    !(s->pair_first = rasgw__calloc(nb + 1, sizeof(*s->pair_first))))
		return rasgw__error_nomem();
	size_t n = 0;
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].bin != NONE) {
			pair p = { s->items[i].bin, s->items[i].cur, s->items[i].c->pub.cost_kbps };
			s->pairs[n++] = p;
		}
	qsort(s->pairs, n, sizeof(*s->pairs), cmp_pair_bin);
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w && s->pairs[w - 1].bin == s->pairs[i].bin && s->pairs[w - 1].gw == s->pairs[i].gw)
			s->pairs[w - 1].overlap += s->pairs[i].overlap;
		else
			s->pairs[w++] = s->pairs[i];
	}
	s->npairs = w;
	for (size_t b = 0, i = 0; b <= nb; b++) {
		while (i < w && s->pairs[i].bin < b)
			i++;
		s->pair_first[b] = i;
	}
	return 0;
}

static uint64_t overlap_of(const cons *s, size_t b, size_t g)
{
	for (size_t i = s->pair_first[b]; i < s->pair_first[b + 1]; i++)
		if (s->pairs[i].gw == g)
			return s->pairs[i].overlap;
	return 0;
}

/* Can g hold bin b once the plan is done (capacity, every item's rules)? */
static bool bin_fits(const cons *s, size_t b, size_t g)
{
	const bin *bn = &s->bins.items[b];
	if (bn->home == g)
		return true;
	if (bn->load > cap_of(s, g))
		return false;
	for (size_t k = 0; k < bn->n; k++)
		if (!rules_allow(s, s->items[s->by_bin[bn->first + k]].c, s->gws[g]))
			return false;
	return true;
}

/* Can g take what b brings while it still holds all it has (make before break)? */
static bool bin_safe(const cons *s, size_t b, size_t g, uint64_t overlap)
{
	uint64_t used = s->gws[g]->pub.used_kbps, cap = cap_of(s, g);
	uint64_t in = s->bins.items[b].load - overlap;
	return used <= cap && in <= cap - used;
}

static void assign(cons *s, size_t b, size_t g)
{
	s->bins.items[b].gw = g;
	s->bin_of[g] = b + 1;
}

static int map_bins(cons *s)
{
	int rc = overlaps(s);
	if (rc < 0 || !s->bins.count)
		return rc;
	/* bin_of now means "mapped": homes were only for packing. */
	for (size_t g = 0; g < s->ngw; g++)
		s->bin_of[g] = s->kept[g] ? NONE : 0;
	/* Pass 1: where a bin already largely sits and the move is safe. */
	pair *byov = rasgw__calloc(s->npairs ? s->npairs : 1, sizeof(*byov));
	if (!byov)
		return rasgw__error_nomem();
	memcpy(byov, s->pairs, s->npairs * sizeof(*byov));
	qsort(byov, s->npairs, sizeof(*byov), cmp_pair_overlap);
	for (size_t i = 0; i < s->npairs; i++) {
		const pair *p = &byov[i];
		if (s->bins.items[p->bin].gw != NONE || s->bin_of[p->gw] ||
		    !bin_safe(s, p->bin, p->gw, p->overlap) || !bin_fits(s, p->bin, p->gw))
			continue;
		assign(s, p->bin, p->gw);
	}
	rasgw__free(byov);
	/* Pass 2: the rest, each to a free gateway: a safe one first, then the
	 * largest overlap, the least load (empty ones), the smallest id. */
	for (size_t b = 0; b < s->bins.count; b++) {
		if (s->bins.items[b].gw != NONE)
			continue;
		size_t best = NONE;
		bool best_safe = false;
		uint64_t best_ov = 0, best_used = 0;
		for (size_t g = 0; g < s->ngw; g++) {
			if (s->bin_of[g])
				continue;
			uint64_t ov = overlap_of(s, b, g), used = s->gws[g]->pub.used_kbps;
			bool safe = bin_safe(s, b, g, ov);
			if (best != NONE &&
			    (best_safe > safe ||
			     (best_safe == safe &&
			      (best_ov > ov || (best_ov == ov && best_used <= used)))))
				continue;
			if (!bin_fits(s, b, g))
				continue;
			best = g;
			best_safe = safe;
			best_ov = ov;
			best_used = used;
		}
		if (best != NONE)
			assign(s, b, best);
	}
	return 0;
}

/* ------------------------------------------------------------ 3. the moves */

typedef struct move {
	size_t item, to;
	int code;        /* 0: moves; else why it could not (an issue) */
	const char *why; /* static phrase of rasgw__check_placement */
} move;

typedef RASGW__VEC(move) move_vec;

/* Per-gateway effect of a candidate set of moves. */
typedef struct tally {
	uint64_t *incoming; /* cost moved onto the gateway */
	size_t *leaving, *arriving;
	bool *emptied, *kept;
} tally;

static void tally_free(tally *t)
{
	rasgw__free(t->incoming);
	rasgw__free(t->leaving);
	rasgw__free(t->arriving);
	rasgw__free(t->emptied);
	rasgw__free(t->kept);
	memset(t, 0, sizeof(*t));
}

static int tally_init(tally *t, size_t n)
{
	memset(t, 0, sizeof(*t));
	if (!(t->incoming = rasgw__calloc(n, sizeof(*t->incoming))) ||
	    !(t->leaving = rasgw__calloc(n, sizeof(*t->leaving))) ||
	    !(t->arriving = rasgw__calloc(n, sizeof(*t->arriving))) ||
	    !(t->emptied = rasgw__calloc(n, sizeof(*t->emptied))) ||
	    !(t->kept = rasgw__calloc(n, sizeof(*t->kept)))) {
		tally_free(t);
		return rasgw__error_nomem();
	}
	return 0;
}

static void tally_move(tally *t, const cons *s, size_t item, size_t to)
{
	t->incoming[to] += s->items[item].c->pub.cost_kbps;
	t->arriving[to]++;
	t->leaving[s->items[item].cur]++;
}

/* Gateways holding connections once the moves are done. */
static size_t used_after(const cons *s, const tally *t)
{
	size_t n = 0;
	for (size_t g = 0; g < s->ngw; g++)
		n += s->gws[g]->conns.count - t->leaving[g] + t->arriving[g] > 0;
	return n;
}

/*
 * Candidate A, the target packing: every item whose bin is mapped elsewhere
 * moves, in packing order, while its target can hold everything it has plus
 * everything accepted onto it so far; the others become issues.
 */
static int plan_target(const cons *s, move_vec *out, tally *t)
{
	for (size_t i = 0; i < s->nitems; i++) {
		const item *it = &s->items[i];
		size_t to = it->bin == NONE ? NONE : s->bins.items[it->bin].gw;
		if (to == NONE || to == it->cur)
			continue;
		const rasgw__conn *c = it->c;
		move mv = { i, to, 0, NULL };
		mv.code = rasgw__check_placement(s->m, c->tenant, &c->pub, s->gws[to],
						 t->incoming[to], c, &mv.why);
		if (RASGW__VEC_PUSH(out, mv) < 0)
			return rasgw__error_nomem();
		if (!mv.code)
			tally_move(t, s, i, to);
	}
	return 0;
}

typedef struct by_load {
	uint64_t used;
	size_t g;
} by_load;

static int cmp_by_load(const void *a, const void *b)
{
	const by_load *x = a, *y = b;
	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	return x->g < y->g ? -1 : x->g > y->g;
}

/*
 * Candidate B, emptying: least loaded gateway first, all of its connections
 * (largest first) go by best fit onto other gateways that hold connections
 * and are not emptied, or none does. Targets only receive, so capacity holds
 * at every step as it holds at the end. Works where the target packing is
 * blocked (a pool with no room to stage through).
 */
static int plan_empty(const cons *s, move_vec *out, tally *t)
{
	size_t G = s->ngw;
	by_load *order = rasgw__calloc(G, sizeof(*order));
	uint64_t *tent = rasgw__calloc(G, sizeof(*tent));
	if (!order || !tent) {
		rasgw__free(order);
		rasgw__free(tent);
		return rasgw__error_nomem();
	}
	for (size_t g = 0; g < G; g++) {
		order[g].used = s->gws[g]->pub.used_kbps;
		order[g].g = g;
	}
	qsort(order, G, sizeof(*order), cmp_by_load);
	int rc = 0;
	for (size_t k = 0; k < G && !rc; k++) {
		size_t g = order[k].g;
		if (!s->gws[g]->conns.count || t->kept[g])
			continue;
		size_t mark = out->count;
		bool ok = true;
		for (size_t i = 0; i < s->nitems && ok; i++) {
			const item *it = &s->items[i];
			if (it->cur != g)
				continue;
			size_t best = NONE;
			uint64_t best_left = 0;
			for (size_t h = 0; h < G; h++) {
				const rasgw__gateway *hg = s->gws[h];
				if (h == g || t->emptied[h] || !hg->conns.count)
					continue;
				uint64_t cap = hg->pub.capacity_kbps;
				uint64_t load = hg->pub.used_kbps + t->incoming[h] + tent[h];
				uint64_t cost = it->c->pub.cost_kbps;
				if (load > cap || cost > cap - load)
					continue;
				uint64_t left = cap - load - cost;
				if (best != NONE && left >= best_left)
					continue;
				if (rasgw__check_placement(s->m, it->c->tenant, &it->c->pub, hg,
							   t->incoming[h] + tent[h], it->c, NULL))
					continue;
				best = h;
				best_left = left;
			}
			move mv = { i, best, 0, NULL };
			if (best == NONE)
				ok = false;
			else if (RASGW__VEC_PUSH(out, mv) < 0)
				rc = rasgw__error_nomem();
			else
				tent[best] += it->c->pub.cost_kbps;
		}
		for (size_t j = mark; j < out->count; j++) {
			tent[out->items[j].to] = 0;
			if (ok) {
				tally_move(t, s, out->items[j].item, out->items[j].to);
				t->kept[out->items[j].to] = true;
			}
		}
		if (ok)
			t->emptied[g] = true;
		else
			out->count = mark;
	}
	rasgw__free(order);
	rasgw__free(tent);
	return rc;
}

static int skip_issue(rasgw__evac *ev, const cons *s, const move *mv)
{
	const rasgw__conn *c = s->items[mv->item].c;
	char buf[512];
	snprintf(buf, sizeof(buf),
		 "consolidate: connection '%s' stays on gateway '%s': gateway '%s' cannot take "
		 "it before its own connections leave (%s)",
		 c->pub.id, c->gw->pub.id, s->gws[mv->to]->pub.id,
		 mv->why ? mv->why : "placement rules");
	rasgw__evac_issue is = { c, mv->code, rasgw__strdup(buf) };
	if (!is.msg || RASGW__VEC_PUSH(&ev->issues, is) < 0) {
		rasgw__free(is.msg);
		return rasgw__error_nomem();
	}
	return 0;
}

/*
 * Gateways at least this full (per mille of capacity) are kept as they are
 * and only the others are packed again: a nearly full gateway is already a
 * good bin, and keeping it saves its moves. 1001 keeps none. Each level is
 * an attempt; the best is kept.
 */
static const unsigned int keep_levels[] = { 1001, 1000, 990, 980, 970, 960, 950, 930, 900, 850, 800 };

/* One attempt: pack what the level does not keep, map, plan the moves. */
static int attempt(cons *s, unsigned int level, move_vec *out, tally *t, size_t *target)
{
	rasgw__free(s->by_bin);
	rasgw__free(s->pairs);
	rasgw__free(s->pair_first);
	s->by_bin = NULL;
	s->pairs = NULL;
	s->pair_first = NULL;
	s->npairs = 0;
	s->bins.count = 0;
	size_t used = 0, kept = 0;
	for (size_t i = 0; i < s->nitems; i++)
		s->items[i].bin = NONE;
	for (size_t g = 0; g < s->ngw; g++) {
		const rasgw__gateway *gw = s->gws[g];
		s->kept[g] = gw->conns.count &&
			     gw->pub.used_kbps * 1000 >= (uint64_t)level * gw->pub.capacity_kbps;
		s->bin_of[g] = s->kept[g] ? NONE : 0;
		used += gw->conns.count > 0;
		kept += s->kept[g];
	}
	int rc = pack(s);
	if (!rc)
		rc = map_bins(s);
	*target = s->bins.count + kept;
	/* A packing no tighter than today's is not worth a move. */
	if (!rc && *target < used)
		rc = plan_target(s, out, t);
	return rc;
}

static size_t accepted(const move_vec *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->count; i++)
		n += !v->items[i].code;
	return n;
}

/*
 * The plan is whichever candidate leaves fewer gateways in use (then fewer
 * moves), and only if that is fewer than today: every plan strictly reduces
 * the gateways used, so planning and committing again ends. When none does
 * but a target packing would, the plan moves nothing and its issues name
 * the moves that block the tightest target.
 */
static int moves(cons *s, rasgw__evac *ev)
{
	size_t used = 0;
	for (size_t g = 0; g < s->ngw; g++)
		used += s->gws[g]->conns.count > 0;
	move_vec best = { 0 }, cur = { 0 }, blocked = { 0 };
	tally tb, tc;
	int rc = tally_init(&tb, s->ngw);
	if (rc < 0)
		return rc;
	if ((rc = tally_init(&tc, s->ngw)) < 0) {
		tally_free(&tb);
		return rc;
	}
	size_t best_used = used, best_moves = 0, tightest = used;
	bool have = false;
	const size_t nlev = sizeof(keep_levels) / sizeof(keep_levels[0]);
	for (size_t l = 0; l <= nlev && !rc; l++) {
		size_t target = used;
		cur.count = 0;
		tally_free(&tc);
		if ((rc = tally_init(&tc, s->ngw)) < 0)
			break;
		if (l < nlev)
			rc = attempt(s, keep_levels[l], &cur, &tc, &target);
		else
			rc = plan_empty(s, &cur, &tc); /* the last candidate */
		if (rc)
			break;
		size_t ua = used_after(s, &tc), na = accepted(&cur);
		if (l < nlev && target < tightest) {
			tightest = target;
			blocked.count = 0;
			for (size_t i = 0; i < cur.count && !rc; i++)
				if (cur.items[i].code && RASGW__VEC_PUSH(&blocked, cur.items[i]) < 0)
					rc = rasgw__error_nomem();
		}
		if (ua < used && (!have || ua < best_used || (ua == best_used && na < best_moves))) {
			move_vec v = best;
			tally t = tb;
			best = cur;
			tb = tc;
			cur = v;
			tc = t;
			best_used = ua;
			best_moves = na;
			have = true;
		}
	}
	const move_vec *pick = have ? &best : &blocked;
	for (size_t i = 0; i < pick->count && !rc; i++) {
		const move *mv = &pick->items[i];
		if (mv->code)
			rc = skip_issue(ev, s, mv);
		else if (have)
			rc = rasgw__evac_add_move(ev, s->items[mv->item].c, s->gws[mv->to]);
	}
	/* Gateways the plan empties give up their route reflectors (R3.2). */
	for (size_t g = 0; have && g < s->ngw && !rc; g++) {
		rasgw__gateway *gw = s->gws[g];
		if (gw->conns.count && tb.leaving[g] == gw->conns.count && !tb.arriving[g] &&
		    gw->rr_tenants.count)
			rc = rasgw__evac_add_source(ev, gw, true);
	}
	if (!rc)
		rc = rasgw__evac_decide_rrs(ev);
	RASGW__VEC_FREE(&best);
	RASGW__VEC_FREE(&cur);
	RASGW__VEC_FREE(&blocked);
	tally_free(&tb);
	tally_free(&tc);
	return rc;
}

int rasgw_plan_consolidate(rasgw_plan **out, const rasgw_model *m, const char *pool_id,
			   const rasgw_failover_options *opts)
{
	if (!out || !m || !pool_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_consolidate: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	const rasgw__pool *pool = rasgw__table_get(&m->pools, pool_id);
	if (!pool)
		return rasgw__error(RASGW_ENOTFOUND, "pool '%s' does not exist", pool_id);
	cons s;
	memset(&s, 0, sizeof(s));
	s.m = m;
	rasgw__evac ev;
	rasgw__evac_init(&ev, m, RASGW__EVAC_MOVE, &o);
	rasgw_plan *p = NULL;
	if (!(rc = collect(&s, pool)) && !(rc = moves(&s, &ev)) &&
	    !(rc = rasgw__plan_new(&p, m, "pool.consolidate", pool->pub.id))) {
		rasgw__evac_emit(&ev, p);
		rc = rasgw__plan_finish(p, out);
	}
	rasgw__evac_free(&ev);
	cons_free(&s);
	return rc;
}
