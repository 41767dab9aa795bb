# The two set-up commands (see README.md): `make run` and `make test`.
# Everything else is a step they are built from.
POLICY ?= examples/saas-support.yaml
DB ?= escalator.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build build-web build-asan run test test-release test-asan test-web bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@scripts/build-web.sh

# The web app alone (web/dist; npm ci when package-lock.json changed). Needs Node 20.19+.
build-web:
	@scripts/build-web.sh

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan

# Serves the API and the web app (web/dist) on http://$(LISTEN)/.
run: build
	@echo "Escalator web app: http://$(LISTEN)/"
	@./build/escalator serve --policy $(POLICY) --db $(DB) --listen $(LISTEN) --demo

test-release: build
	@ctest --preset release

test-asan: build-asan
	@ctest --preset asan

# Vitest unit tests, then the Playwright end-to-end tests in Debian's Chromium against a
# real `escalator serve --testing` (web/e2e/). They use build/escalator and web/dist.
test-web: build
	@cd web && npm run --silent test
	@cd web && npm run --silent e2e

test: test-release test-asan test-web

bench:
	@scripts/install-deps.sh --bench
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@bench/run-all.sh

# libFuzzer targets (clang-14, build-fuzz/): `make fuzz FUZZ_SECONDS=600`.
fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build build-debug build-asan build-fuzz web/dist
