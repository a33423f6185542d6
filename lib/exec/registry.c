/* The backend registry (rasgw/sys/backend.h) and the plugin loader. */
#include "exec_int.h"

#include <dlfcn.h>
#include <string.h>

int rasgw_backends_new(rasgw_backends **out)
{
	if (!out)
		return rasgw__error(RASGW_EINVAL, "rasgw_backends_new: out is NULL");
	rasgw_backends *b = rasgw__calloc(1, sizeof(*b));
	if (!b)
		return rasgw__error_nomem();
	*out = b;
	return 0;
}

static void drop(struct rasgw__backend_slot *s)
{
	if (s->set && s->backend.destroy)
		s->backend.destroy(s->backend.payload);
	rasgw__free(s->name);
	*s = (struct rasgw__backend_slot){ 0 };
}

void rasgw_backends_free(rasgw_backends *b)
{
	if (!b)
		return;
	for (int k = 0; k < RASGW_TARGET_KIND_COUNT; k++)
		drop(&b->slots[k]);
	/* Plugins go last: their destroy callbacks live in them. */
	for (size_t i = 0; i < b->plugins.count; i++)
		dlclose(b->plugins.items[i]);
	RASGW__VEC_FREE(&b->plugins);
	rasgw__free(b);
}

int rasgw_backends_register(rasgw_backends *b, rasgw_target_kind kind, const rasgw_backend *be)
{
	if (!b || !be)
		return rasgw__error(RASGW_EINVAL, "rasgw_backends_register: NULL argument");
	if ((unsigned)kind >= RASGW_TARGET_KIND_COUNT)
		return rasgw__error(RASGW_EINVAL, "rasgw_backends_register: unknown target kind %d",
				    (int)kind);
	if (be->version != RASGW_BACKEND_VERSION)
		return rasgw__error(RASGW_EVERSION, "backend '%s': version %u, this library knows %u",
				    be->name ? be->name : "?", be->version, RASGW_BACKEND_VERSION);
	if (!be->apply)
		return rasgw__error(RASGW_EINVAL, "backend '%s': apply is required",
				    be->name ? be->name : "?");
	char *name = rasgw__strdup(be->name ? be->name : rasgw_target_kind_name(kind));
	if (!name)
		return rasgw__error_nomem();
	drop(&b->slots[kind]);
	b->slots[kind].backend = *be;
	b->slots[kind].backend.name = name;
	b->slots[kind].name = name;
	b->slots[kind].set = true;
	return 0;
}

int rasgw_backends_load_plugin(rasgw_backends *b, const char *path, const char *config)
{
	if (!b || !path)
		return rasgw__error(RASGW_EINVAL, "rasgw_backends_load_plugin: NULL argument");
	if (RASGW__VEC_RESERVE(&b->plugins, b->plugins.count + 1) < 0)
		return RASGW_ENOMEM;
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return rasgw__error(RASGW_EIO, "cannot load backend plugin %s: %s", path, dlerror());
	rasgw_backend_plugin_init_fn init;
	/* POSIX guarantees a function pointer fits a void *; say so explicitly. */
	void *sym = dlsym(h, RASGW_BACKEND_PLUGIN_ENTRY);
	memcpy(&init, &sym, sizeof(init));
	if (!sym) {
		dlclose(h);
		return rasgw__error(RASGW_EIO, "backend plugin %s has no %s()", path,
				    RASGW_BACKEND_PLUGIN_ENTRY);
	}
	int rc = init(b, config);
	if (rc) {
		/* Keep the object loaded: it may have registered backends before failing. */
		b->plugins.items[b->plugins.count++] = h;
		if (rasgw_error_last()->code != rc)
			rasgw__error(rc < 0 ? rc : RASGW_EBACKEND, "backend plugin %s failed to start (%d)",
				     path, rc);
		return rc < 0 ? rc : RASGW_EBACKEND;
	}
	b->plugins.items[b->plugins.count++] = h;
	return 0;
}
