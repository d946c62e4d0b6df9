# Entry points. The steps themselves live in scripts/ so they can be read and run one by one.
.DEFAULT_GOAL := help
.PHONY: help setup serve build test test-native test-wasm test-e2e bench fuzz

help:
	@echo "make serve   install tools if missing, then serve the app on http://127.0.0.1:8080"
	@echo "make test    install tools if missing, then run every test (native, browser, e2e)"
	@echo "make build   release build into dist/ (static files, host under any path)"
	@echo "make test-native | test-wasm | test-e2e   one kind of test"
	@echo "make bench | fuzz   benchmarks / fuzzing (scripts/bench.sh, scripts/fuzz.sh)"

setup:
	scripts/setup.sh

serve: setup
	scripts/serve.sh

build: setup
	scripts/test.sh build

test: setup
	scripts/test.sh

test-native:
	scripts/test.sh native

test-wasm: setup
	scripts/test.sh wasm

test-e2e: setup
	scripts/test.sh build e2e

bench: setup
	@if [ -f scripts/bench.sh ]; then bash scripts/bench.sh; else echo "scripts/bench.sh does not exist yet" >&2; exit 1; fi

fuzz:
	@if [ -f scripts/fuzz.sh ]; then bash scripts/fuzz.sh; else echo "scripts/fuzz.sh does not exist yet" >&2; exit 1; fi
