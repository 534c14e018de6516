#include "helpers.h"

#include <stdio.h>
#include <unistd.h>

#include "plumb/demo.h"
#include "plumb/util.h"
#include "test.h"

struct store *test_store(const char *name)
{
	const char *path = test_tmp_path(name);
	struct store *st = NULL;

	unlink(path);
	if (store_open(path, STORE_CREATE, &st) != 0 ||
	    store_init_stages(st, demo_default_stages, demo_default_stages_len) != 0) {
		fprintf(stderr, "  cannot create %s: %s\n", path, err_msg());
		test_failures++;
		return st;
	}
	store_set_who(st, "tester");
	return st;
}

int64_t test_stage_id(struct store *st, int pos)
{
	struct stage_list stages;
	int64_t id = 0;
	if (store_stages(st, &stages) == 0) {
		if (pos >= 1 && (size_t)pos <= stages.len)
			id = stages.items[pos - 1].id;
		stage_list_clear(&stages);
	}
	return id;
}

int64_t test_add(struct store *st, const char *title, int pos)
{
	struct deal_input in = { 0 };
	int64_t id = 0;

	in.title = title;
	DEAL_SET(&in, FIELD_TITLE);
	in.stage_id = test_stage_id(st, pos);
	DEAL_SET(&in, FIELD_STAGE);
	if (store_deal_add(st, &in, &id) != 0) {
		fprintf(stderr, "  add failed: %s\n", err_msg());
		test_failures++;
	}
	return id;
}
