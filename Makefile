# heraldo — GNU make, no configure step.  See README.md.

PKGS      = libcmark-gfm libgit2 icu-uc icu-i18n libxml-2.0 yaml-0.1 libmicrohttpd
DEBS      = build-essential pkg-config git libcmark-gfm-dev \
            libcmark-gfm-extensions-dev libgit2-dev libicu-dev libxml2-dev \
            libyaml-dev libmicrohttpd-dev libcmocka-dev libxml2-utils \
            libmbedtls-dev libssh2-1-dev libssl-dev libhttp-parser-dev \
            libpcre2-dev liblzma-dev zlib1g-dev libkrb5-dev libical-dev \
            python3 python3-feedparser python3-html5lib python3-icalendar
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Werror -Wshadow -Wformat=2 \
            -Wmissing-prototypes -Wstrict-prototypes
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
# LINK=static (the default) links heraldo's libgit2 and libxml2, with
# what they need, from their archives when all are installed: a build is a
# short process, and the dynamic loader's relocations and symbol lookups
# for some forty shared libraries were several milliseconds of each (see
# bench/README.md).  ICU and cmark-gfm (whose special-character table
# markdown.c interposes) stay shared; so do the tests.  LINK=shared links
# every library as a shared one, as Debian's package does (debian/rules).
# libmicrohttpd is opened by `serve` (serve.c), not linked.  The static
# link routes libgit2's loading of the system's certificates to main.c,
# which skips it.
LINK     ?= static
STATIC_A  = git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 crypto \
            pcre2-8 xml2 lzma z yaml
LIBDIR    = $(shell pkg-config --variable=libdir libgit2 2>/dev/null)
ifeq ($(LINK),static)
ifeq ($(words $(wildcard $(patsubst %,$(LIBDIR)/lib%.a,$(STATIC_A)))),$(words $(STATIC_A)))
BINLIBS   = -Wl,--wrap=mbedtls_x509_crt_parse_file \
            -Wl,-Bstatic $(addprefix -l,$(STATIC_A)) -Wl,-Bdynamic \
            $(shell pkg-config --libs libcmark-gfm icu-uc icu-i18n \
            2>/dev/null) -lgssapi_krb5 -lpthread -lm -ldl
endif
else ifneq ($(LINK),shared)
$(error LINK is static or shared, not $(LINK))
endif
BINLIBS  ?= $(shell pkg-config --libs $(filter-out libmicrohttpd,$(PKGS)) \
            2>/dev/null) -lpthread -lm
MHD_SONAME = $(shell objdump -p $(LIBDIR)/libmicrohttpd.so 2>/dev/null | \
            sed -n 's/^ *SONAME *//p')
CPPFLAGS += $(if $(MHD_SONAME),-DMHD_SONAME='"$(MHD_SONAME)"')
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
DATADIR   = $(PREFIX)/share/heraldo
# The one place the version is written; debian/changelog must agree
# (check-version).
VERSION  := $(shell cat VERSION)

SRCS      = $(wildcard src/*.c)
OBJS      = $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS)) $(BUILD)/theme_data.o
THEME     = $(shell find layouts -name '*.mustache' 2>/dev/null) static/heraldo.css \
            static/favicon.svg
LIBOBJS   = $(filter-out $(BUILD)/main.o,$(OBJS))
UNITS     = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
FUZZERS   = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAYS   = $(patsubst %,$(BUILD)/tests/replay_%,$(FUZZERS))
BIN       = $(BUILD)/heraldo

.PHONY: all deps site test check-unit check-e2e check-fuzz check-suite asan \
        fuzz bench install uninstall dist check-version clean regen valgrind

all: bin/heraldo

# Keep objects that pattern rules chain through, so nothing relinks twice.
.SECONDARY:

# The build variant in $(BUILD); bin/heraldo is the default build's binary.
bin/heraldo: $(BIN)
	@mkdir -p $(@D)
	cp $(BIN) $@

$(BIN): $(BUILD)/main.o $(BUILD)/libheraldo.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BINLIBS)

$(BUILD)/libheraldo.a: $(LIBOBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c VERSION
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) $(CFLAGS) $(CPPFLAGS) -DHERALDO_VERSION='"$(VERSION)"' -MMD -MP -c -o $@ $<

# The built-in theme: the repository's own layouts, compiled in.
$(BUILD)/theme_data.c: $(THEME) tools/embed-theme.sh
	@mkdir -p $(@D)
	sh tools/embed-theme.sh > $@.tmp && mv $@.tmp $@

$(BUILD)/theme_data.o: $(BUILD)/theme_data.c
	$(CC) -std=c17 $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) -Wno-missing-prototypes $(CFLAGS) $(CPPFLAGS) -DTU_SRCDIR='"$(CURDIR)"' -MMD -MP -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(BUILD)/tests/testutil.o $(BUILD)/libheraldo.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# libical's parser and RFC 5546 restriction check, for the calendars.
ICALCHECK = $(BUILD)/tests/icalcheck
$(ICALCHECK): tests/tools/icalcheck.c
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L \
	    $(shell pkg-config --cflags libical 2>/dev/null) $(LDFLAGS) -o $@ $< \
	    $(shell pkg-config --libs libical 2>/dev/null)

$(BUILD)/tests/fuzz_%.o: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) -Wno-missing-prototypes $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/replay.o: tests/fuzz/replay.c
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(BUILD)/tests/replay_fuzz_%: $(BUILD)/tests/fuzz_%.o $(BUILD)/tests/replay.o $(BUILD)/libheraldo.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

-include $(OBJS:.o=.d) $(wildcard $(BUILD)/tests/*.d)

# Install what a fresh Debian 12 machine lacks (as root, or through sudo).
deps:
	@missing=$$(for p in $(DEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing:" $$missing; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	        --no-install-recommends $$missing; \
	fi

site: deps
	$(MAKE) bin/heraldo
	bin/heraldo build --site . --out public

# One variant's whole suite: unit tests, end-to-end tests, fuzz replays.
check-suite: $(BIN) $(UNITS) $(REPLAYS) $(ICALCHECK) check-version
	@set -e; for t in $(UNITS); do echo "== $$t"; \
	    $(TESTENV) $$t; done
	@for f in $(FUZZERS); do \
	    $(BUILD)/tests/replay_$$f tests/fuzz/corpus/$${f#fuzz_} || exit 1; \
	done
	sh tests/tools/selftest.sh
	HERALDO=$(CURDIR)/$(BIN) ICALCHECK=$(CURDIR)/$(ICALCHECK) \
	    sh tests/e2e/run.sh
	/usr/bin/python3 tests/e2e/spec_cli.py $(BIN) tests/vectors/mustache-spec
	HERALDO=$(CURDIR)/$(BIN) sh tests/e2e/hook.sh
	HERALDO=$(CURDIR)/$(BIN) ICALCHECK=$(CURDIR)/$(ICALCHECK) \
	    sh tests/e2e/site.sh
	HERALDO=$(CURDIR)/$(BIN) sh tests/e2e/cache.sh
	HERALDO=$(CURDIR)/$(BIN) sh tests/e2e/faults.sh
	HERALDO=$(CURDIR)/$(BIN) sh tests/e2e/import.sh
	HERALDO=$(CURDIR)/$(BIN) PYTHON=/usr/bin/python3 sh tests/e2e/browser.sh

test: deps
	$(MAKE) check-suite
	$(MAKE) asan

# The sanitizer run also proves that nothing reads the machine's own time
# zone or locale.
asan:
	$(MAKE) BUILD=build-asan TESTENV="TZ=Pacific/Kiritimati LANG=C LC_ALL=C" \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -DHERALDO_ARENA_DEBUG" \
	    LDFLAGS="-fsanitize=address,undefined" check-suite

valgrind: $(BIN) $(ICALCHECK)
	VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full" \
	    HERALDO=$(CURDIR)/$(BIN) ICALCHECK=$(CURDIR)/$(ICALCHECK) \
	    sh tests/e2e/run.sh

# libFuzzer targets (clang); FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
fuzz:
	@set -e; for f in $(FUZZERS); do \
	    $(MAKE) BUILD=build-fuzz CC=clang \
	        CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -DHERALDO_ARENA_DEBUG" \
	        build-fuzz/libheraldo.a; \
	    mkdir -p build-fuzz/corpus/$${f#fuzz_}; \
	    clang -std=c17 -O1 -g -fsanitize=fuzzer,address,undefined \
	        -fno-sanitize-recover=all $(CPPFLAGS) \
	        -o build-fuzz/$$f tests/fuzz/$$f.c build-fuzz/libheraldo.a $(LDLIBS); \
	    build-fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	        build-fuzz/corpus/$${f#fuzz_} tests/fuzz/corpus/$${f#fuzz_}; \
	done

# Benchmarks need GNU time and Debian's hugo besides the build's packages.
bench: deps bin/heraldo
	@for p in time hugo; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q 'install ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; fi
	sh bench/run.sh

regen: $(BIN) $(ICALCHECK)
	HERALDO=$(CURDIR)/$(BIN) ICALCHECK=$(CURDIR)/$(ICALCHECK) REGEN=1 \
	    sh tests/e2e/run.sh

# The built-in theme is installed as the binary embeds it, for sites to
# copy from; heraldo itself never reads it.
MANPAGES  = $(wildcard man/*.[1-8])
THEMEDIR  = $(DATADIR)/theme

install: bin/heraldo
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 bin/heraldo $(DESTDIR)$(BINDIR)/heraldo
	@set -e; for m in $(MANPAGES); do \
	    echo install -D -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/}; \
	    install -D -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/}; \
	done
	@set -e; for f in $(sort $(THEME)); do \
	    echo install -D -m 644 $$f $(DESTDIR)$(THEMEDIR)/$$f; \
	    install -D -m 644 $$f $(DESTDIR)$(THEMEDIR)/$$f; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/heraldo
	@for m in $(MANPAGES); do \
	    echo rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/}; \
	    rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/}; \
	done
	rm -rf $(DESTDIR)$(THEMEDIR)
	-rmdir $(DESTDIR)$(DATADIR)

# The release tarball: the committed tree at HEAD, which builds and tests
# on its own (tests/e2e/site.sh makes a repository of the example site
# when there is none).
dist:
	git archive --format=tar.gz --prefix=heraldo-$(VERSION)/ \
	    -o heraldo-$(VERSION).tar.gz HEAD
	@echo heraldo-$(VERSION).tar.gz

# VERSION, debian/changelog and the binary say the same version.
check-version: $(BIN)
	@v=$$(sed -n '1s/^heraldo (\([^)]*\)).*/\1/p' debian/changelog); \
	b=$$($(BIN) --version | sed -n '1s/^heraldo //p'); \
	if [ "$$v" != "$(VERSION)" ] || [ "$$b" != "$(VERSION)" ]; then \
	    echo "version: VERSION says $(VERSION), debian/changelog" \
	        "$$v, $(BIN) --version $$b: make them agree"; exit 1; \
	fi; echo "version: $(VERSION) everywhere"

clean:
	rm -rf build build-* bin
