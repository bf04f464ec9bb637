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

.PHONY: setup deps test-deps venv build release demo test bench clean

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

clean:
	rm -rf .build $(VENV)
