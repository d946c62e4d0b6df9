#!/usr/bin/env bash
# Runs every test: native Rust tests, Rust tests in headless Chromium, the release build, and the
# end-to-end tests against that build. Expects scripts/setup.sh to have run (`make test` does).
# Usage: scripts/test.sh [stage...]   stages: engine-deps native wasm build e2e (default: all, in that order)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

timed() {
  local name=$1 start=$SECONDS
  shift
  printf '\n==> %s\n' "$name"
  "$@"
  printf '==> %s: done in %ss\n' "$name" "$((SECONDS - start))"
}

# The whole workspace natively: the engine's vector and property tests (engine/tests), the
# worker's service and the app's reducer (unit tests), doctests.
native() {
  cargo test --workspace
}

# The engine has no web crates anywhere in its dependency tree (issue 11): a rule the build
# enforces, not a convention. Checked for the wasm target too, where web crates would matter.
engine_deps() {
  local target found=0
  for target in "" wasm32-unknown-unknown; do
    local tree
    tree="$(cargo tree -p kjd-engine -e normal --prefix none ${target:+--target "$target"})"
    if grep -E '^(web-sys|js-sys|wasm-bindgen|gloo|yew)[ -]' <<<"$tree"; then
      echo "error: the engine (engine/) depends on the web crates above${target:+ (target $target)}" >&2
      found=1
    fi
  done
  return "$found"
}

# Every tests/browser_*.rs, named explicitly: the other integration tests read vector files from
# disk and cannot be built for wasm.
wasm() {
  local args=() file
  for file in tests/browser_*.rs; do
    [ -e "$file" ] || continue
    args+=(--test "$(basename "$file" .rs)")
  done
  if [ "${#args[@]}" -eq 0 ]; then
    echo "no tests/browser_*.rs" >&2
    return 1
  fi
  cargo test --target wasm32-unknown-unknown "${args[@]}"
}

build() {
  trunk build --release
  echo "dist/ (bytes, gzip -9 bytes):"
  local file
  find dist -type f -not -path '*/.*' | sort | while read -r file; do
    printf '  %-40s %9s %9s\n' "${file#dist/}" "$(wc -c <"$file")" "$(gzip -9c "$file" | wc -c)"
  done | awk '{ print; raw += $2; gz += $3 } END { printf "  %-40s %9d %9d\n", "total", raw, gz }'
}

# Playwright + Debian's Chromium against dist/, served under a sub-path (tests/e2e/harness.mjs).
e2e() {
  node --test tests/e2e/
}

stages=("$@")
[ "${#stages[@]}" -gt 0 ] || stages=(engine-deps native wasm build e2e)
total=$SECONDS
for stage in "${stages[@]}"; do
  case "$stage" in
    engine-deps) timed "engine has no web dependencies (cargo tree)" engine_deps ;;
    native) timed "native tests (cargo test --workspace)" native ;;
    wasm) timed "browser tests (cargo test --target wasm32-unknown-unknown)" wasm ;;
    build) timed "release build (trunk build --release)" build ;;
    e2e) timed "end-to-end tests (node --test tests/e2e/)" e2e ;;
    *) echo "unknown stage: $stage" >&2; exit 2 ;;
  esac
done
printf '\n==> all requested stages passed in %ss\n' "$((SECONDS - total))"
