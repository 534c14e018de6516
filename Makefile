# plumb — a terminal kanban board for sales pipelines.
# Plain GNU make. `make V=1` shows full commands.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
CC         ?= cc

BUILDDIR   ?= build
SAN        ?=

PKGS := ncursesw sqlite3 jansson
# ncursesw's .pc pins _XOPEN_SOURCE=600; we ask for 700 ourselves.
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=%,$(shell $(PKG_CONFIG) --cflags $(PKGS)))
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS))
# iniparser ships no .pc file on Debian.
INI_CFLAGS := -I/usr/include/iniparser
INI_LIBS   := -liniparser
# libcsv (CSV import) ships no .pc file either.
CSV_LIBS   := -lcsv

CFLAGS   ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla -Wformat=2 -Wformat-security -Wundef \
            -Wcast-align -Wwrite-strings -Wnull-dereference -Wimplicit-fallthrough
CPPFLAGS += -Iinclude -I$(BUILDDIR) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
            -DPLUMB_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARNINGS) $(CFLAGS) $(PKG_CFLAGS) $(INI_CFLAGS) -pthread -MMD -MP
LDLIBS   += $(PKG_LIBS) $(INI_LIBS) $(CSV_LIBS) -lm -pthread

ifneq ($(SAN),)
  ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS    += -fsanitize=address,undefined
endif

ifeq ($(V),1)
  Q :=
else
  Q := @
endif

SRCS      := $(wildcard src/*.c)
LIB_OBJS  := $(patsubst src/%.c,$(BUILDDIR)/%.o,$(filter-out src/main.c,$(SRCS)))
MAIN_OBJ  := $(BUILDDIR)/main.o
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(patsubst tests/unit/%.c,$(BUILDDIR)/unit/%.o,$(UNIT_SRCS))
BIN       := $(BUILDDIR)/plumb
UNIT_BIN  := $(BUILDDIR)/unit-tests

.PHONY: all check check-asan deps demo install uninstall clean bench
all: plumb

plumb: $(BIN)
	$(Q)cp $(BIN) plumb.tmp && mv -f plumb.tmp plumb

$(BIN): $(LIB_OBJS) $(MAIN_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(UNIT_BIN): $(LIB_OBJS) $(UNIT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILDDIR)/%.o: src/%.c | $(BUILDDIR)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILDDIR)/unit/%.o: tests/unit/%.c | $(BUILDDIR)/unit
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -c -o $@ $<

$(BUILDDIR) $(BUILDDIR)/unit:
	$(Q)mkdir -p $@

# Where installed themes live; rewritten (and theme.c rebuilt) when PREFIX
# or DATADIR change, so `make install PREFIX=/usr` finds its own themes.
$(BUILDDIR)/datadir.h: FORCE | $(BUILDDIR)
	$(Q)echo '#define PLUMB_DATADIR "$(DATADIR)/plumb"' >$@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@
$(BUILDDIR)/theme.o: $(BUILDDIR)/datadir.h
.PHONY: FORCE
FORCE:

# All tests; the last line of output is "N passed, N failed".
check: $(BIN) $(UNIT_BIN)
	$(Q)$(MAKE) --no-print-directory hardening-bins
	$(Q)PLUMB_BIN=$(abspath $(BIN)) UNIT_BIN=$(abspath $(UNIT_BIN)) \
	  PLUMB_THEMES=$(abspath themes) $(HARDENING_ENV) bash tests/run

check-asan:
	$(Q)$(MAKE) --no-print-directory BUILDDIR=build/asan SAN=1 CFLAGS="-O1 -g" check

# ---- Benchmarks (issue 8) ------------------------------------------------
# Slow and machine-dependent, so never part of check. Release binaries in
# build/release; cached demo data in bench/data; results in bench/results.md.
# Needs tmux, sqlite3, valgrind, GNU time, and the peers taskwarrior,
# calcurse and vit (all in `make deps`). bench/bench.py documents BENCH_*.
BENCH_BUILD := build/release

bench:
	$(Q)$(MAKE) --no-print-directory BUILDDIR=$(BENCH_BUILD) SAN= CFLAGS="-O2 -g" \
	  $(BENCH_BUILD)/plumb $(BENCH_BUILD)/unit-tests $(BENCH_BUILD)/bench/floor
	$(Q)PLUMB_BIN=$(abspath $(BENCH_BUILD)/plumb) UNIT_BIN=$(abspath $(BENCH_BUILD)/unit-tests) \
	  FLOOR_BIN=$(abspath $(BENCH_BUILD)/bench/floor) python3 bench/bench.py

# The floor: one line drawn with plumb's curses set-up.
$(BUILDDIR)/bench/floor: bench/floor.c
	@echo "  CC      $<"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -std=c11 $(WARNINGS) $(CFLAGS) $(PKG_CFLAGS) -D_XOPEN_SOURCE=700 -o $@ $< \
	  $(shell $(PKG_CONFIG) --libs ncursesw)
# ---- end of benchmarks -----------------------------------------------------

deps:
	@echo "Installing build and test dependencies with apt-get (needs root)."
	$(Q)if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends \
	    build-essential pkg-config libncurses-dev libsqlite3-dev \
	    libiniparser-dev libjansson-dev libcsv-dev tmux sqlite3 jq man-db util-linux \
	    python3-icalendar valgrind time taskwarrior calcurse vit

# Builds, writes a throwaway demo pipeline to ./demo.db and opens it.
demo: plumb
	$(Q)rm -f demo.db demo.db-wal demo.db-shm
	$(Q)./plumb --db demo.db demo
	$(Q)./plumb --db demo.db

install: plumb
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/plumb/themes
	install -m 0755 plumb $(DESTDIR)$(BINDIR)/plumb
	install -m 0644 man/plumb.1 $(DESTDIR)$(MANDIR)/man1/plumb.1
	install -m 0644 man/plumb.ini.5 $(DESTDIR)$(MANDIR)/man5/plumb.ini.5
	install -m 0644 themes/*.ini $(DESTDIR)$(DATADIR)/plumb/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/plumb $(DESTDIR)$(MANDIR)/man1/plumb.1 \
	  $(DESTDIR)$(MANDIR)/man5/plumb.ini.5
	rm -rf $(DESTDIR)$(DATADIR)/plumb

clean:
	rm -rf build plumb demo.db demo.db-wal demo.db-shm

# ---- Hardening (issue 7, SECURITY.md): fuzzing, fault injection, valgrind ----
# Fuzz targets (tests/fuzz/fuzz_*.c) link with libFuzzer for make fuzz, or
# with replay_main.c for make check, which replays tests/fuzz/corpus/ under
# ASan/UBSan with any compiler. plumb-faults is plumb with a failing
# allocator and I/O layer (tests/faults/shim.c); only its util.o differs.
FUZZ_TARGETS := csv config theme keys values text
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := build/libfuzzer
HARDEN_DIR   := build/asan
FUZZ_COMMON   = $(BUILDDIR)/fuzz/fuzz_common.o
FAULT_OBJS    = $(filter-out $(BUILDDIR)/util.o,$(LIB_OBJS)) $(BUILDDIR)/faults/util.o \
                $(BUILDDIR)/faults/shim.o $(BUILDDIR)/faults/main.o
HARDENING_ENV = FUZZ_REPLAY_DIR=$(abspath $(HARDEN_DIR)/fuzz) \
                PLUMB_FAULTS_BIN=$(abspath $(HARDEN_DIR)/plumb-faults)

.PHONY: hardening-bins fuzz-replay-bins fuzz-bins fuzz fuzz-merge faults-bin check-faults \
        check-valgrind
$(BUILDDIR)/fuzz $(BUILDDIR)/faults:
	$(Q)mkdir -p $@
.PRECIOUS: $(BUILDDIR)/fuzz/%.o $(BUILDDIR)/faults/%.o
$(BUILDDIR)/fuzz/%.o: tests/fuzz/%.c | $(BUILDDIR)/fuzz
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) -Itests/fuzz $(ALL_CFLAGS) -c -o $@ $<
$(BUILDDIR)/fuzz/replay-%: $(BUILDDIR)/fuzz/fuzz_%.o $(BUILDDIR)/fuzz/replay_main.o \
                           $(FUZZ_COMMON) $(LIB_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILDDIR)/fuzz/fuzz-%: $(BUILDDIR)/fuzz/fuzz_%.o $(FUZZ_COMMON) $(LIB_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
$(BUILDDIR)/faults/util.o: src/util.c | $(BUILDDIR)/faults
	@echo "  CC      $< (faults)"
	$(Q)$(CC) $(CPPFLAGS) -DPLUMB_FAULTS $(ALL_CFLAGS) -c -o $@ $<
$(BUILDDIR)/faults/%.o: tests/faults/%.c | $(BUILDDIR)/faults
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) -DPLUMB_FAULTS $(ALL_CFLAGS) -c -o $@ $<
$(BUILDDIR)/plumb-faults: $(FAULT_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
fuzz-replay-bins: $(FUZZ_TARGETS:%=$(BUILDDIR)/fuzz/replay-%)
fuzz-bins: $(FUZZ_TARGETS:%=$(BUILDDIR)/fuzz/fuzz-%)
faults-bin: $(BUILDDIR)/plumb-faults

# Corpus replay and fault injection always run under ASan/UBSan.
hardening-bins:
	$(Q)$(MAKE) --no-print-directory BUILDDIR=$(HARDEN_DIR) SAN=1 CFLAGS="-O1 -g" \
	  fuzz-replay-bins faults-bin

# Each target for FUZZ_SECONDS (clang's libFuzzer); new inputs go to
# $(FUZZ_DIR)/corpus, crashes to $(FUZZ_DIR)/crashes; fuzz-merge keeps the
# new coverage in tests/fuzz/corpus.
fuzz:
	$(Q)$(MAKE) --no-print-directory BUILDDIR=$(FUZZ_DIR) CC=$(FUZZ_CC) SAN=1 \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link -Wno-error" fuzz-bins
	$(Q)for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/crashes && \
	  echo "  FUZZ    $$t for $(FUZZ_SECONDS) s" && \
	  $(FUZZ_DIR)/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crashes/$$t- -dict=tests/fuzz/$$t.dict \
	    $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_DIR)/$$t.log; \
	  rc=$$?; grep -E '^stat::number_of_executed_units|^stat::new_units_added' \
	    $(FUZZ_DIR)/$$t.log | sed 's/^/          /'; \
	  [ $$rc -eq 0 ] || { tail -40 $(FUZZ_DIR)/$$t.log; exit 1; }; \
	done
fuzz-merge:
	$(Q)for t in $(FUZZ_TARGETS); do \
	  $(FUZZ_DIR)/fuzz/fuzz-$$t -merge=1 tests/fuzz/corpus/$$t $(FUZZ_DIR)/corpus/$$t \
	    2>/dev/null | tail -1; done

# Every allocation, write and sync failed in turn (slow; make check samples).
check-faults: $(BIN) $(UNIT_BIN) hardening-bins
	$(Q)FAULT_EXHAUSTIVE=1 TEST_SCRIPTS="tests/faults/*.sh" PLUMB_BIN=$(abspath $(BIN)) \
	  UNIT_BIN=$(abspath $(UNIT_BIN)) PLUMB_THEMES=$(abspath themes) $(HARDENING_ENV) \
	  bash tests/run

# The CLI and unit tests with plumb under valgrind: zero errors, nothing
# definitely lost.
check-valgrind: $(BIN) $(UNIT_BIN)
	$(Q)PLUMB_BIN=$(abspath $(BIN)) UNIT_BIN=$(abspath $(UNIT_BIN)) \
	  PLUMB_THEMES=$(abspath themes) bash tests/valgrind.sh

-include $(wildcard $(BUILDDIR)/*.d $(BUILDDIR)/unit/*.d $(BUILDDIR)/fuzz/*.d $(BUILDDIR)/faults/*.d)
