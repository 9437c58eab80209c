# Medallion — build, run and test entry points (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PY := $(VENV)/bin/python
DEB_PACKAGES := libzstd-dev libcurl4-openssl-dev libsqlite3-dev zlib1g-dev libpq-dev zstd pkg-config
# Only the tests need these: Java for Spark reading our Parquet files back, Graphviz for `graph` SVG,
# Chromium (headless) for opening the HTML report, PostgreSQL for database sources.
TEST_DEB_PACKAGES := openjdk-17-jre-headless graphviz chromium postgresql
PY_PACKAGES := duckdb==2.0.1 pyarrow==26.0.1 'moto[server]==5.2.5' boto3==1.44.8 pyspark==4.3.0 deltalake==1.6.6 polars==2.1.0 prometheus_client==0.26.0 cfn-lint==1.58.0
# Only the bench needs these: GNU time for every tool's peak RSS, polars as a peer.
BENCH_DEB_PACKAGES := time
BENCH_PY_PACKAGES := polars==2.1.0
# Where `make bench` builds; SCRATCH=.build-x keeps a second checkout's build apart.
SCRATCH ?= .build
BENCH_BIN := $(SCRATCH)/release

.PHONY: setup system-deps test-system-deps bench-system-deps venv build run test bench clean

setup: system-deps test-system-deps venv

# Install only what dpkg says is missing; run `apt-get update` once, and only when needed.
define install-debs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

system-deps:
	$(call install-debs,$(DEB_PACKAGES))

test-system-deps:
	$(call install-debs,$(TEST_DEB_PACKAGES))

bench-system-deps:
	$(call install-debs,$(BENCH_DEB_PACKAGES))

venv: $(VENV)/.installed

# Re-run when the pinned package list changes (pip skips what is already there).
$(VENV)/.installed: Makefile
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PACKAGES)
	touch $@

build: system-deps
	$(SWIFT) build -c release

# Ingests every dataset in datasets/ into lake/ (a second `make run` skips unchanged sources).
run: build
	.build/release/medallion run --all

test: setup
	MEDALLION_PYTHON=$(abspath $(PY)) $(SWIFT) test

# IngestBench runs last: its table of medallion against polars and DuckDB ends the output
# (BENCH_RUNS=5 for more runs per tool, BENCH_LARGE=0 to leave out the 1 GB file).
bench: setup bench-system-deps
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product medallion
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product StateMachineBench && $(BENCH_BIN)/StateMachineBench
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product ParquetBench && mkdir -p .build/bench && { test -f .build/bench/nsde-2000000.csv || python3 ../shared/bench/gen_nsde.py 2000000 .build/bench/nsde-2000000.csv; } && $(BENCH_BIN)/ParquetBench .build/bench/nsde-2000000.csv --python $(abspath $(PY))
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product lake-bench && MEDALLION_PYTHON=$(abspath $(PY)) $(BENCH_BIN)/lake-bench
	$(PY) -c "import polars" 2>/dev/null || $(VENV)/bin/pip install -q --disable-pip-version-check $(BENCH_PY_PACKAGES)
	$(SWIFT) build -c release --scratch-path $(SCRATCH) --product IngestBench
	$(BENCH_BIN)/IngestBench --medallion $(abspath $(BENCH_BIN)/medallion) --python $(abspath $(PY)) --cache .build/bench

clean:
	rm -rf .build .build-* $(VENV)
