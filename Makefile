# The two set-up commands (see README.md): `make run` and `make test`.
# Everything else is a step they are built from.
POLICY ?= examples/saas-support.yaml
DB ?= escalator.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build build-asan run test test-release test-asan bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan

run: build
	@./build/escalator serve --policy $(POLICY) --db $(DB) --listen $(LISTEN) --demo

test-release: build
	@ctest --preset release

test-asan: build-asan
	@ctest --preset asan

test: test-release test-asan

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
	rm -rf build build-debug build-asan build-fuzz
