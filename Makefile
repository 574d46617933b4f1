# shuzhi — the two commands a person needs:
#   make run    install what is missing, build, start the server with demo data
#   make test   install what is missing, build, run every test
# Other targets: build (leaves the server at build/shuzhi), web, asan, bench,
# bench-scale (the long benchmarks),
# deb (the Debian package build/deb/shuzhi_VERSION_ARCH.deb),
# fuzz (every libFuzzer target for FUZZ_MINUTES minutes, default 10),
# faults (the crash harness's long form), lint (format, and clang-tidy on what
# the last commit changed), tidy (on all), clean.

JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_MINUTES ?= 10
LISTEN ?= 127.0.0.1:8080
RUN_DATA ?= .run/data
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Let every clone of the repository share ccache hits (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps web build run deb deb-test test lint tidy unit-test postgres-test asan asan-test browser-test bench bench-scale fuzz-build fuzz fuzz-test faults clean

all: build

deps:
	@scripts/install-deps.sh

# The web UI, built with Vite and embedded into the binary by CMake.
web: deps web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

# The phone vote page (web/vote), the build's checks (web/scripts) and the browser list
# (web/package.json) are inputs too: a change there rebuilds.
web/dist/index.html: web/node_modules/.package-lock.json $(shell find web/src web/vote web/scripts web/index.html web/vite.config.ts web/tsconfig.json web/tsconfig.vote.json web/package.json -type f 2>/dev/null) docs/openapi.json
	cd web && npm run build
	@touch $@

build: deps web
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(RUN_DATA)
	$(BUILD)/shuzhi serve --data $(RUN_DATA) --listen $(LISTEN) --demo

# The Debian package, from the server just built (scripts/make-deb.sh).
deb: build
	scripts/make-deb.sh $(BUILD)/shuzhi $(BUILD)/deb

# The package built, inspected, unpacked into a scratch root and run there,
# its units verified, lintian (tests/deb/deb_test.sh; about 25 s).
deb-test:
	tests/deb/deb_test.sh $(BUILD)/shuzhi

# Unit, contract (SQLite and PostgreSQL), API and browser tests, the Debian
# package, then the same C++ tests under AddressSanitizer and
# UndefinedBehaviorSanitizer.
test: build asan fuzz-build
	scripts/lint.sh $(BUILD)
	$(MAKE) --no-print-directory deb-test
	tests/pg/with-postgres.sh $(MAKE) --no-print-directory unit-test asan-test
	$(MAKE) --no-print-directory browser-test
	$(MAKE) --no-print-directory fuzz-test
	@echo "make test: all suites passed"

lint: build
	scripts/lint.sh $(BUILD)

tidy: build
	scripts/lint.sh $(BUILD) --all

unit-test:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps web
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSHUZHI_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

asan-test:
	# The static checks (layers, thread safety) ran once, in the main build.
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -E "layers_test|thread_safety_test"

tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	@touch $@

browser-test: tests/browser/node_modules/.package-lock.json
	cd tests/browser && SHUZHI_BIN=$(CURDIR)/$(BUILD)/shuzhi npm test

# The libFuzzer targets of tests/fuzz, built with clang under ASan+UBSan.
fuzz-build: deps
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHUZHI_FUZZ=ON -DSHUZHI_EMBED_WEB=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

# Short form (in make test): replay every seed and regression file, then 30 s per target.
fuzz-test:
	scripts/fuzz.sh $(FUZZ_BUILD) --seconds 30

fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) --seconds $$(( $(FUZZ_MINUTES) * 60 ))

bench: build
	@scripts/install-deps.sh --bench
	cmake --build $(BUILD) --target registry_bench ballot_bench ballot_load meetings_bench assessment_bench archive_bench workbench_bench -j $(JOBS)
	bench/http/run.sh $(BUILD)/shuzhi
	$(BUILD)/bench/registry/registry_bench
	$(BUILD)/bench/ballots/ballot_bench 2>/dev/null
	bench/ballots/postgres.sh $(BUILD)
	bench/meetings/run.sh $(BUILD)
	bench/meetings/run.sh $(BUILD) --postgres
	$(BUILD)/bench/assessment/assessment_bench
	tests/pg/with-postgres.sh $(BUILD)/bench/assessment/assessment_bench --postgres
	$(BUILD)/bench/archive/archive_bench
	$(BUILD)/bench/workbench/workbench_bench
	tests/pg/with-postgres.sh $(BUILD)/bench/workbench/workbench_bench --postgres

# The long forms of the scale benchmarks (issue 17, docs/design/scaling.md):
# ballots cast with 1,000,000 and then 10,000,000 already stored, in the poll
# and spread across 1,000 polls (about 40 minutes and 6 GB of disk).
bench-scale: build
	@scripts/install-deps.sh --bench
	$(BUILD)/bench/ballots/ballot_bench --stored 1000000,10000000 2>/dev/null

# The fault harnesses' long forms (issue 15 §1 and §2, docs/design/
# reliability.md): ballots cast while the server is killed every 1-3 s, on
# SQLite, then with two servers over PostgreSQL, which is itself restarted
# too (about 6 minutes each); then power cuts on SQLite 0.3-0.6 s after each
# restart, the ballots released over 1.6 s per cut (a restart on the grown
# database takes about a second; about 6 minutes). `make test` runs the short forms.
FAULTS_KILLS ?= 100
FAULTS_BALLOTS ?= 100000
FAULTS_CUTS ?= 200
faults: build
	$(BUILD)/tests/faults/crash_harness $(BUILD)/shuzhi --ballots $(FAULTS_BALLOTS) --kills $(FAULTS_KILLS)
	tests/pg/with-postgres.sh $(BUILD)/tests/faults/crash_harness $(BUILD)/shuzhi --ballots $(FAULTS_BALLOTS) \
	  --kills $(FAULTS_KILLS) --postgres
	$(BUILD)/tests/faults/crash_harness $(BUILD)/shuzhi --power-cut --ballots $(FAULTS_BALLOTS) \
	  --kills $(FAULTS_CUTS) --every 300-600 --seconds $$(($(FAULTS_CUTS) * 8 / 5))

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
