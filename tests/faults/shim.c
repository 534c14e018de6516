/*
 * The shims behind faults.h, after SQLite's own test harness: a memory
 * allocator wrapping SQLite's default one (SQLITE_CONFIG_MALLOC), a VFS
 * wrapping the default one and registered as the default, and the hook
 * util.c calls in this build. Each counts its events and fails the Nth
 * (or, persistently, every one from the Nth).
 */
#include "../faults/faults.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fault_kind { FAULT_NONE, FAULT_ALLOC, FAULT_SQLITE_ALLOC, FAULT_WRITE, FAULT_FULL, FAULT_SYNC };

static struct {
	enum fault_kind kind;
	long n;
	bool persist;
	atomic_long events;   /* events of kind seen so far */
	atomic_long injected; /* failures returned */
	const char *report;
} fault;

/* True when this event (of the configured kind) is to fail. */
static bool event_fails(enum fault_kind kind)
{
	if (fault.kind != kind)
		return false;
	long i = atomic_fetch_add(&fault.events, 1) + 1;
	if (i == fault.n || (fault.persist && i > fault.n)) {
		atomic_fetch_add(&fault.injected, 1);
		return true;
	}
	return false;
}

bool fault_alloc_fails(void)
{
	return event_fails(FAULT_ALLOC);
}

/* ---- SQLite's allocator ---- */

static sqlite3_mem_methods real_mem;

static void *mem_malloc(int n)
{
	return event_fails(FAULT_SQLITE_ALLOC) ? NULL : real_mem.xMalloc(n);
}

static void *mem_realloc(void *p, int n)
{
	return event_fails(FAULT_SQLITE_ALLOC) ? NULL : real_mem.xRealloc(p, n);
}

/* ---- A VFS that fails writes and syncs ---- */

struct fault_file {
	sqlite3_file base;
	sqlite3_file *real; /* the default VFS's file, right after this struct */
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

#define REAL(f) (((struct fault_file *)(f))->real)
#define REAL_METHODS(f) (REAL(f)->pMethods)

static int f_close(sqlite3_file *f)
{
	return REAL_METHODS(f)->xClose(REAL(f));
}

static int f_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	return REAL_METHODS(f)->xRead(REAL(f), buf, amt, off);
}

static int f_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	if (event_fails(FAULT_WRITE))
		return SQLITE_IOERR_WRITE;
	if (event_fails(FAULT_FULL))
		return SQLITE_FULL;
	return REAL_METHODS(f)->xWrite(REAL(f), buf, amt, off);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (event_fails(FAULT_WRITE))
		return SQLITE_IOERR_TRUNCATE;
	return REAL_METHODS(f)->xTruncate(REAL(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
	if (event_fails(FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL_METHODS(f)->xSync(REAL(f), flags);
}

static int f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL_METHODS(f)->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int lock)
{
	return REAL_METHODS(f)->xLock(REAL(f), lock);
}

static int f_unlock(sqlite3_file *f, int lock)
{
	return REAL_METHODS(f)->xUnlock(REAL(f), lock);
}

static int f_check_reserved(sqlite3_file *f, int *out)
{
	return REAL_METHODS(f)->xCheckReservedLock(REAL(f), out);
}

static int f_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL_METHODS(f)->xFileControl(REAL(f), op, arg);
}

static int f_sector_size(sqlite3_file *f)
{
	return REAL_METHODS(f)->xSectorSize(REAL(f));
}

static int f_device_characteristics(sqlite3_file *f)
{
	return REAL_METHODS(f)->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **p)
{
	return REAL_METHODS(f)->xShmMap(REAL(f), region, size, extend, p);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL_METHODS(f)->xShmLock(REAL(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
	REAL_METHODS(f)->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL_METHODS(f)->xShmUnmap(REAL(f), delete_flag);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **p)
{
	return REAL_METHODS(f)->xFetch(REAL(f), off, amt, p);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL_METHODS(f)->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods fault_io = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_file_size, f_lock, f_unlock,
	f_check_reserved, f_file_control, f_sector_size, f_device_characteristics,
	f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch,
};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	struct fault_file *ff = (struct fault_file *)f;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
	/* The wrapper is only as capable as the file it wraps. */
	ff->base.pMethods = ff->real->pMethods && ff->real->pMethods->iVersion >= 3 ? &fault_io
										   : NULL;
	if (ff->real->pMethods && !ff->base.pMethods) {
		ff->real->pMethods->xClose(ff->real);
		return SQLITE_CANTOPEN;
	}
	return rc;
}

/* ---- Setup ---- */

static void write_report(void)
{
	FILE *f;

	if (!fault.report || !(f = fopen(fault.report, "w")))
		return;
	fprintf(f, "events=%ld injected=%ld\n", atomic_load(&fault.events),
		atomic_load(&fault.injected));
	fclose(f);
}

static int parse_spec(const char *spec)
{
	static const struct {
		const char *name;
		enum fault_kind kind;
	} kinds[] = {
		{ "alloc", FAULT_ALLOC }, { "sqlite-alloc", FAULT_SQLITE_ALLOC },
		{ "write", FAULT_WRITE }, { "full", FAULT_FULL }, { "sync", FAULT_SYNC },
	};
	const char *colon = strchr(spec, ':');
	char *end;

	if (!colon)
		return -1;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == (size_t)(colon - spec) &&
		    strncmp(spec, kinds[i].name, (size_t)(colon - spec)) == 0)
			fault.kind = kinds[i].kind;
	fault.n = strtol(colon + 1, &end, 10);
	if (fault.kind == FAULT_NONE || fault.n < 1)
		return -1;
	if (strcmp(end, ":persist") == 0)
		fault.persist = true;
	else if (*end)
		return -1;
	return 0;
}

int faults_init(void)
{
	const char *spec = getenv("PLUMB_FAULT");
	enum fault_kind kind;
	sqlite3_mem_methods mem;

	if (spec && *spec && parse_spec(spec) != 0) {
		fprintf(stderr, "plumb-faults: PLUMB_FAULT='%s' is not KIND:N[:persist]\n", spec);
		return -1;
	}
	/* Disarmed while the shims go in: counting starts with plumb's work. */
	kind = fault.kind;
	fault.kind = FAULT_NONE;
	fault.report = getenv("PLUMB_FAULT_REPORT");
	/* SQLite takes its allocator only before it initialises. */
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
		return -1;
	mem = real_mem;
	mem.xMalloc = mem_malloc;
	mem.xRealloc = mem_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK) {
		fputs("plumb-faults: SQLite was initialised before the shim\n", stderr);
		return -1;
	}
	/* As store.c would have: it cannot once the VFS initialised SQLite. */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs)
		return -1;
	fault_vfs = *real_vfs;
	fault_vfs.zName = "plumb-faults";
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) + real_vfs->szOsFile;
	fault_vfs.pNext = NULL;
	fault_vfs.xOpen = f_open;
	if (sqlite3_vfs_register(&fault_vfs, 1) != SQLITE_OK)
		return -1;
	atexit(write_report);
	fault.kind = kind;
	return 0;
}
