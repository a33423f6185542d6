/*
 * A picture of every pool (--svg-before / --svg-after): one bar per
 * gateway, as long as its capacity (to one scale for the whole picture, so
 * pools of different capacity compare, R1.3), filled with one segment per
 * connection in its tenant's colour, framed in the colour of its role, with
 * its route reflector count beside it.
 */
#include "sim.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#define BAR_W 560.0
#define ROW_H 26
#define LABEL_W 210
#define LEFT 16

static const char *const tenant_colours[] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948",
	"#76b7b2", "#ff9da7", "#9c755f", "#e15759", "#bab0ac",
};
#define TENANT_COLOURS (sizeof(tenant_colours) / sizeof(tenant_colours[0]))

static const char *role_colour(rasgw_gateway_role r)
{
	switch (r) {
	case RASGW_GATEWAY_ACTIVE: return "#2e7d32";
	case RASGW_GATEWAY_STANDBY: return "#1565c0";
	case RASGW_GATEWAY_FAILED: return "#c62828";
	case RASGW_GATEWAY_DRAINING: return "#ef6c00";
	}
	return "#000000";
}

/* Tenants are coloured by their position in id order: stable across runs. */
static const char *tenant_colour(const rasgw_model *m, const char *id)
{
	for (size_t i = 0; i < rasgw_model_tenant_count(m); i++)
		if (!strcmp(rasgw_model_tenant_get(m, i)->id, id))
			return tenant_colours[i % TENANT_COLOURS];
	return "#777777";
}

static void xml(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void text(FILE *f, double x, double y, const char *attrs, const char *s)
{
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attrs);
	xml(f, s);
	fputs("</text>\n", f);
}

static void gateway_row(FILE *f, const rasgw_model *m, const rasgw_gateway *g, double y,
			double scale)
{
	char label[160];
	double x0 = LEFT + LABEL_W, w = (double)g->capacity_kbps * scale, x = x0;

	snprintf(label, sizeof(label), "%s (%s)", g->id, rasgw_gateway_role_name(g->role));
	text(f, LEFT, y + 17, "font-size=\"13\"", label);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>\n", x0,
		y + 4, w, g->role == RASGW_GATEWAY_FAILED ? "#f6d5d5" : "#eeeeee");
	for (size_t i = 0; i < rasgw_model_connection_count(m); i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		if (!c->gateway_id || strcmp(c->gateway_id, g->id))
			continue;
		double cw = (double)c->cost_kbps * scale;
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\" "
			"stroke=\"#ffffff\" stroke-width=\"0.5\"><title>", x, y + 4, cw,
			tenant_colour(m, c->tenant_id));
		xml(f, c->id);
		fprintf(f, " (%s, %s): %" PRIu64 " kbps</title></rect>\n", c->tenant_id,
			rasgw_conn_type_name(c->type), c->cost_kbps);
		x += cw;
	}
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"none\" "
		"stroke=\"%s\" stroke-width=\"2.5\"%s/>\n", x0, y + 4, w, role_colour(g->role),
		g->role == RASGW_GATEWAY_STANDBY ? " stroke-dasharray=\"6 3\"" : "");
	snprintf(label, sizeof(label), "%" PRIu64 "/%" PRIu64 " Mbps  RR x%u%s%s",
		 g->used_kbps / 1000, g->capacity_kbps / 1000, g->rr_count,
		 g->gre_vip ? "  VIP " : "", g->gre_vip ? g->gre_vip : "");
	text(f, x0 + w + 8, y + 17, "font-size=\"12\" fill=\"#333333\"", label);
	for (uint32_t i = 0; i < g->rr_count && i < 12; i++)
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#333333\"/>\n",
			x0 + 6 + 8.0 * i, y + 13);
}

int svg_write(const char *path, const rasgw_model *m, const char *title)
{
	FILE *f = fopen(path, "w");
	uint64_t max_cap = 1;
	size_t rows = 0;
	double y;

	if (!f)
		return -1;
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++)
		if (rasgw_model_pool_get(m, i)->capacity_kbps > max_cap)
			max_cap = rasgw_model_pool_get(m, i)->capacity_kbps;
	rows = rasgw_model_gateway_count(m) + 2 * rasgw_model_pool_count(m);
	double scale = BAR_W / (double)max_cap;
	double height = 80 + (double)rows * ROW_H + 30 + 20.0 * (double)((rasgw_model_tenant_count(m) + 5) / 6);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
		"font-family=\"sans-serif\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
		(int)(LEFT + LABEL_W + BAR_W + 260), height);
	text(f, LEFT, 24, "font-size=\"16\" font-weight=\"bold\"", title);
	/* Legend: roles. */
	static const rasgw_gateway_role roles[] = { RASGW_GATEWAY_ACTIVE, RASGW_GATEWAY_STANDBY,
						    RASGW_GATEWAY_FAILED, RASGW_GATEWAY_DRAINING };
	for (size_t i = 0; i < 4; i++) {
		double x = LEFT + 130.0 * (double)i;
		fprintf(f, "<rect x=\"%.1f\" y=\"36\" width=\"22\" height=\"12\" fill=\"none\" "
			"stroke=\"%s\" stroke-width=\"2.5\"/>\n", x, role_colour(roles[i]));
		text(f, x + 28, 47, "font-size=\"12\"", rasgw_gateway_role_name(roles[i]));
	}
	text(f, LEFT + 540, 47, "font-size=\"12\" fill=\"#333333\"", "dots: route reflectors");
	y = 64;
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++) {
		const rasgw_pool *p = rasgw_model_pool_get(m, i);
		char head[256];
		snprintf(head, sizeof(head), "pool %s (%s): M=%u N=%u failed=%u, used %" PRIu64
			 " of %" PRIu64 " Mbps free on active gateways",
			 p->id, rasgw_pool_type_name(p->type), p->active_count, p->standby_count,
			 p->failed_count, p->used_kbps / 1000, (p->used_kbps + p->free_kbps) / 1000);
		text(f, LEFT, y + 18, "font-size=\"14\" font-weight=\"bold\"", head);
		y += ROW_H;
		for (size_t j = 0; j < rasgw_model_gateway_count(m); j++) {
			const rasgw_gateway *g = rasgw_model_gateway_get(m, j);
			if (strcmp(g->pool_id, p->id))
				continue;
			gateway_row(f, m, g, y, scale);
			y += ROW_H;
		}
		y += ROW_H;
	}
	/* Legend: tenants. */
	for (size_t i = 0; i < rasgw_model_tenant_count(m); i++) {
		const rasgw_tenant *t = rasgw_model_tenant_get(m, i);
		double x = LEFT + 150.0 * (double)(i % 6), ty = y + 20.0 * (double)(i / 6);
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"12\" fill=\"%s\"/>\n", x,
			ty, tenant_colours[i % TENANT_COLOURS]);
		text(f, x + 20, ty + 11, "font-size=\"12\"", t->id);
	}
	fputs("</svg>\n", f);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		errno = e ? e : EIO;
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}
