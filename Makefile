# role-quiz: the two commands are `make demo` and `make test`.
# Both install what is missing first (scripts/install-tools.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT ?= 60

SERVER := target/server/role-quiz-server

.PHONY: demo test build server tools test-tools lint test-native test-wasm test-e2e test-engines bench clean

## demo: build the release widget and serve it at http://127.0.0.1:8080/
demo: tools build server
	$(SERVER)

## test: formatting and lints, native tests, component tests in headless
## Chromium and Firefox, end-to-end tests, and the journeys in Chromium, Firefox and WebKit
test: test-tools lint test-native test-wasm build server test-e2e test-engines

tools:
	scripts/install-tools.sh

test-tools:
	scripts/install-tools.sh --browser

build:
	trunk build --release

server:
	cargo build -p role-quiz-server --profile server

## lint: rustfmt and clippy (native, and the widget for wasm32), warnings as errors
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p role-quiz --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native:
	cargo test -p role-quiz-core -p role-quiz-server -- --nocapture

## test-wasm: the component tests in headless Chromium, then in Firefox ESR
## (wasm-bindgen's runner takes GECKODRIVER before CHROMEDRIVER)
test-wasm:
	cargo test -p role-quiz --target wasm32-unknown-unknown
	GECKODRIVER="$$(command -v geckodriver)" cargo test -p role-quiz --target wasm32-unknown-unknown

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

## test-engines: the journeys in Chromium, Firefox ESR and WebKitGTK (ENGINES=webkit for one);
## MiniBrowser needs a display, so the run gets a virtual one
test-engines:
	xvfb-run -a node --test --test-concurrency=1 tests/engines/

## bench: shipped sizes and start-up times in headless Chromium
bench: test-tools build server
	cd bench/yew-floor && trunk build --release
	cd bench/yew-floor && trunk build --release --features counter --dist ../../target/bench-yew-counter
	node scripts/bench.mjs

clean:
	cargo clean
	rm -rf dist
