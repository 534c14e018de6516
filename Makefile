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
	$(Q)PLUMB_BIN=$(abspath $(BIN)) UNIT_BIN=$(abspath $(UNIT_BIN)) \
	  PLUMB_THEMES=$(abspath themes) bash tests/run

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

-include $(wildcard $(BUILDDIR)/*.d $(BUILDDIR)/unit/*.d)
