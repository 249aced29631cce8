# rampart - GNU Makefile.
#
#   make                      build ./rampart
#   make check                unit tests, end-to-end cases, fuzz corpus replay,
#                             integration tests against real servers
#   make DEVELOPER=1          warnings are errors
#   make SANITIZE=address,undefined check
#   make fuzz CC=clang        libFuzzer harnesses (needs libclang-rt-14-dev)
#   make install DESTDIR=... prefix=...
#   make lint / make format
#
# Debian's build flags pass through: CFLAGS, CPPFLAGS and LDFLAGS are the
# user's, the project's own flags go in front of them.
#
# SPDX-License-Identifier: MIT

CC ?= cc
CFLAGS ?= -g -O2
LDFLAGS ?=
PKG_CONFIG ?= pkg-config
INSTALL ?= install
prefix ?= /usr/local
bindir ?= $(prefix)/bin
datadir ?= $(prefix)/share
docdir ?= $(datadir)/doc/rampart
CLANG_TIDY ?= clang-tidy
CLANG_FORMAT ?= clang-format
CPPCHECK ?= cppcheck

-include config.mak

PKGS = yaml-0.1 openssl libsasl2 sqlite3 zlib
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS))

WARNINGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wwrite-strings \
	-Wpointer-arith -Wformat=2 -Wundef -Wvla -fno-common
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror -Wcast-qual -Wnull-dereference -Wimplicit-fallthrough
endif

BUILD = build
ifneq ($(SANITIZE),)
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
BUILD = build-san
endif

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
BASE_CFLAGS = $(WARNINGS) -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-DRAMPART_VERSION='"$(VERSION)"' -Isrc -I. $(PKG_CFLAGS)
ALL_CFLAGS = $(BASE_CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

LIB_SRCS := $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/cli/main.o
LIBRAMPART := $(BUILD)/librampart.a

UNIT_SRCS := $(sort $(wildcard tests/unit/t-*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_HARNESS := $(BUILD)/tests/unit/harness.o

FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz-*.c))
FUZZ_REPLAY := $(FUZZ_SRCS:fuzz/%.c=$(BUILD)/fuzz/%-replay)
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=$(BUILD)/fuzz/%)

BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

all: rampart$(if $(SANITIZE),-san)

rampart rampart-san: $(MAIN_OBJ) $(LIBRAMPART)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBRAMPART) $(LIBS)

$(LIBRAMPART): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/t-%: tests/unit/t-%.c $(UNIT_HARNESS) $(LIBRAMPART)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(UNIT_HARNESS) \
		$(LIBRAMPART) $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/fuzz/%-replay: fuzz/%.c fuzz/replay-main.c $(LIBRAMPART)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay-main.c $(LIBRAMPART) \
		$(ALL_LDFLAGS) $(LIBS)

$(BUILD)/bench/%: bench/%.c $(LIBRAMPART)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBRAMPART) $(ALL_LDFLAGS) $(LIBS)

# bench/zk's peer: the official ZooKeeper C client (libzookeeper-mt-dev).
$(BUILD)/bench/zk-cwalk: bench/zk-cwalk.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lzookeeper_mt -lpthread

RAMPART_BIN = $(CURDIR)/rampart$(if $(SANITIZE),-san)

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
		printf '%s: ' "$$t"; \
		out=$$($$t 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | tail -n 1; \
		if [ $$rc -ne 0 ]; then printf '%s\n' "$$out"; fail=1; fi; \
	done; exit $$fail

e2e: rampart$(if $(SANITIZE),-san)
	RAMPART=$(RAMPART_BIN) UPDATE=$(UPDATE) sh tests/e2e/run.sh

fuzz-replay: $(FUZZ_REPLAY)
	@for h in $(FUZZ_REPLAY); do \
		name=$$(basename $$h -replay); \
		$$h fuzz/corpus/$$name || exit 1; \
	done

integration: rampart$(if $(SANITIZE),-san)
	RAMPART=$(RAMPART_BIN) sh tests/integration/run.sh $(INTEGRATION)

catalog-check: rampart$(if $(SANITIZE),-san)
	RAMPART=$(RAMPART_BIN) sh tests/catalog-check.sh

.PHONY: report-check
report-check: rampart$(if $(SANITIZE),-san)
	RAMPART=$(RAMPART_BIN) sh tests/report-validate.sh

check: unit e2e fuzz-replay report-check integration catalog-check

bench: rampart $(BENCH_BINS)
	@for b in bench/*/run.sh; do sh $$b || exit 1; done

# libFuzzer builds: make fuzz CC=clang
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
FUZZ_LIB_SRCS = $(filter-out src/cli/%,$(LIB_SRCS))
$(BUILD)/fuzz/fuzz-%: fuzz/fuzz-%.c $(FUZZ_LIB_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -g -O1 $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_SRCS) $(LIBS)

fuzz: $(FUZZ_BINS)

install: rampart
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(docdir)
	$(INSTALL) -m 755 rampart $(DESTDIR)$(bindir)/rampart
	$(INSTALL) -m 644 README.md docs/*.md $(DESTDIR)$(docdir)/

LINT_SRCS = $(wildcard src/*/*.c tests/unit/*.c fuzz/*.c bench/*.c)
LINT_HDRS = $(wildcard src/*/*.h tests/unit/*.h)

lint:
	$(CLANG_FORMAT) --dry-run -Werror $(LINT_SRCS) $(LINT_HDRS)
	$(CLANG_TIDY) --quiet $(wildcard src/*/*.c) -- $(BASE_CFLAGS)
	$(CPPCHECK) --quiet --enable=warning,style,performance,portability \
		--suppress=redundantInitialization --suppress=missingIncludeSystem \
		--inline-suppr --error-exitcode=1 -Isrc -D_GNU_SOURCE src
	sh tests/lint.sh

format:
	$(CLANG_FORMAT) -i $(LINT_SRCS) $(LINT_HDRS)

clean:
	rm -rf build build-san rampart rampart-san

.PHONY: all check unit e2e fuzz-replay integration catalog-check bench fuzz \
	install lint format clean

.DELETE_ON_ERROR:
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
