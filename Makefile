# aerosh — build, demo and test entry points. README names two of them:
#   make demo   installs what is needed, builds, and runs the seed demo on the embedded store
#   make test   runs every test

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What building and testing need (libedit for the interactive shell's line editing,
# Python for the conformance and terminal tests, man for the install test to render the man
# page; SQLite comes built in with sqlite-nio); the full set-up needs nothing more.
TEST_APT_PACKAGES := libedit-dev pkg-config python3 python3-venv man-db
APT_PACKAGES := $(TEST_APT_PACKAGES)
VENV := .venv
PYPI_CLIENTS := aerospike==19.3.0 aerospike-py==0.14.4
# Exclusivity checks off in the shipped binary only: at run time they were a tenth of a
# sequential PUT's instructions (mostly inside NIO's buffers). Debug builds, which every
# unit, server and end-to-end suite runs, keep them; the end-to-end suite runs again on
# this binary.
#
# The shipped binary is a fixed-address executable (-no-pie), as Go's are by default: a
# position-independent one spent about a third of `aerosh --version`'s CPU (1.1-1.5 ms of
# every start) having the loader patch 63,000 addresses into its 80 MB image and copying
# the pages it patched (442 page faults against 234). The cost is that the executable's own
# code sits at the same address every run; libraries, stack and heap are still randomized.
# RELEASE_PIE=yes builds it position-independent.
RELEASE_PIE ?= no
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -enforce-exclusivity=unchecked \
  $(if $(filter no,$(RELEASE_PIE)),-Xlinker -no-pie)
RELEASE_BIN := .build/release/aerosh
DEMO_DB := .build/demo.db
# The git revision `aerosh --version` shows, for every build below (Package.swift hands it to
# the one C file that reads it): the short commit, `-dirty` when tracked files have changes.
export AEROSH_GIT_REVISION := $(shell git rev-parse --short HEAD 2>/dev/null)$(shell \
  [ -n "$$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && echo -dirty)

# make install: where the files go (DESTDIR, for staging, is put before each of them)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man/man1
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d
INSTALLED_FILES = $(BINDIR)/aerosh $(MANDIR)/aerosh.1 $(BASH_COMPLETION_DIR)/aerosh \
  $(ZSH_COMPLETION_DIR)/_aerosh $(FISH_COMPLETION_DIR)/aerosh.fish
COMPLETIONS := .build/completions

# make package: a .deb of the release binary (Debian's own dpkg-deb; no debhelper)
VERSION := $(shell sed -n 's/.*static let current = "\(.*\)"/\1/p' Sources/AeroshCLI/Command/AeroshVersion.swift)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEB := .build/aerosh_$(VERSION)_$(DEB_ARCH).deb
DEB_DIR := .build/deb
DEB_ROOT := $(DEB_DIR)/root
MAINTAINER ?= aerosh maintainers <maintainers@users.noreply.b-seed-26606855.example>

.PHONY: setup deps test-deps venv build release completions install install-files uninstall package \
  package-test demo test bench soak clean fuzz fuzz-smoke fuzz-build fuzz-replay fuzz-ci

## setup: system packages, the Python clients for conformance tests, a release build
setup: deps venv release

## deps: install the Debian packages that are missing (apt-get runs only when one is)
deps: PACKAGES = $(APT_PACKAGES)
test-deps: PACKAGES = $(TEST_APT_PACKAGES)
deps test-deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## venv: the official PyPI clients (aerospike, aerospike-py) in .venv
venv: $(VENV)/.installed
$(VENV)/.installed:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PYPI_CLIENTS)
	touch $@

build: deps
	$(SWIFT) build

## release: the static binary that ships (fast start-up: no shared Swift runtime to load)
release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

## completions: bash, zsh and fish completion scripts, as the release binary writes them
completions: release
	mkdir -p $(COMPLETIONS)
	$(RELEASE_BIN) --generate-completion-script bash > $(COMPLETIONS)/aerosh.bash
	$(RELEASE_BIN) --generate-completion-script zsh > $(COMPLETIONS)/_aerosh
	$(RELEASE_BIN) --generate-completion-script fish > $(COMPLETIONS)/aerosh.fish

## install: the release binary, the man page and the completions under PREFIX (/usr/local),
## staged under DESTDIR if given; uninstall removes exactly those files
install: completions
	$(MAKE) --no-print-directory install-files

## install-files: what make completions built, installed without building (make package
## stages with it; `make completions && sudo make install-files` keeps root out of .build)
install-files:
	@[ -x $(RELEASE_BIN) ] && [ -s $(COMPLETIONS)/aerosh.bash ] || \
	  { echo "no $(RELEASE_BIN) or completions: run make completions first" >&2; exit 1; }
	install -d $(addprefix $(DESTDIR),$(BINDIR) $(MANDIR) $(BASH_COMPLETION_DIR) \
	  $(ZSH_COMPLETION_DIR) $(FISH_COMPLETION_DIR))
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/aerosh
	install -m 644 man/aerosh.1 $(DESTDIR)$(MANDIR)/aerosh.1
	install -m 644 $(COMPLETIONS)/aerosh.bash $(DESTDIR)$(BASH_COMPLETION_DIR)/aerosh
	install -m 644 $(COMPLETIONS)/_aerosh $(DESTDIR)$(ZSH_COMPLETION_DIR)/_aerosh
	install -m 644 $(COMPLETIONS)/aerosh.fish $(DESTDIR)$(FISH_COMPLETION_DIR)/aerosh.fish

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED_FILES))

## package: .build/aerosh_VERSION_ARCH.deb — the binary in /usr/bin, the man page, the
## completions where Debian's bash, zsh and fish look for a package's
# Depends: what the binary links (libedit2, and libc6, libgcc-s1, libstdc++6: the Swift
# runtime is linked in, not the C++ and C libraries under it) with the versions dpkg-shlibdeps
# (dpkg-dev) finds, or that list without versions when it is missing.
package: completions
	rm -rf $(DEB_DIR) $(DEB)
	$(MAKE) --no-print-directory install-files DESTDIR=$(abspath $(DEB_ROOT)) PREFIX=/usr \
	  ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/aerosh.1
	install -d $(DEB_ROOT)/DEBIAN $(DEB_DIR)/debian
	printf 'Source: aerosh\n\nPackage: aerosh\nArchitecture: any\n' > $(DEB_DIR)/debian/control
	depends="$$(cd $(DEB_DIR) && dpkg-shlibdeps -O root/usr/bin/aerosh 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"; \
	[ -n "$$depends" ] || depends="libc6, libedit2, libgcc-s1, libstdc++6"; \
	{ echo "Package: aerosh"; \
	  echo "Version: $(VERSION)"; \
	  echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: $(MAINTAINER)"; \
	  echo "Installed-Size: $$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)"; \
	  echo "Depends: $$depends"; \
	  echo "Section: database"; \
	  echo "Priority: optional"; \
	  echo "Description: command-line shell for Aerospike"; \
	  echo " A statement language for Aerospike's single-record operations, batches, scans"; \
	  echo " and queries, run one-shot, from scripts or at a prompt with line editing,"; \
	  echo " against Aerospike servers over the wire protocol or an embedded store (a SQLite"; \
	  echo " file with the semantics of an Aerospike node). 'aerosh serve' puts that store on"; \
	  echo " the wire protocol, for the official clients to use as a local server."; \
	} > $(DEB_ROOT)/DEBIAN/control
	dpkg-deb --build --root-owner-group $(DEB_ROOT) $(DEB)
	@echo "built $(DEB)"

## package-test: installs the .deb with dpkg (as root), runs it, reads its man page, purges it
package-test: package
	Tests/Package/run $(DEB)

## demo: the seed guide's operations on a fresh embedded store
demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(RELEASE_BIN) --embedded $(DEMO_DB) --echo -f Tests/Fixtures/demo.aql
	@echo
	@echo "The store is $(DEMO_DB); try: $(RELEASE_BIN) --embedded $(DEMO_DB) -c \"GET test.demo 'user1'\""

## test: every test — unit, golden and end-to-end (the end-to-end ones run the built
## binary), then the conformance suite: the official Python clients against `aerosh serve`,
## then the interactive shell typed at in a pseudo-terminal, then `make install` and
## `make uninstall` of the static release binary that ships (`make release`, what `make demo`
## and users run) into a temporary directory, and the end-to-end suite again against that
## binary. The Debian package has its own test: make package-test (as root)
# The suites that serve connections go in a second process, and the end-to-end suites that
# run the binary in a third: on two cores, the CPU-bound property and fuzz suites starved
# in-process servers, and so did the end-to-end suites' many aerosh and serve processes.
SERVER_SUITES := AerospikeServerTests|AerospikeNetworkTests
NETWORK_SUITES := $(SERVER_SUITES)|AeroshEndToEndTests

test: test-deps venv
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory fuzz-replay
	$(MAKE) --no-print-directory fuzz-ci
	$(SWIFT) test --skip '$(NETWORK_SUITES)'
	$(SWIFT) test --filter '$(SERVER_SUITES)'
	$(SWIFT) test --filter AeroshEndToEndTests
	Tests/Conformance/run
	Tests/Interactive/run
	$(SWIFT) build $(RELEASE_FLAGS)
	Tests/Install/run
	AEROSH_BIN=$(abspath $(RELEASE_BIN)) $(SWIFT) test --filter AeroshEndToEndTests

## bench: first one table of aerosh beside the official client and aerospike-py (and aql,
## if installed) on one server, with ratios (Benchmarks/compare.py); then start-up and
## per-statement latency of the release binary, the throughput of `aerosh serve` under
## aerospike-py with 1 and 16 concurrent clients, and a scan of 1,000,000 records
## (embedded, through serve, and with both official clients)
bench: release venv
	$(VENV)/bin/python Benchmarks/compare.py
	Benchmarks/run
	$(VENV)/bin/python Benchmarks/serve_throughput.py
	$(VENV)/bin/python Benchmarks/scan_bench.py

## soak: 200 connections of mixed puts and gets (Benchmarks/ServeLoad) against a fresh
## release `aerosh serve --memory`, then against one on a new SQLite file, SOAK_SECONDS
## (default 60) each: throughput, p50/p99/p99.9 latency, errors, serve's peak RSS and its
## descriptors before, at the peak and after the clients closed. Fails on any error or
## descriptor left open. (`make test` runs it for 5 s: ServeLoadTests.) Then a script of
## 1,000,000 lines through the release binary (`make test`: 200,000).
SOAK_SECONDS ?= 60
SOAK_DIR := .build/soak
soak: release
	$(SWIFT) build $(RELEASE_FLAGS) --product serve-load
	@rm -rf $(SOAK_DIR) && mkdir -p $(SOAK_DIR)
	@echo "== in memory"
	.build/release/serve-load --aerosh $(RELEASE_BIN) --memory --seconds $(SOAK_SECONDS)
	@echo "== on a file ($(SOAK_DIR)/soak.db)"
	.build/release/serve-load --aerosh $(RELEASE_BIN) --data $(SOAK_DIR)/soak.db --seconds $(SOAK_SECONDS)
	@echo "== a script of 1,000,000 lines through the release binary, in constant memory"
	$(SWIFT) build --build-tests
	AEROSH_BIN=$(abspath $(RELEASE_BIN)) AEROSH_SCRIPT_LINES=1000000 $(SWIFT) test --skip-build --filter millionLineScript

## fuzz: builds each fuzz target (Tests/Fuzz) with libFuzzer and AddressSanitizer, runs it
## FUZZ_SECONDS (default 60) on a copy of its corpus, then prints each one's runs and
## executions/s; a crash leaves its input in .build-fuzz/work/NAME/ and fails the target.
## fuzz-smoke: the same, 10 s each. fuzz-replay (part of `make test`): the checked-in
## corpora through the normal debug build, no fuzzer.
FUZZERS := statements msgpack server-frames client-replies stored-records
FUZZ_SECONDS ?= 60
# debug by default (what was measured); FUZZ_CONFIG=release builds optimized fuzzers.
FUZZ_CONFIG ?= debug
FUZZ_SCRATCH := .build-fuzz
FUZZ_WORK := $(FUZZ_SCRATCH)/work
# SwiftPM's --sanitize=fuzzer --sanitize=address hand swiftc two -sanitize= flags in no fixed
# order, and only the last one counts: a build came out with ASan and no coverage (libFuzzer:
# "Is the code instrumented?"). -Xswiftc -sanitize=fuzzer,address comes after them and wins;
# --sanitize=fuzzer stays, as SwiftPM then links libFuzzer's main instead of the target's.
FUZZ_BUILD_FLAGS := -c $(FUZZ_CONFIG) --scratch-path $(FUZZ_SCRATCH) -Xswiftc -DFUZZING -Xswiftc -parse-as-library -Xswiftc -use-ld=lld -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
	--sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
FUZZ_RUN_FLAGS := -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
# Statements of up to 512 bytes (a script's statement is far shorter): with libFuzzer's
# default the inputs grow to 2 KB of text each, and it runs at 1,100 rather than 2,100 a second.
FUZZ_STATEMENTS_FLAGS := -max_len=512

fuzz-build:
	@for f in $(FUZZERS); do \
	  echo "building fuzz-$$f"; \
	  $(SWIFT) build $(FUZZ_BUILD_FLAGS) --product fuzz-$$f || exit 1; \
	done

fuzz: fuzz-build
	@bin=$$($(SWIFT) build $(FUZZ_BUILD_FLAGS) --show-bin-path); failed=""; summary=""; \
	for f in $(FUZZERS); do \
	  work=$(FUZZ_WORK)/$$f; rm -rf $$work/corpus; mkdir -p $$work/corpus; \
	  cp Tests/Fuzz/Corpus/$$f/* $$work/corpus/; \
	  echo "== fuzz-$$f: $(FUZZ_SECONDS) s on a copy of Tests/Fuzz/Corpus/$$f ($$work/corpus)"; \
	  extra=""; if [ $$f = statements ]; then extra="$(FUZZ_STATEMENTS_FLAGS)"; fi; \
	  $$bin/fuzz-$$f $(FUZZ_RUN_FLAGS) $$extra -artifact_prefix=$$work/ $$work/corpus > $$work/log 2>&1; status=$$?; \
	  tail -n 12 $$work/log | grep -E "Done|stat::|ERROR|SUMMARY|artifact" ; \
	  done_line=$$(grep -E "^Done [0-9]+ runs" $$work/log | tail -n 1); \
	  runs=$$(echo "$$done_line" | awk '{print $$2}'); secs=$$(echo "$$done_line" | awk '{print $$5}'); \
	  if [ $$status -ne 0 ]; then failed="$$failed fuzz-$$f"; fi; \
	  summary="$$summary$$(printf '%-20s %10s runs %5s s %8s exec/s  exit %s' fuzz-$$f "$${runs:-?}" "$${secs:-?}" \
	    "$$( [ -n "$$runs" ] && [ "$${secs:-0}" -gt 0 ] && echo $$((runs / secs)) || echo ?)" $$status)\n"; \
	done; \
	echo; printf "$$summary"; \
	if [ -n "$$failed" ]; then echo "crashed:$$failed (inputs and logs in $(FUZZ_WORK)/)"; exit 1; fi

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

fuzz-replay:
	@for f in $(FUZZERS); do .build/debug/fuzz-$$f Tests/Fuzz/Corpus/$$f || exit 1; done

## fuzz-ci (part of `make test`): the fuzzers built as `make fuzz` builds them, then each
## runs FUZZ_CI_RUNS inputs (its corpus first) with a fixed seed on a copy of its corpus:
## a short real libFuzzer run, the same inputs each time, so CI is not a lottery. A crash
## fails the target and prints the end of its log.
FUZZ_CI_RUNS ?= 3000
fuzz-ci: fuzz-build
	@bin=$$($(SWIFT) build $(FUZZ_BUILD_FLAGS) --show-bin-path); \
	for f in $(FUZZERS); do \
	  work=$(FUZZ_WORK)/ci-$$f; rm -rf $$work; mkdir -p $$work/corpus; cp Tests/Fuzz/Corpus/$$f/* $$work/corpus/; \
	  extra=""; if [ $$f = statements ]; then extra="$(FUZZ_STATEMENTS_FLAGS)"; fi; \
	  if ! $$bin/fuzz-$$f -runs=$(FUZZ_CI_RUNS) -seed=1 -timeout=60 -rss_limit_mb=2048 $$extra \
	      -artifact_prefix=$$work/ $$work/corpus > $$work/log 2>&1; then \
	    tail -n 60 $$work/log; echo "fuzz-$$f crashed (input and log in $$work/)"; exit 1; \
	  fi; \
	  echo "fuzz-$$f: $$(grep -E '^Done' $$work/log)"; \
	done

clean:
	rm -rf .build $(FUZZ_SCRATCH) $(VENV)
