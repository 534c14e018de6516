/* plumb import: the terminal side of import_run (messages, progress). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_internal.h"
#include "plumb/import_run.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/text.h"
#include "plumb/util.h"

/* Progress is redrawn at most this often. */
#define PROGRESS_INTERVAL_NS 250000000LL

struct import_ui {
	const char *path;
	bool progress_shown;
	bool show_progress;
	int64_t started_ns, last_ns;
	const char *last_phase;
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void clear_progress(struct import_ui *ui)
{
	if (ui->progress_shown) {
		fputs("\r\033[K", stderr);
		ui->progress_shown = false;
	}
}

/* FILE:LINE: column: problem. File data is sanitised: stderr may be a
 * terminal, and a header can hold escape sequences. */
static void print_problem(void *ctx, long line, const char *column, const char *msg)
{
	struct import_ui *ui = ctx;

	clear_progress(ui);
	output_text(stderr, ui->path);
	fprintf(stderr, ":%ld: ", line);
	if (column) {
		output_text(stderr, column);
		fputs(": ", stderr);
	}
	output_text(stderr, msg);
	fputc('\n', stderr);
}

static void print_notice(void *ctx, const char *msg)
{
	struct import_ui *ui = ctx;

	clear_progress(ui);
	fputs("plumb import: ", stderr);
	output_text(stderr, msg);
	fputc('\n', stderr);
}

static void print_progress(void *ctx, const struct import_progress *p)
{
	struct import_ui *ui = ctx;
	int64_t t = now_ns();
	char pct[16] = "";

	/* A new phase shows at once: index building can take a while. */
	if (!ui->show_progress ||
	    (t - ui->last_ns < PROGRESS_INTERVAL_NS && p->phase == ui->last_phase))
		return;
	ui->last_ns = t;
	ui->last_phase = p->phase;
	double secs = (double)(t - ui->started_ns) / 1e9;
	if (p->total_bytes)
		snprintf(pct, sizeof(pct), "%3d%% ", (int)(p->bytes * 100 / p->total_bytes));
	fprintf(stderr, "\r\033[Kplumb import: %s%s, %lld rows, %.0f rows/s", pct, p->phase,
		(long long)p->rows, secs > 0 ? (double)p->rows / secs : 0.0);
	fflush(stderr);
	ui->progress_shown = true;
}

static int parse_delimiter(const char *s, char *out)
{
	if (str_ieq(s, "tab") || strcmp(s, "\\t") == 0)
		*out = '\t';
	else if (strlen(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r')
		*out = s[0];
	else
		return cli_usage_error("plumb import: --delimiter: '%s' is not one character "
				       "(e.g. ',', ';' or tab)", s);
	return 0;
}

static void print_summary(const char *path, const struct import_summary *s, bool dry_run)
{
	struct strbuf created;

	if (dry_run)
		printf("Dry run: %s has %lld deals to import (%lld new, %lld updates, %lld "
		       "unchanged); nothing was changed.\n", path, (long long)s->rows,
		       (long long)s->added, (long long)s->updated, (long long)s->unchanged);
	else
		printf("Imported %lld deals from %s: %lld added, %lld updated, %lld unchanged.\n",
		       (long long)s->rows, path, (long long)s->added, (long long)s->updated,
		       (long long)s->unchanged);
	/* Stage names come from the file (--create-stages): sanitised. */
	strbuf_init(&created);
	for (size_t i = 0; i < s->nstages; i++) {
		struct strbuf line;
		strbuf_init(&line);
		text_sanitize(&line, s->stages[i].name, strlen(s->stages[i].name));
		for (int w = text_width(line.buf ? line.buf : ""); w < 20; w++)
			strbuf_putc(&line, ' ');
		printf("  %s %10lld open\n", line.buf, (long long)s->stages[i].open);
		strbuf_free(&line);
		if (s->stages[i].created)
			strbuf_printf(&created, "%s%s", created.len ? ", " : "", s->stages[i].name);
	}
	printf("  %-20s %10lld\n  %-20s %10lld\n", "won", (long long)s->won, "lost",
	       (long long)s->lost);
	if (created.len) {
		printf("%s stages: ", dry_run ? "New" : "Created");
		output_text(stdout, created.buf);
		printf(".\n");
	}
	strbuf_free(&created);
}

static const struct cli_option import_options[] = {
	{ "dry-run", NULL, "check the whole file and show what it would import; change nothing",
	  false },
	{ "map", "COLUMN=FIELD", "read COLUMN into FIELD (repeatable; FIELD ignore skips it)",
	  true },
	{ "delimiter", "C", "field separator: ',', ';' or tab (default: detected)", false },
	{ "key", "COLUMN", "upsert key: rows whose key was imported before update that deal",
	  false },
	{ "create-stages", NULL, "add stages the pipeline lacks, after the last one", false },
	{ "day-first", NULL, "read NN/NN/YYYY dates as day/month/year", false },
};

static int open_input(const char *path, FILE **in, uint64_t *size)
{
	struct stat sb;

	*size = 0;
	if (strcmp(path, "-") == 0) {
		*in = stdin;
		return 0;
	}
	*in = fopen(path, "rb");
	if (!*in) {
		err_set("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(*in), &sb) == 0 && S_ISREG(sb.st_mode))
		*size = (uint64_t)sb.st_size;
	return 0;
}

static int run_import(struct cli *c, const struct cli_args *a)
{
	struct import_ui ui = { .path = a->argv[0] };
	struct import_run_options o = { 0 };
	struct import_summary sum;
	const char *v;
	int rc;

	o.dry_run = arg_flag(a, "dry-run");
	o.create_stages = arg_flag(a, "create-stages");
	o.map.maps = arg_list(a, "map");
	o.map.key_column = arg_str(a, "key");
	o.map.day_first = arg_flag(a, "day-first");
	if ((v = arg_str(a, "delimiter")) && parse_delimiter(v, &o.delimiter) != 0)
		return EXIT_USAGE;
	if (cli_open_store(c, o.dry_run ? 0 : STORE_CREATE) != 0 ||
	    open_input(ui.path, &o.in, &o.total_bytes) != 0)
		return EXIT_ERROR;
	o.who = c->who;
	o.problem = print_problem;
	o.notice = print_notice;
	o.progress = print_progress;
	o.ctx = &ui;
	ui.show_progress = isatty(STDERR_FILENO);
	ui.started_ns = ui.last_ns = now_ns();
	rc = import_run(c->store, &o, &sum);
	clear_progress(&ui);
	if (o.in != stdin)
		fclose(o.in);
	if (rc == 0)
		print_summary(ui.path, &sum, o.dry_run);
	import_summary_free(&sum);
	return rc == 0 ? EXIT_OK : EXIT_ERROR;
}

const struct cli_command cmd_import = {
	"import", "FILE.csv", "Import deals from a CSV file (all rows or none; - reads stdin).",
	CMD_OPTIONS(import_options), 1, 1, CMD_NO_STORE, run_import,
};
