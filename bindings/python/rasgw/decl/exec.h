/*
 * cffi declarations mirroring include/rasgw/exec.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

#define RASGW_APPLY_OPTIONS_VERSION ...

typedef struct rasgw_apply_options {
	unsigned int version;
	unsigned int max_retries;
	int (*barrier)(rasgw_phase done, rasgw_phase next, void *payload);
	void (*progress)(size_t done, size_t total, void *payload);
	void *payload;
	bool skip_missing;
} rasgw_apply_options;

int rasgw_apply_options_init(rasgw_apply_options *opts, unsigned int version);

typedef struct rasgw_apply_report rasgw_apply_report;

int rasgw_plan_apply(const rasgw_plan *plan, rasgw_backends *backends, const rasgw_apply_options *opts, rasgw_apply_report **report);

void rasgw_apply_report_free(rasgw_apply_report *report);

size_t rasgw_apply_report_applied(const rasgw_apply_report *report);

size_t rasgw_apply_report_rolled_back(const rasgw_apply_report *report);

size_t rasgw_apply_report_retries(const rasgw_apply_report *report);

int64_t rasgw_apply_report_failed_index(const rasgw_apply_report *report);

int rasgw_apply_report_error(const rasgw_apply_report *report);

const char *rasgw_apply_report_message(const rasgw_apply_report *report);

size_t rasgw_apply_report_rollback_failures(const rasgw_apply_report *report);

typedef struct rasgw_memory_backend rasgw_memory_backend;

int rasgw_memory_backend_new(rasgw_memory_backend **out);

void rasgw_memory_backend_free(rasgw_memory_backend *mb);

int rasgw_memory_backend_attach(rasgw_memory_backend *mb, rasgw_backends *backends);

void rasgw_memory_backend_fail_at(rasgw_memory_backend *mb, size_t index, unsigned int times);

size_t rasgw_memory_backend_calls(const rasgw_memory_backend *mb);

int rasgw_memory_backend_dump(const rasgw_memory_backend *mb, char **out);

size_t rasgw_memory_backend_fact_count(const rasgw_memory_backend *mb);

typedef struct rasgw_jsonl_backend rasgw_jsonl_backend;

int rasgw_jsonl_backend_new(rasgw_jsonl_backend **out, int fd);

void rasgw_jsonl_backend_free(rasgw_jsonl_backend *jb);

int rasgw_jsonl_backend_attach(rasgw_jsonl_backend *jb, rasgw_backends *backends);
