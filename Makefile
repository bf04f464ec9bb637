# aerosh — build, demo and test entry points. README names two of them:
#   make demo   installs what is needed, builds, and runs the seed demo on the embedded store
#   make test   runs every test

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What building and testing need (libedit for the interactive shell's line editing,
# Python for the conformance and terminal tests; SQLite comes built in with sqlite-nio);
# the full set-up needs nothing more.
TEST_APT_PACKAGES := libedit-dev pkg-config python3 python3-venv
APT_PACKAGES := $(TEST_APT_PACKAGES)
VENV := .venv
PYPI_CLIENTS := aerospike==19.3.0 aerospike-py==0.14.4
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE_BIN := .build/release/aerosh
DEMO_DB := .build/demo.db

.PHONY: setup deps test-deps venv build release demo test bench clean fuzz fuzz-smoke fuzz-build fuzz-replay

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

## demo: the seed guide's operations on a fresh embedded store
demo: setup
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(RELEASE_BIN) --embedded $(DEMO_DB) --echo -f Tests/Fixtures/demo.aql
	@echo
	@echo "The store is $(DEMO_DB); try: $(RELEASE_BIN) --embedded $(DEMO_DB) -c \"GET test.demo 'user1'\""

## test: every test — unit, golden and end-to-end (the end-to-end ones run the built
## binary), then the conformance suite: the official Python clients against `aerosh serve`,
## then the interactive shell typed at in a pseudo-terminal, then the end-to-end suite
## again against the static release binary that ships (`make release`, what `make demo`
## and users run)
# The suites that serve connections go in a second process, and the end-to-end suites that
# run the binary in a third: on two cores, the CPU-bound property and fuzz suites starved
# in-process servers, and so did the end-to-end suites' many aerosh and serve processes.
SERVER_SUITES := AerospikeServerTests|AerospikeNetworkTests
NETWORK_SUITES := $(SERVER_SUITES)|AeroshEndToEndTests

test: test-deps venv
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory fuzz-replay
	$(SWIFT) test --skip '$(NETWORK_SUITES)'
	$(SWIFT) test --filter '$(SERVER_SUITES)'
	$(SWIFT) test --filter AeroshEndToEndTests
	Tests/Conformance/run
	Tests/Interactive/run
	$(SWIFT) build $(RELEASE_FLAGS)
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
FUZZ_BUILD_FLAGS := -c $(FUZZ_CONFIG) --scratch-path $(FUZZ_SCRATCH) -Xswiftc -DFUZZING -Xswiftc -parse-as-library \
	--sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
FUZZ_RUN_FLAGS := -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 -print_final_stats=1

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
	  $$bin/fuzz-$$f $(FUZZ_RUN_FLAGS) -artifact_prefix=$$work/ $$work/corpus > $$work/log 2>&1; status=$$?; \
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

clean:
	rm -rf .build $(FUZZ_SCRATCH) $(VENV)
